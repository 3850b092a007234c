// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace axsim::workloads {

/// A trace that cannot be read: the message names the file, the layer (when known), the byte
/// offset and what was expected there.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One layer section: a JSON header (kept as text so this header stays light) and named binary
/// blobs (e.g. "codes", "values", "encoded", "input").
struct TraceLayer {
  std::string name;
  std::string header_json;
  std::map<std::string, std::vector<std::uint8_t>> blobs;
};

/// A whole trace: the file header's JSON (provenance: source model and hash, recipe, seed,
/// axsim version, layer table) and the layer sections.
struct Trace {
  std::string header_json;
  std::vector<TraceLayer> layers;
};

/// The on-disk format (docs/trace-format.md), all integers little-endian:
///   file:    "AXSTRACE" (8 bytes), u32 format_version, u32 header_len, header JSON,
///            u32 crc32(header JSON), u32 layer_count, then layer_count sections
///   section: "AXLY" (4 bytes), u32 name_len, name, u32 header_len, header JSON,
///            u32 blob_count, blob_count x (u32 name_len, name, u64 size, bytes),
///            u32 crc32 of everything in the section after "AXLY" up to the CRC
/// CRC-32 is the IEEE 802.3 polynomial (Boost.CRC crc_32_type).
/// Version 2: layer sections hold only what the hardware stores (one or more weight encodings,
/// the quantized inputs, the fixed-point rule); version 1 also held a dense int8 weight copy.
inline constexpr std::uint32_t kTraceFormatVersion = 2;

void write_trace(const std::string& path, const Trace& trace);  ///< throws TraceError on I/O
/// Reads and verifies every magic, length and CRC; a truncated or corrupted file throws
/// TraceError naming the file, the layer and the offset.
Trace read_trace(const std::string& path);
/// The same over bytes already in memory (`path` is used in messages only).
Trace read_trace_bytes(const std::string& path, const std::uint8_t* data, std::size_t size);

/// Fuzzing only (the trace fuzz harness sets it): when false, stored CRCs are read but not
/// compared, so mutated bytes reach the parsers behind them. Process-wide; true by default.
/// Never clear it outside a fuzz harness: damaged files would then be read without notice.
void set_trace_crc_checks(bool enabled);

}  // namespace axsim::workloads
