// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace axsim::workloads::cpu {

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

}  // namespace axsim::workloads::cpu
