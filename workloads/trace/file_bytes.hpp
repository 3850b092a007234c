// SPDX-License-Identifier: Apache-2.0
// Reading support for trace files: the file's bytes (mapped or read) and their CRC-32.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace axsim::workloads::trace_detail {

/// CRC-32 (IEEE 802.3, reflected; equal to boost::crc_32_type) eight bytes per step ("slicing
/// by 8"): reading verifies every byte of a trace, and a cached workload is read on every run.
std::uint32_t crc32(std::span<const std::uint8_t> bytes);

/// A trace's bytes: a regular file is mapped read-only (no copy and no zero-filled buffer), any
/// other file read whole. Our writers replace a trace by renaming a new file over it, so a
/// mapped file never shrinks under us. Throws TraceError naming the file when it cannot be read.
class FileBytes {
 public:
  explicit FileBytes(const std::string& path);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  std::span<const std::uint8_t> bytes() const;

 private:
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::vector<std::uint8_t> data_;
};

}  // namespace axsim::workloads::trace_detail
