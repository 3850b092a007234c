// SPDX-License-Identifier: Apache-2.0
// `axsim compare`: complete runs (a sweep's points or explicit ids) side by side, with speedup,
// energy and EDP ratios against a baseline per workload, an optional Pareto front and a plot.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tools/axsim/compare_guard.hpp"
#include "tools/axsim/result_table.hpp"

namespace axsim::results {
class ResultsDb;
}

namespace axsim::tools {

struct CompareOptions {
  std::string db_path = "axsim.db";
  std::string sweep;                 ///< compare this sweep's complete points ...
  std::string where;                 ///< ... filtered by this SQL expression over its view
  std::vector<std::int64_t> runs;    ///< or these runs, in this order
  std::string baseline;              ///< "" (first run per workload), a run id, or KEY=VALUE,...
  std::vector<std::string> metrics;  ///< metric columns to print; empty = the default set
  std::string pareto;                ///< "X,Y", each optionally "max:METRIC"
  std::string plot;                  ///< FILE.png or FILE.svg; FILE.gp and FILE.dat are kept
  std::string x, y, color;           ///< plot axes (metric or parameter) and grouping parameter
  bool logx = false, logy = false;
  std::string format = "table";
  bool force = false;   ///< compare runs whose layers, technology or clock differ (warns)
  bool layers = false;  ///< per layer, on the layers each run shares with its baseline
  bool quiet = false;   ///< no warnings on stderr (the caller reports the problems itself)
};

/// One compared run with its totals and its ratios against its baseline.
struct ComparedRun {
  std::int64_t run_id = 0;
  std::string workload, unit, config_name, tech_node;
  std::vector<results::SqlValue> params;  ///< in Comparison::param_names order (NULL when unset)
  std::int64_t cycles = 0, dense_macs = 0, useful_macs = 0, infeasible_layers = 0;
  double time_s = 0, energy_pj = 0, area_mm2 = 0, edp_pj_s = 0;
  double clock_mhz = 0;              ///< cycles / time
  std::vector<LayerResult> layers;  ///< what the run ran, layer by layer
  std::int64_t baseline_id = 0;
  double speedup = 0, energy_ratio = 0, edp_ratio = 0;
  bool pareto = false;
};

struct Comparison {
  std::string title;                              ///< "sweep NAME" or "runs 1,2,3"
  std::vector<std::string> param_names;           ///< the parameter columns
  std::map<std::string, std::string> param_keys;  ///< parameter -> the config key it sets
  std::vector<ComparedRun> runs;                  ///< the selection, in order
  std::vector<ComparedRun> baselines;             ///< one per workload, by workload
};

/// A metric to minimise, or to maximise with a "max:" prefix.
struct Objective {
  std::string name;
  bool maximize = false;
};
Objective parse_objective(const std::string& text);

/// Selects the runs, finds each workload's baseline and computes the ratios. Throws UsageError
/// for an unknown sweep, run or parameter, a bad --where, no complete run, a baseline
/// selector that matches no run or several runs of a workload, or runs whose totals do not
/// compare with their baseline's (comparison_problems; --force warns instead, --layers keeps
/// to the common layers).
Comparison load_comparison(results::ResultsDb& db, const CompareOptions& options);

/// Which points are Pareto-optimal: no other point is at least as good in both coordinates and
/// better in one. Equal points are all kept; points with a NaN coordinate never are.
std::vector<bool> pareto_front(const std::vector<std::pair<double, double>>& points,
                               bool maximize_x, bool maximize_y);

/// Marks ComparedRun::pareto per workload; checks the objectives name known metrics or numeric
/// parameters.
void mark_pareto(Comparison& c, const Objective& x, const Objective& y);

/// The value of a metric (cycles, time_s, ..., speedup) or of a parameter; NaN when a parameter
/// is not a number. Throws UsageError for a name that is neither.
double value_of(const Comparison& c, const ComparedRun& run, const std::string& name);

/// An axis label: a metric with its unit, a parameter with the config key it sets.
std::string label_of(const Comparison& c, const std::string& name);

/// The printed table: run_id, unit, config_name, parameters, workload, baseline, metrics,
/// infeasible_layers, [pareto].
ResultTable comparison_table(const Comparison& c, const std::vector<std::string>& metrics,
                             bool with_pareto);

/// `axsim compare`; returns the exit code (0 ok, 2 bad input, 1 other failure such as gnuplot).
int compare_command(const CompareOptions& options);

}  // namespace axsim::tools
