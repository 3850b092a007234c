// SPDX-License-Identifier: Apache-2.0
// Reading what `axsim compare` and `axsim report` compare out of the results db: a sweep's
// points or listed runs, with their totals, parameters and layers.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tools/axsim/compare_command.hpp"

namespace axsim::tools {

std::string joined(const std::vector<std::string>& items, const char* sep = ", ");

/// The sweep's id; throws UsageError naming the stored sweeps when there is none of that name.
std::int64_t sweep_id_of(results::ResultsDb& db, const std::string& name);
/// The sweep's parameter names and keys, in spec order, into `c`.
void load_sweep_params(results::ResultsDb& db, std::int64_t sweep_id, Comparison& c);
/// The complete points of a sweep, by point index, optionally filtered by a WHERE expression
/// over its view (plus `workload`); a --where SQLite rejects is reported with its columns.
std::vector<std::int64_t> sweep_run_ids(results::ResultsDb& db, const std::string& sweep,
                                        const std::vector<std::string>& params,
                                        const std::string& where);
using ParamList = std::vector<std::pair<std::string, results::SqlValue>>;
/// A run's parameters in its sweep's order, recording the config key each one sets.
ParamList load_params(results::ResultsDb& db, std::int64_t id,
                      std::map<std::string, std::string>& keys);
/// A complete run's totals, parameters (in `c.param_names` order) and layers; throws UsageError
/// for an unknown or incomplete run.
ComparedRun load_run(results::ResultsDb& db, std::int64_t id, Comparison& c);
std::vector<ComparedRun> load_runs(results::ResultsDb& db, const std::vector<std::int64_t>& ids,
                                   Comparison& c);
/// Explicit runs get the union of their parameters as columns, in order of appearance.
void collect_param_names(results::ResultsDb& db, const std::vector<std::int64_t>& ids,
                         Comparison& c);
/// The runs' workloads in order of appearance.
std::vector<std::string> workloads_of(const std::vector<ComparedRun>& runs);

}  // namespace axsim::tools
