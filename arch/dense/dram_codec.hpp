// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstddef>
#include <cstdint>

#include "arch/slot_registry.hpp"

namespace axsim::arch::dense {

/// How one block of values crosses the DRAM interface: a sub-component slot, chosen by the dense
/// unit's `dram_compression` key. An instance sizes one block from the values added to it.
class DramCodec {
 public:
  virtual ~DramCodec() = default;
  virtual void add(const std::int16_t* values, std::size_t n) = 0;
  virtual void add(const std::int32_t* values, std::size_t n) = 0;
  /// The block's bytes on the interface, given its uncompressed size.
  virtual std::uint64_t bytes(std::uint64_t raw_bytes) const = 0;
};

/// The implementations by name; each is made with the block's value width in bits.
using DramCodecs = SlotRegistry<DramCodec, int>;

}  // namespace axsim::arch::dense
