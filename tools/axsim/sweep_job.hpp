// SPDX-License-Identifier: Apache-2.0
// What one `axsim sweep` invocation runs, shared by its engines: threads on one machine
// (sweep_threads.cpp) and MPI ranks (sweep_mpi.cpp). Every engine stores through SweepWriter,
// in point order, so the database does not depend on the engine, -j or the rank count.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "results/results_db.hpp"
#include "tools/axsim/run_cache.hpp"
#include "tools/axsim/sweep_command.hpp"
#include "tools/axsim/sweep_spec.hpp"

namespace axsim::tools {

/// The spec's points keyed, deduplicated and sharded; every MPI rank computes the same plan.
struct SweepPlan {
  std::vector<std::string> keys;    ///< per point of the spec
  std::size_t duplicates = 0;       ///< points with the key of an earlier point, dropped
  std::vector<std::size_t> points;  ///< indices of the spec's points in this shard, deduplicated
};

/// Keys every point; a key path that the base config lacks is a spec error (ConfigError).
SweepPlan plan_sweep(const SweepSpec& spec, RunCaches& caches, int shard_i, int shard_n);

/// A point to store, in order: the spec's point and the failed or interrupted row it replaces.
struct Pending {
  std::size_t point = 0;
  std::optional<std::int64_t> replaces;
};

/// A finished point at its position in the pending list.
struct Finished {
  std::size_t position = 0;
  results::ResultsDb::FinishedPoint point;
  bool staged = false;  ///< already in sweep_staged (restored from an interrupted run)
};

/// Simulates spec point `point` of sweep `sweep_id` in memory; `replaces` is left empty (the
/// writer sets it from the pending list).
results::ResultsDb::FinishedPoint run_sweep_point(const SweepSpec& spec, const SweepPlan& plan,
                                                  std::size_t point, std::int64_t sweep_id,
                                                  const SweepOptions& opt, RunCaches& caches);

/// Positions (into `pending`) to simulate, in order, and the work they are handed to.
struct SweepWork {
  const SweepSpec& spec;
  const SweepPlan& plan;
  const SweepOptions& opt;
  std::int64_t sweep_id = 0;
  std::vector<Pending> pending;
  std::vector<std::size_t> to_run;
};

class SweepWriter;
class SweepProgress;

/// Runs `work.to_run` on `jobs` threads, storing through `writer`. False when a signal stopped
/// it (finished points are staged; threads still run: the caller exits at once).
bool run_on_threads(SweepWork& work, unsigned jobs, RunCaches& caches, SweepWriter& writer,
                    SweepProgress& progress);

/// The signal that stopped the sweep (SIGINT, SIGTERM), 0 while none; set by the handler
/// sweep_command.cpp installs.
int sweep_signal();
void stop_sweep(int signal);

}  // namespace axsim::tools
