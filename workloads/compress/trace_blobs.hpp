// SPDX-License-Identifier: Apache-2.0
// Tables of 32-bit little-endian values in a trace layer's blobs, as the writer packs them and
// the reader checks them (workloads/compress only).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

template <class T>
std::vector<std::uint8_t> pack_le32(const std::vector<T>& values) {
  static_assert(sizeof(T) == 4);
  std::vector<std::uint8_t> out(values.size() * 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &values[i], 4);
    for (int b = 0; b < 4; ++b) out[4 * i + std::size_t(b)] = static_cast<std::uint8_t>(bits >> (8 * b));
  }
  return out;
}

/// The blob `name` of `size` bytes; TraceError naming the file and layer if missing or sized
/// otherwise.
const std::vector<std::uint8_t>& trace_blob(const TraceLayer& l, const std::string& name,
                                            std::uint64_t size, const std::string& path);

/// A table blob of `count` little-endian 32-bit values (int32 or float32); none read when 0.
template <class T>
std::vector<T> trace_table(const TraceLayer& tl, const std::string& name, std::size_t count,
                           const std::string& path) {
  static_assert(sizeof(T) == 4);
  std::vector<T> out(count);
  if (count == 0) return out;
  const auto& bytes = trace_blob(tl, name, std::uint64_t(count) * 4, path);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b) bits |= std::uint32_t(bytes[4 * i + std::size_t(b)]) << (8 * b);
    std::memcpy(&out[i], &bits, 4);
  }
  return out;
}

}  // namespace axsim::workloads
