// SPDX-License-Identifier: Apache-2.0
// What keeps two runs' totals from being compared (`axsim compare`): a different layer set,
// technology node or clock; and the per-layer comparison over the layers both ran.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tools/axsim/result_table.hpp"

namespace axsim::results {
class ResultsDb;
}

namespace axsim::tools {

struct ComparedRun;
struct Comparison;

/// One layer of a run, as the per-layer comparison reads it (layer_totals).
struct LayerResult {
  std::string name;
  std::int64_t dense_macs = 0, cycles = 0;
  double time_s = 0, energy_pj = 0;
};

/// The layers of run `id`, in order.
std::vector<LayerResult> load_layers(results::ResultsDb& db, std::int64_t id);

/// Why `run`'s totals do not compare with `base`'s, one sentence each (empty: they do): the
/// layer sets differ (names or MACs), or the technology node, or the clock. With
/// `check_layers` false the layer set is left out (a per-layer comparison keeps to the common
/// layers).
std::vector<std::string> comparison_problems(const ComparedRun& run, const ComparedRun& base,
                                             bool check_layers = true);

/// What a comparison's tables should not hide: every difference of a run from its baseline
/// (comparison_problems, each once; the baseline found by ComparedRun::baseline_id) and the runs
/// with layers that do not fit their design.
struct ComparisonWarnings {
  std::vector<std::string> problems;
  std::vector<const ComparedRun*> infeasible;
};
ComparisonWarnings comparison_warnings(const Comparison& c, bool check_layers);

/// Per layer both runs ran (same name and MACs), for every run against its baseline: cycles,
/// time, energy, speedup and energy ratio; then a row per run summing those common layers.
ResultTable layer_comparison(const Comparison& c);

}  // namespace axsim::tools
