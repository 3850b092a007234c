// SPDX-License-Identifier: Apache-2.0
// The sweep on the threads of one machine: workers take points in order and simulate them in
// memory; this thread hands whatever has finished to the writer, one transaction a batch.
#include <atomic>
#include <csignal>
#include <memory>

#include "tools/axsim/sweep_job.hpp"
#include "tools/axsim/sweep_local_workers.hpp"
#include "tools/axsim/sweep_writer.hpp"

namespace axsim::tools {

bool run_on_threads(SweepWork& work, unsigned jobs, RunCaches& caches, SweepWriter& writer,
                    SweepProgress& progress) {
  auto next = std::make_shared<std::atomic<std::size_t>>(0);
  auto workers =
      std::make_unique<LocalWorkers>(work.spec, work.plan, work.opt, work.sweep_id, caches);
  workers->start(jobs, [&work, next]() -> std::optional<std::pair<std::size_t, std::size_t>> {
    const std::size_t i = (*next)++;
    if (i >= work.to_run.size()) return std::nullopt;
    return std::pair{work.to_run[i], work.pending[work.to_run[i]].point};
  });
  try {
    while (!writer.done()) {
      std::vector<Finished> batch = workers->collect(std::chrono::milliseconds(250));
      writer.add(batch);  // stages what it cannot store yet, even when a signal came
      if (sweep_signal() != 0 && !writer.done()) {
        // The threads run on, using `workers`, `work` and `caches`, until the caller exits the
        // process at once (it must, see sweep_job.hpp): so `workers` is left alive.
        workers->detach();
        (void)workers.release();
        return false;
      }
      progress.print();
    }
  } catch (...) {  // e.g. the disk is full: stop the workers, keep what is stored
    stop_sweep(SIGTERM);
    workers->join();
    throw;
  }
  workers->join();
  return true;
}

}  // namespace axsim::tools
