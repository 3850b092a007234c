// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace axsim::workloads::cpu {

/// The xz preset of the CPU trace files axsim writes: on 83.5 M instructions of bzip2, preset 1
/// wrote 18x faster than preset 6 for a file 13 % larger (docs/cpu-traces.md).
inline constexpr std::uint32_t kTraceXzPreset = 1;

/// Writes one xz stream (liblzma, CRC-64 check) to a file: into PATH.tmp as bytes come, renamed
/// to PATH by finish(); destroyed unfinished, it removes PATH.tmp, so a failed write leaves
/// nothing behind. Throws sim::ConfigError naming the file when it cannot write.
class XzFileWriter {
 public:
  XzFileWriter(const std::string& path, std::uint32_t preset);
  ~XzFileWriter();
  XzFileWriter(const XzFileWriter&) = delete;
  XzFileWriter& operator=(const XzFileWriter&) = delete;
  void write(std::span<const std::uint8_t> bytes);
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Decompresses one xz stream held in memory, piece by piece, with a 256 MiB memory limit.
/// Damage throws std::runtime_error with the reason; the caller names the file and the offset.
class XzDecoder {
 public:
  explicit XzDecoder(std::span<const std::uint8_t> in);
  ~XzDecoder();
  XzDecoder(const XzDecoder&) = delete;
  XzDecoder& operator=(const XzDecoder&) = delete;
  /// Fills the start of `out` with the next decompressed bytes; returns how many (0 once the
  /// stream has ended).
  std::size_t decode(std::span<std::uint8_t> out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace axsim::workloads::cpu
