// SPDX-License-Identifier: Apache-2.0
// A sweep spec (docs/sweeps.md): base configs and axes over config keys, expanded into points.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "results/results_db.hpp"

namespace axsim::tools {

/// One parameter of one point: the config key it sets and the value.
struct Assignment {
  std::string param;        ///< column name in the sweep view
  std::string key;          ///< config key, "unit.params.num_pes" or a JSON pointer
  std::string value_json;   ///< the value as JSON text, as given to --set
  results::SqlValue value;  ///< the value as stored in run_params
};

struct SweepPoint {
  std::int64_t index = 0;   ///< position in the expansion, from 0
  std::string config_path;  ///< the base config (resolved against the spec's folder)
  std::vector<Assignment> assignments;
  /// The --set overrides that make the point's config from its base config.
  std::vector<std::string> overrides() const;
};

struct SweepSpec {
  std::string path, json, hash;  ///< the file, its canonical JSON and FNV-1a hash
  std::string name, description;
  std::uint64_t seed = 1;      ///< seeds the random axes
  bool check = false;          ///< compare every layer with the reference (like run --check)
  std::string store = "full";  ///< full | layers (no stats, histograms or actions)
  std::vector<results::SweepParam> params;
  std::vector<SweepPoint> points;  ///< every point, in order: the first axis varies slowest
};

/// Reads, validates (every problem at once, with the JSON path) and expands a spec; throws
/// sim::ConfigError.
SweepSpec load_sweep_spec(const std::string& path);

/// "i/N" with 1 <= i <= N; throws sim::ConfigError.
std::pair<int, int> parse_shard(const std::string& text);

}  // namespace axsim::tools
