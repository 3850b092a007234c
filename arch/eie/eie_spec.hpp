// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sram_port.hpp"

namespace axsim::arch::eie {

/// EIE's configurable parameters; the defaults are the paper's (Han et al., ISCA 2016).
struct EieSpec {
  std::string clock;
  int num_pes = 64;
  int act_queue_depth = 8;             ///< activation FIFO entries per PE
  std::uint64_t spmat_bytes = 131072;  ///< sparse-matrix SRAM per PE (128 KB)
  int spmat_width_bits = 64;           ///< one read returns width / (code + index bits) entries
  std::uint64_t ptr_bytes = 32768;     ///< pointer SRAM per PE, two banks (even/odd columns)
  int pointer_bits = 16;
  std::uint64_t act_sram_bytes = 2048; ///< activation SRAM per PE
  int act_sram_width_bits = 64;
  int regfile_entries = 64;            ///< source and destination register files, each
  int data_bits = 16;                  ///< fixed-point width of weights, activations, sums
  int lnzd_fanin = 4;                  ///< leading-non-zero detection quadtree

  /// The per-PE SRAMs as arrays: sparse matrix (entries of varying width: counted in words),
  /// pointers (two banks read as one pair of pointer_bits each), activations (data_bits values).
  SramSpec spmat_sram() const {
    return {spmat_bytes, std::uint32_t(spmat_width_bits), std::uint32_t(spmat_width_bits), 1};
  }
  SramSpec ptr_sram() const {
    return {ptr_bytes, std::uint32_t(2 * pointer_bits), std::uint32_t(pointer_bits), 1};
  }
  SramSpec act_sram() const {
    return {act_sram_bytes, std::uint32_t(act_sram_width_bits), std::uint32_t(data_bits), 1};
  }

  /// Levels of the LNZD tree over the PEs (3 for 64 PEs: 16 + 4 + 1 nodes).
  int lnzd_levels() const {
    int levels = 0;
    for (long span = 1; span < num_pes; span *= lnzd_fanin) ++levels;
    return levels < 1 ? 1 : levels;
  }
  /// LNZD nodes in the tree (21 for 64 PEs).
  int lnzd_nodes() const {
    int nodes = 0;
    for (long groups = num_pes; groups > 1;) {
      groups = (groups + lnzd_fanin - 1) / lnzd_fanin;
      nodes += static_cast<int>(groups);
    }
    return nodes < 1 ? 1 : nodes;
  }
  /// Rows one output batch covers: every PE's destination register file full.
  std::int64_t batch_rows() const { return std::int64_t(regfile_entries) * num_pes; }
  /// Columns one input chunk covers: every PE's source register file full.
  std::int64_t chunk_cols() const { return std::int64_t(regfile_entries) * num_pes; }
};

}  // namespace axsim::arch::eie
