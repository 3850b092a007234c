// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/sweep_local_workers.hpp"

namespace axsim::tools {

void LocalWorkers::start(unsigned n, Next next) {
  for (unsigned t = 0; t < n; ++t)
    threads_.emplace_back([this, next] {
      while (sweep_signal() == 0) {
        const auto task = next();
        if (!task) return;
        Finished f{task->first,
                   run_sweep_point(spec_, plan_, task->second, sweep_id_, opt_, caches_)};
        std::lock_guard lock(mutex_);
        done_.push_back(std::move(f));
        ready_.notify_all();
      }
    });
}

std::vector<Finished> LocalWorkers::collect(std::chrono::microseconds wait) {
  std::unique_lock lock(mutex_);
  if (done_.empty() && wait.count() > 0) ready_.wait_for(lock, wait);
  return std::exchange(done_, {});
}

void LocalWorkers::join() {
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void LocalWorkers::detach() {
  for (std::thread& t : threads_) t.detach();
  threads_.clear();
}

}  // namespace axsim::tools
