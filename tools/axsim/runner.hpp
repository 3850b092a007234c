// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "results/results_db.hpp"

namespace axsim::tools {

struct RunCaches;

struct RunOptions {
  std::string config_path;
  std::vector<std::string> overrides;   ///< --set KEY=VALUE
  std::string workload;                  ///< --workload, overrides the config's
  std::string db_path = "axsim.db";
  bool check = false;                    ///< compare every layer with the reference
  results::RunInfo tags;  ///< sweep id, point index, params (and a precomputed run key)
  RunCaches* caches = nullptr;    ///< shared workloads and file hashes (sweeps)
  bool no_cache = false;          ///< --no-cache: compress built-in workloads afresh
  bool progress = false;          ///< layer k of n on stderr, when it is a terminal
};

struct RunResult {
  std::int64_t run_id = 0;
  std::string status = "failed";         ///< complete | failed
  std::string error;
  int exit_code = 0;                     ///< 0 ok, 1 simulation failed, 2 bad input
  std::string unit, config_name, workload, tech_node;
  double clock_hz = 0, wall_seconds = 0, area_mm2 = 0;
  std::uint64_t events = 0;
  std::uint64_t sim_ticks_ps = 0;        ///< simulated time summed over layers
  results::RunInfo info;                     ///< what was stored as the run's identity
  std::vector<results::ComponentRow> components;
  std::vector<results::PhaseRecord> layers;
  std::vector<results::TaskMetric> task_metrics;  ///< the config's task, scored after the layers
};

/// Runs one config end to end: validate, build, simulate layer by layer, store in SQLite.
/// Never throws for bad input: the error is in the result (and in the run's 'failed' row).
RunResult run(const RunOptions& options);

/// Runs one config completely in memory (a sweep point); never throws: a failure is a record
/// with status 'failed' and the error.
/// `exit_code`, when given, gets the exit code `axsim run` would have: 0, 2 for bad input
/// (a ConfigError, including an unreadable trace), 1 for any other failure.
results::RunRecord run_in_memory(const RunOptions& options, int* exit_code = nullptr);

/// The run's key: FNV-1a of the effective config, the axsim version and the bytes of the tech
/// table, recipe and trace it reads. Throws ConfigError when the config cannot be read.
std::string run_key(const RunOptions& options);

/// The per-layer table (cycles, time, energy, utilization) and totals.
std::string format_table(const RunResult& r);
std::string format_json(const RunResult& r);

}  // namespace axsim::tools
