// SPDX-License-Identifier: Apache-2.0
// Little-endian integers in byte buffers, as every file format of the front-end stores them
// (compressed traces, CPU traces, axtrace's raw stream, ChampSim records, CSC files).
#pragma once
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace axsim::workloads {

/// Writes the low `n` bytes of `v` (n <= 8) at `p`, least significant first.
inline void store_le(std::uint8_t* p, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
/// Appends them.
inline void append_le(std::vector<std::uint8_t>& out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
/// Appends `v` in its own width.
template <class T>
inline void append_le(std::vector<std::uint8_t>& out, T v) {
  append_le(out, static_cast<std::uint64_t>(v), int(sizeof(T)));
}
/// The value of the 8 bytes at `p`, least significant first, as one load.
inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}
/// The value of the `n` bytes at `p` (n <= 8), least significant first.
inline std::uint64_t load_le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

}  // namespace axsim::workloads
