// SPDX-License-Identifier: Apache-2.0
// Threads that simulate sweep points and collect the finished ones: all of a one-machine sweep,
// and each MPI rank's share of an MPI one.
#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "tools/axsim/sweep_job.hpp"

namespace axsim::tools {

class LocalWorkers {
 public:
  /// The next (pending position, spec point) to simulate, or none: the thread then ends.
  using Next = std::function<std::optional<std::pair<std::size_t, std::size_t>>()>;
  LocalWorkers(const SweepSpec& spec, const SweepPlan& plan, const SweepOptions& opt,
               std::int64_t sweep_id, RunCaches& caches)
      : spec_(spec), plan_(plan), opt_(opt), sweep_id_(sweep_id), caches_(caches) {}
  LocalWorkers(const LocalWorkers&) = delete;
  LocalWorkers& operator=(const LocalWorkers&) = delete;
  ~LocalWorkers() { join(); }
  /// Starts `n` threads; each takes from `next` until it has nothing or a signal came.
  void start(unsigned n, Next next);
  /// What has finished, waiting up to `wait` for something.
  std::vector<Finished> collect(std::chrono::microseconds wait);
  /// Waits for the threads to end.
  void join();
  /// Lets the threads run on unattended: only before the process exits at once.
  void detach();

 private:
  const SweepSpec& spec_;
  const SweepPlan& plan_;
  const SweepOptions& opt_;
  std::int64_t sweep_id_;
  RunCaches& caches_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<Finished> done_;
  std::vector<std::thread> threads_;
};

}  // namespace axsim::tools
