// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace axsim::tools {

struct CpuTraceOptions {
  std::string action;  ///< pack | show | champsim | import-champsim | simpoints | windows
  std::string input, output;
  std::string program;  ///< pack: the traced program as named on its command line
  std::vector<std::string> args;
  std::string start = "main";
  std::uint64_t skip = 0;
  std::vector<std::string> meta;  ///< KEY=VALUE
  std::uint64_t list = 0;         ///< show: the first N instructions, disassembled
  bool load_type = false;         ///< champsim, import-champsim: the newer 65-byte records
  std::string windows;            ///< pack: the simpoints file the windows were traced from
  std::uint64_t interval = 0;     ///< simpoints: instructions per interval (axtrace --bbv)
  std::uint32_t max_k = 10;       ///< simpoints: clusters tried
  std::uint64_t warmup = 0;       ///< simpoints: warm-up instructions before each simpoint
  std::uint64_t seed = 1;         ///< simpoints: the projection's and k-means' seed
};

/// `axsim cputrace pack RAW -o FILE.axct`: axtrace's raw stream (tools/axtrace) decoded and
/// written in axsim's CPU trace format (docs/cpu-traces.md). `axsim cputrace show FILE.axct`: its
/// header, instruction mix, memory accesses and branches (and, with --list N, the first N
/// instructions). `axsim cputrace champsim FILE.axct -o OUT.xz`: the same instructions as a
/// ChampSim trace (workloads/cpu/champsim.hpp); `axsim cputrace import-champsim IN.xz -o
/// FILE.axct`, a ChampSim trace as a CPU trace (what it lacks is inferred); `axsim cputrace
/// simpoints BBV -o FILE.json --interval N`, SimPoint-style windows from axtrace --bbv's vectors
/// (workloads/cpu/simpoints.hpp), and `axsim cputrace windows FILE.json`, them as axtrace's
/// --windows list. Exit 2 on bad input, naming the file and the
/// offset.
int cputrace_command(const CpuTraceOptions& opt);

}  // namespace axsim::tools
