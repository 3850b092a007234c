// SPDX-License-Identifier: Apache-2.0
// Memos shared by the points of a sweep: building a workload (pruning and quantizing a model)
// can take longer than simulating it, and every point with the same workload gets the same one.
#pragma once
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "workloads/layer.hpp"

namespace axsim::tools {

/// Thread-safe memo: the first caller of a key builds the value, later callers (on any thread)
/// wait for it and share it. A build that throws rethrows to every caller of that key.
template <typename T>
class SharedMemo {
 public:
  using Ptr = std::shared_ptr<const T>;
  Ptr get(const std::string& key, const std::function<T()>& build) {
    std::shared_future<Ptr> future;
    std::optional<std::promise<Ptr>> mine;
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        future = it->second;
      } else {
        future = mine.emplace().get_future().share();
        entries_.emplace(key, future);
      }
    }
    if (mine) {  // built outside the lock: other keys proceed meanwhile
      try {
        mine->set_value(std::make_shared<const T>(build()));
      } catch (...) {
        mine->set_exception(std::current_exception());
      }
    }
    return future.get();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_future<Ptr>> entries_;
};

/// What a sweep's points share.
struct RunCaches {
  SharedMemo<workloads::Workload> workloads;  ///< by workload, seed and recipe
  SharedMemo<std::string> file_hashes;        ///< FNV-1a of a file's bytes, by path
};

}  // namespace axsim::tools
