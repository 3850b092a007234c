// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>

#include "arch/common/dram/dram.hpp"
#include "arch/common/sram_port.hpp"

namespace axsim::arch::scnn {

/// SCNN's configurable parameters; the defaults are the paper's
/// (Parashar et al., ISCA 2017, Table 3).
struct ScnnSpec {
  std::string clock;
  int pe_rows = 8, pe_cols = 8;   ///< the PE grid; the input plane is tiled over it
  int f = 4, i = 4;               ///< F x I multiplier array: F weights x I activations per cycle
  int acc_banks = 32;             ///< A accumulator banks behind the F*I x A scatter crossbar
  int bank_entries = 32;          ///< entries per bank (one of the two accumulator buffers)
  int product_queue_depth = 2;    ///< products each multiplier's queue in front of the crossbar
                                  ///< holds (assumed: the paper says only "arbitrated crossbar")
  int weight_fifo_entries = 50;   ///< weights a PE's FIFO holds
  std::uint64_t iaram_bytes = 10240, oaram_bytes = 10240;
  int data_bits = 16;             ///< stored width of weights and activations (compressed data)
  int index_bits = 4;             ///< zero-run index per stored value
  int accumulator_bits = 24;
  int halo_sums_per_cycle = 1;    ///< partial sums a PE sends to its neighbours per cycle
  int ppu_outputs_per_cycle = 4;  ///< outputs the post-processing unit drains per cycle
  int halo_queue_depth = 4;       ///< halo sums a PE's inbound queue holds (assumed)
  int halo_link_cycles = 1;       ///< cycles from a halo sum's send to its arrival (assumed)
  bool skip_zero_weights = true;      ///< false: SCNN-SparseA (Parashar et al., Table 6)
  bool skip_zero_activations = true;  ///< false: SCNN-SparseW
  DramSpec dram;

  int pes() const { return pe_rows * pe_cols; }
  std::uint32_t entry_bits() const { return std::uint32_t(data_bits + index_bits); }
  /// One accumulator bank (bank_entries accumulator_bits-wide words), read and written in the
  /// same cycle (a product's read-modify-write): one read and one write port.
  SramSpec acc_bank_sram() const {
    const auto bits = std::uint32_t(accumulator_bits);
    return {std::uint64_t(bank_entries) * bits / 8, bits, bits, 1, true};
  }
  /// IARAM and OARAM: one access moves an I-vector of compressed entries.
  SramSpec iaram_sram() const { return {iaram_bytes, std::uint32_t(i) * entry_bits(), entry_bits(), 1}; }
  SramSpec oaram_sram() const { return {oaram_bytes, std::uint32_t(i) * entry_bits(), entry_bits(), 1}; }
  /// The weight FIFO: one access moves an F-vector of compressed entries.
  SramSpec weight_fifo_sram() const {
    return {std::uint64_t(weight_fifo_entries) * entry_bits() / 8, std::uint32_t(f) * entry_bits(),
            entry_bits(), 1};
  }
  int accumulator_entries() const { return acc_banks * bank_entries; }
  /// The most weights a chunk of a block takes in the FIFO: half of it (double buffering: the
  /// next chunk arrives while the PE works on this one), whole F-vectors, at least one.
  int chunk_entries() const { return std::max(f, weight_fifo_entries / 2 / f * f); }
};

}  // namespace axsim::arch::scnn
