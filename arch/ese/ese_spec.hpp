// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/dram/dram.hpp"
#include "arch/common/sram_port.hpp"

namespace axsim::arch::ese {

/// ESE's configurable parameters (Han et al., FPGA 2017). Published second-hand [S]: 32 PEs
/// per channel, activation queues of 8, 200 MHz, two DDR3 channels. Not published, assumed
/// (docs/units/ese.md measures what they cost): the channel count, the buffer sizes, the
/// element-wise units and their depth, the batch.
struct EseSpec {
  std::string clock;
  int channels = 32;
  int pes_per_channel = 32;
  int act_queue_depth = 8;
  /// Each PE's on-chip weight buffer (entries and pointers), split in two halves: one is
  /// read while the next chunk of columns streams into the other.
  std::uint64_t weight_buffer_bytes = 4096;
  int buffer_width_bits = 64;  ///< bits per buffer read (entries per word = width / entry bits)
  int batch = 1;               ///< utterances processed together (one weight fetch serves all)
  int elementwise_units = 32;  ///< LSTM cells (or projection outputs) started per cycle
  int elementwise_latency_cycles = 6;  ///< table read, the multiplies and the adds
  int gate_table_segments = 64;  ///< pieces each sigmoid / tanh table holds
  int gate_bits = 16;            ///< gate values and the element-wise multipliers
  std::uint64_t cell_buffer_bytes = 4096;  ///< the cell states (c) of every cell and utterance
  int multiplier_bits = 16;    ///< weight x activation multipliers
  int accumulator_bits = 48;   ///< exact sums need this many; a layer needing more is reported
  int accumulator_entries = 64;  ///< accumulator registers per PE (gate and projection rows x batch)
  bool weights_resident = false;  ///< fetch each matrix once and keep it, if the buffers hold it
  std::uint64_t fetch_bytes = 4096;  ///< bytes per DRAM request of the weight stream
  DramSpec dram;

  int pes() const { return channels * pes_per_channel; }
  SramSpec cell_buffer() const { return {cell_buffer_bytes, 16, 16, 1}; }
  SramSpec weight_buffer() const {
    return {weight_buffer_bytes, std::uint32_t(buffer_width_bits),
            std::uint32_t(buffer_width_bits), 1};
  }
};

}  // namespace axsim::arch::ese
