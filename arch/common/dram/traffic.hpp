// SPDX-License-Identifier: Apache-2.0
// A synthetic client of one DRAM: streams of requests by pattern, for the DRAM's tests, the
// `axsim dram` command (docs/dram.md) and its benchmark.
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/dram/dram.hpp"

namespace axsim::arch::dram {

struct TrafficSpec {
  /// "sequential": consecutive addresses; "random": uniform over the capacity; "row_conflict":
  /// alternating between two rows of one bank (each request a row conflict).
  std::string pattern = "sequential";
  std::uint64_t requests = 1000;
  std::uint32_t request_bytes = 64;
  bool write = false;
  std::size_t outstanding = 16;  ///< requests in flight at most (1: each waits for the last)
  std::uint64_t seed = 1;
};

struct TrafficResult {
  std::uint64_t cycles = 0;  ///< DRAM cycles from the first request to the last response
  double seconds = 0;
  std::uint64_t bytes = 0;
  double bandwidth_gbps = 0;       ///< GB/s
  double peak_gbps = 0;            ///< the preset's peak over all channels
  double mean_latency_cycles = 0;  ///< request sent to response received
  double median_latency_cycles = 0;
  std::uint64_t activates = 0, reads = 0, writes = 0, refreshes = 0, row_hits = 0;
  std::uint64_t refresh_cycles = 0;  ///< refreshes x tRFC
  std::uint64_t standby_rank_cycles = 0;  ///< active plus precharged standby, all ranks
  std::uint64_t end_cycle = 0;            ///< the DRAM cycle the run ended at
  double energy_pj = 0;              ///< commands and background
  double background_pj = 0;
  double pj_per_bit = 0;
  std::uint64_t events = 0;
};

/// Runs `traffic` against a fresh DRAM of `spec` (a DDR model) until every request is answered.
TrafficResult run_traffic(const DramSpec& spec, const TrafficSpec& traffic);

}  // namespace axsim::arch::dram
