// SPDX-License-Identifier: Apache-2.0
// Trace reading support: the eight-bytes-per-step CRC-32 equals Boost's at every length and
// alignment, and a file's bytes come back the same mapped or read.
#include "workloads/trace/file_bytes.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/crc.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace axsim::workloads::trace_detail::file_bytes_test {
namespace {

std::vector<std::uint8_t> pseudo_random_bytes(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::uint32_t x = 1;
  for (auto& b : v) x = x * 1103515245u + 12345u, b = std::uint8_t(x >> 16);
  return v;
}

TEST(TraceCrc32, EqualsBoostAtEveryLengthAndAlignment) {
  const std::vector<std::uint8_t> v = pseudo_random_bytes(4096);
  for (std::size_t off : {0, 1, 3, 7})
    for (std::size_t n : {0, 1, 5, 8, 9, 63, 64, 100, 4000}) {
      boost::crc_32_type boost;
      boost.process_bytes(v.data() + off, n);
      EXPECT_EQ(crc32({v.data() + off, n}), boost.checksum()) << off << " " << n;
    }
  const std::uint8_t check[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(crc32(check), 0xcbf43926u);  // the standard CRC-32 check value
}

TEST(TraceFileBytes, MappedFileReadsBackItsBytes) {
  const std::string path =
      std::filesystem::temp_directory_path() / ("axsim_file_bytes_" + std::to_string(::getpid()));
  const std::vector<std::uint8_t> v = pseudo_random_bytes(100000);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), v.size());
  {
    const FileBytes f(path);
    EXPECT_EQ(std::vector<std::uint8_t>(f.bytes().begin(), f.bytes().end()), v);
  }
  std::remove(path.c_str());
  EXPECT_THROW(FileBytes("/nonexistent/axsim.axt"), TraceError);
}

}  // namespace
}  // namespace axsim::workloads::trace_detail::file_bytes_test
