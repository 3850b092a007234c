// SPDX-License-Identifier: Apache-2.0
// SimPoint-style sampling (Sherwood, Perelman, Hamerly, Calder, ASPLOS 2002; Hamerly et al.,
// "SimPoint 3.0", JILP 2005): basic-block vectors of fixed-length intervals (axtrace --bbv),
// randomly projected, clustered by k-means with k chosen by the BIC, one representative interval
// per cluster weighted by the cluster's share of the run.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::workloads::cpu {

/// A run's basic-block vectors: per interval, (id, count) pairs (SimPoint's .bb format).
struct BbvProfile {
  std::vector<std::vector<std::pair<std::uint32_t, std::uint64_t>>> intervals;
  std::vector<std::uint64_t> instructions;  ///< per interval (the last may be shorter)
  std::uint32_t max_id = 0;
};

/// Parses SimPoint's text format, one line per interval: "T:id:count :id:count ..." (ids from
/// 1). Damage throws sim::ConfigError naming `name` and the line.
BbvProfile parse_bbv(std::span<const std::uint8_t> text, const std::string& name);

struct SimPointOptions {
  std::uint64_t interval = 0;  ///< instructions per interval (what axtrace --bbv was given)
  std::uint32_t max_k = 10;    ///< clusters tried: 1 .. max_k
  std::uint32_t dims = 15;     ///< random projection's dimensions (SimPoint's default)
  double bic_fraction = 0.9;   ///< the smallest k whose BIC reaches this share of the range
  std::uint64_t warmup = 0;    ///< instructions of a warm-up window before each simpoint
  std::uint64_t seed = 1;
};

struct SimPoints {
  std::uint32_t k = 0;
  std::vector<double> bic;           ///< per k tried, from 1
  std::vector<std::uint32_t> label;  ///< each interval's cluster
  std::vector<CpuWindow> windows;    ///< simpoints (and warm-ups), in order of their first
};

/// Chooses simpoints: each interval's vector normalised to sum 1, projected onto `dims` random
/// directions (uniform in [-1, 1], from the seed), k-means (k-means++ seeding, Lloyd's
/// iterations to convergence) for each k, the BIC of each clustering (Pelleg and Moore's, as
/// SimPoint uses), and per cluster the interval nearest its centre, weighted by the cluster's
/// share of the intervals. Deterministic for a seed. Throws sim::ConfigError for an empty
/// profile or an interval of 0.
SimPoints choose_simpoints(const BbvProfile& profile, const SimPointOptions& options);

/// The windows as JSON ({"axsim_simpoints": 1, "interval", "k", "bic", "windows": [{"first",
/// "count", "weight", "role"}]}) and back; damage throws sim::ConfigError naming `name` and the
/// JSON path.
std::string simpoints_json(const SimPoints& s, const SimPointOptions& options);
std::vector<CpuWindow> parse_simpoint_windows(std::span<const std::uint8_t> text,
                                              const std::string& name);

}  // namespace axsim::workloads::cpu
