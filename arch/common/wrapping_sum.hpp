// SPDX-License-Identifier: Apache-2.0
// The 32-bit two's complement adders of the exact-sum datapaths (dense, SCNN).
#pragma once
#include <cstdint>

namespace axsim::arch {

/// acc + w x a as a 32-bit adder computes it: the product in 64 bits, the sum wrapping modulo
/// 2^32 (a signed int32 overflow would be undefined behaviour in C++). Equal to the exact sum
/// whenever that fits 32 bits, which the reference requires of every output; a damaged or
/// hostile trace can only make the outputs differ, never the simulator misbehave.
inline std::int32_t wrapping_mac(std::int32_t acc, std::int32_t w, std::int32_t a) {
  const std::int64_t product = std::int64_t{w} * a;
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(acc) +
                                   static_cast<std::uint32_t>(product));
}

/// acc + value, wrapping modulo 2^32 as wrapping_mac.
inline std::int32_t wrapping_add(std::int32_t acc, std::int32_t value) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(acc) +
                                   static_cast<std::uint32_t>(value));
}

}  // namespace axsim::arch
