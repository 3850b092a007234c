// SPDX-License-Identifier: Apache-2.0
#include "workloads/trace/file_bytes.hpp"

#include <fcntl.h>     // open, for mmap
#include <sys/mman.h>  // mmap: a trace is read in place
#include <sys/stat.h>  // fstat: is it a regular file, its size
#include <unistd.h>    // close

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "workloads/trace/trace.hpp"

namespace axsim::workloads::trace_detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

std::string errno_text() { return std::strerror(errno); }

struct CrcTables {
  std::uint32_t t[8][256];
  CrcTables() {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (int k = 1; k < 8; ++k)
      for (std::uint32_t i = 0; i < 256; ++i)
        t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
  }
};

}  // namespace

std::uint32_t crc32(Bytes bytes) {
  static const CrcTables tables;
  const auto& t = tables.t;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint32_t crc = 0xffffffffu;
  const auto le32 = [](const std::uint8_t* q) {
    return std::uint32_t{q[0]} | std::uint32_t{q[1]} << 8 | std::uint32_t{q[2]} << 16 |
           std::uint32_t{q[3]} << 24;
  };
  for (; n >= 8; p += 8, n -= 8) {
    const std::uint32_t lo = crc ^ le32(p), hi = le32(p + 4);
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
          t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) crc = t[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

namespace {

std::vector<std::uint8_t> read_whole_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) throw TraceError(path + ": cannot open for reading: " + errno_text());
  // Read in chunks until EOF rather than trusting a size taken beforehand: works for pipes and
  // for files that change size while being read.
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  std::vector<std::uint8_t> data;
  std::size_t got = kChunk;
  while (got == kChunk) {
    const std::size_t old = data.size();
    data.resize(old + kChunk);
    got = std::fread(data.data() + old, 1, kChunk, file.get());
    data.resize(old + got);
  }
  if (std::ferror(file.get())) throw TraceError(path + ": cannot read: " + errno_text());
  return data;
}

}  // namespace

FileBytes::FileBytes(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p =
        ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) map_ = p, size_ = std::size_t(st.st_size);
  }
  if (fd >= 0) ::close(fd);
  if (map_ == nullptr) data_ = read_whole_file(path);
}

FileBytes::~FileBytes() {
  if (map_ != nullptr) ::munmap(map_, size_);
}

Bytes FileBytes::bytes() const {
  return map_ != nullptr ? Bytes(static_cast<const std::uint8_t*>(map_), size_) : Bytes(data_);
}

}  // namespace axsim::workloads::trace_detail
