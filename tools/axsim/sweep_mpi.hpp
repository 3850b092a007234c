// SPDX-License-Identifier: Apache-2.0
// `axsim sweep --mpi`: the sweep on MPI ranks (docs/sweeps.md). Rank 0 plans, hands points out
// one message at a time as ranks ask (so slow points idle no one), and is the only writer of
// the database; the other ranks simulate on their -j threads and send the finished records
// back. Without MPI at build time every call refuses with a clear error.
#pragma once
#include <cstdint>
#include <memory>

#include "tools/axsim/sweep_job.hpp"

namespace axsim::tools {

/// MPI_Init_thread on construction, MPI_Finalize on destruction; throws ConfigError when the
/// build has no MPI.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Rank 0's value of `v` on every rank (MPI_Bcast).
  std::int64_t broadcast(std::int64_t v) const;

 private:
  int rank_ = 0, size_ = 1;
};

/// Rank 0: simulates on `rank0_jobs` threads of its own (0 = only coordinate) and hands the
/// rest of `work.to_run` to the other ranks; stores through `writer`. False when a signal
/// stopped it (finished points staged).
bool run_on_mpi_rank0(const MpiSession& mpi, SweepWork& work, unsigned rank0_jobs,
                      RunCaches& caches, SweepWriter& writer, SweepProgress& progress);

/// Any other rank: asks rank 0 for points, simulates them on `jobs` threads and sends the
/// records back, until rank 0 says there is nothing left.
void run_mpi_worker(const SweepSpec& spec, const SweepPlan& plan, const SweepOptions& opt,
                    std::int64_t sweep_id, unsigned jobs, RunCaches& caches);

}  // namespace axsim::tools
