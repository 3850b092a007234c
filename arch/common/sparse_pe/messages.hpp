// SPDX-License-Identifier: Apache-2.0
// What flows through a sparse PE (EIE's and ESE's: Han et al., ISCA 2016 and FPGA 2017): an
// input element broadcast to every PE, one column's entries found by the pointer read, and one
// entry on its way to the multiply-accumulate pipeline.
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/encode/encoding.hpp"

namespace axsim::arch::sparse {

/// One entry of the sparse-matrix SRAM: a weight code (0 for a padding zero) and the number of
/// zero rows skipped since the previous entry of the column (the relative index).
using Entry = workloads::SparseEntry;

/// One PE's share of a matrix (or of one output batch of it): its pointer SRAM (cols + 1 entry
/// offsets, column j is entries p_j .. p_{j+1} - 1) and its sparse-matrix entries in column
/// order, as the trace's reader gives them.
using PeSlice = workloads::EiePeImage;

/// A non-zero input element broadcast to every PE. `lane` selects the destination registers
/// (one set per input vector processed together: ESE's batched utterances; EIE has one).
struct ActBroadcast {
  std::uint32_t col = 0;
  std::int16_t value = 0;
  std::uint16_t lane = 0;
};

/// One column's entries in this PE's sparse-matrix SRAM, found by the pointer read unit.
struct ColumnWork {
  std::uint32_t begin = 0, end = 0;
  std::int16_t value = 0;  ///< the element every entry of the column multiplies
  std::uint16_t lane = 0;
};

/// One entry on its way to the multiply-accumulate pipeline.
struct EntryWork {
  Entry entry;
  std::int16_t act = 0;
  std::uint16_t lane = 0;
  bool first_in_column = false;
};

}  // namespace axsim::arch::sparse
