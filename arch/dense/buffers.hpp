// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

#include "arch/common/sram_buffer.hpp"

namespace axsim::arch::dense {

/// The three on-chip buffers of the dense unit, each split in two halves (slots).
struct Buffers {
  SramBuffer<std::int16_t>& weights;
  SramBuffer<std::int16_t>& inputs;
  SramBuffer<std::int32_t>& outputs;

  template <class T>
  static std::size_t slot_base(const SramBuffer<T>& b, int slot) {
    return static_cast<std::size_t>(slot) * (b.capacity_elements() / 2);
  }
};

}  // namespace axsim::arch::dense
