// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace axsim::tools {

/// The most worker threads -j accepts: more than any machine axsim runs on, few enough that a
/// typo cannot ask for millions of threads.
inline constexpr unsigned kMaxJobs = 1024;

struct SweepOptions {
  std::string spec_path;
  std::string db_path = "axsim.db";
  unsigned jobs = 0;          ///< worker threads, at most kMaxJobs; 0 = the machine's cores
  std::string shard;          ///< "i/N": run only points with index % N == i - 1
  bool dry_run = false;       ///< print the points and their run keys, run nothing
  bool retry_failed = false;  ///< rerun points stored as failed
  bool progress = true;       ///< progress line on stderr (only when it is a terminal)
  bool no_cache = false;      ///< compress built-in workloads afresh (no workload cache)
  bool mpi = false;           ///< run on the ranks of an MPI job (mpirun/srun); -j then per rank
  int rank0_jobs = -1;        ///< MPI: rank 0's own worker threads; -1 = -j up to 4 ranks, else 0
};

/// `axsim sweep`: runs every point of the spec not yet stored; returns the exit code (0 all
/// complete, 1 some point failed, 2 bad spec or options, 130 interrupted).
int sweep_command(const SweepOptions& options);

struct MergeOptions {
  std::string output;
  std::vector<std::string> inputs;
};

/// `axsim merge`: copies runs, sweeps and compressions of the inputs into the output db,
/// skipping what it already holds.
int merge_command(const MergeOptions& options);

}  // namespace axsim::tools
