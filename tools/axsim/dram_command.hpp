// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

namespace axsim::tools {

struct DramOptions {
  std::string preset;                  ///< ddr3_1600 | ddr4_2400 | lpddr4_3200
  std::string pattern = "sequential";  ///< sequential | random | row_conflict
  std::uint64_t requests = 10000;
  std::uint32_t bytes = 64;            ///< per request
  std::uint32_t outstanding = 16;
  int channels = 0, ranks = 0;         ///< 0: the preset's
  std::string page = "open";           ///< open | closed
  bool write = false;
  std::uint64_t seed = 1;
};

/// `axsim dram PRESET`: drives the cycle-level DRAM with synthetic traffic and prints what it
/// measured (bandwidth, latency, commands, energy) as one JSON object. Bad input is exit 2.
int dram_command(const DramOptions& opt);

}  // namespace axsim::tools
