// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

/// Where and whether compressed built-in workloads are cached (docs/cache.md).
struct WorkloadCacheSettings {
  bool enabled = true;
  std::string dir;                                   ///< the cache folder
  std::uint64_t max_bytes = std::uint64_t{2} << 30;  ///< least recently used entries go beyond it

  /// From the environment: AXSIM_NO_CACHE (set and not "0": disabled), AXSIM_CACHE_DIR, else
  /// $XDG_CACHE_HOME/axsim, else $HOME/.cache/axsim (no folder known: disabled), and
  /// AXSIM_CACHE_MAX_BYTES (an integer, optionally with a K, M or G suffix for KiB, MiB, GiB).
  /// Throws sim::ConfigError naming the variable when AXSIM_CACHE_MAX_BYTES is malformed.
  static WorkloadCacheSettings from_environment();
};

/// A content key: a hex digest (two 64-bit FNV-1a variants) of the parts, each length-prefixed
/// so that no two different part lists collide by concatenation.
std::string workload_cache_key(const std::vector<std::string>& parts);

/// Traces stored by content key, one file per entry (<dir>/<key>.axt). A hit refreshes the
/// entry's time for least-recently-used eviction. An entry that cannot be read or fails its
/// checksums is rebuilt and replaced; an entry that cannot be written leaves the run going.
/// Several processes may share a folder: entries are written under a unique temporary name and
/// renamed into place.
class WorkloadCache {
 public:
  /// `note` receives one line when something unexpected happens (a damaged entry rebuilt, an
  /// entry that could not be stored); the CLI shows it on a terminal only.
  explicit WorkloadCache(WorkloadCacheSettings settings,
                         std::function<void(const std::string&)> note = {});

  /// The trace stored under `key`, or `build()` stored under it (when enabled).
  Trace get(const std::string& key, const std::function<Trace()>& build);
  std::string entry_path(const std::string& key) const;
  /// Removes least recently used entries (never `keep`) until the folder holds at most
  /// max_bytes of entries.
  void evict(const std::string& keep_key) const;
  const WorkloadCacheSettings& settings() const { return settings_; }

 private:
  void store(const std::string& key, const Trace& trace) const;
  void say(const std::string& line) const;
  WorkloadCacheSettings settings_;
  std::function<void(const std::string&)> note_;
};

}  // namespace axsim::workloads
