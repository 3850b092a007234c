// SPDX-License-Identifier: Apache-2.0
// What flows between EIE's pipeline stages.
#pragma once
#include <cstdint>

#include "arch/eie/layer_image.hpp"

namespace axsim::arch::eie {

/// A non-zero input activation broadcast by the central control unit to every PE.
struct ActBroadcast {
  std::uint32_t col = 0;
  std::int16_t value = 0;
};

/// One column's entries in this PE's sparse-matrix SRAM, found by the pointer read unit.
struct ColumnWork {
  std::uint32_t begin = 0, end = 0;
  std::int16_t value = 0;  ///< the activation every entry of the column multiplies
};

/// One entry on its way to the arithmetic unit.
struct EntryWork {
  Entry entry;
  std::int16_t act = 0;
  bool first_in_column = false;
};

}  // namespace axsim::arch::eie
