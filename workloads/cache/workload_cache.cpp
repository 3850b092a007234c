// SPDX-License-Identifier: Apache-2.0
#include "workloads/cache/workload_cache.hpp"

#include <fmt/format.h>
#include <unistd.h>  // getpid: a temporary name no other process uses

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "sim/error.hpp"

namespace axsim::workloads {

namespace fs = std::filesystem;

namespace {

constexpr const char* kEntrySuffix = ".axt";

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::uint64_t parse_bytes(const std::string& text) {
  std::size_t used = 0;
  std::uint64_t n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = std::string::npos;
  }
  if (used == std::string::npos || text.empty() || text[0] == '-')
    throw sim::ConfigError("AXSIM_CACHE_MAX_BYTES=\"" + text +
                           "\": expected a byte count such as "
                           "2147483648 or 2G");
  const std::string suffix = text.substr(used);
  if (suffix.empty()) return n;
  if (suffix == "K" || suffix == "k") return n << 10;
  if (suffix == "M" || suffix == "m") return n << 20;
  if (suffix == "G" || suffix == "g") return n << 30;
  throw sim::ConfigError("AXSIM_CACHE_MAX_BYTES=\"" + text + "\": unknown suffix \"" + suffix +
                         "\" (K, M or G)");
}

std::uint64_t fnv1a(const std::string& bytes, std::uint64_t offset) {
  std::uint64_t h = offset;
  for (const unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

struct Entry {
  fs::path path;
  std::uint64_t bytes = 0;
  fs::file_time_type used;
};

std::vector<Entry> entries(const fs::path& dir) {
  std::vector<Entry> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    std::error_code ec2;
    if (e.path().extension() != kEntrySuffix || !e.is_regular_file(ec2)) continue;
    const std::uint64_t bytes = e.file_size(ec2);
    const fs::file_time_type used = e.last_write_time(ec2);
    if (!ec2) out.push_back({e.path(), bytes, used});
  }
  return out;
}

}  // namespace

WorkloadCacheSettings WorkloadCacheSettings::from_environment() {
  WorkloadCacheSettings s;
  const std::string off = env("AXSIM_NO_CACHE");
  s.enabled = off.empty() || off == "0";
  if (const std::string dir = env("AXSIM_CACHE_DIR"); !dir.empty())
    s.dir = dir;
  else if (const std::string xdg = env("XDG_CACHE_HOME"); !xdg.empty())
    s.dir = xdg + "/axsim";
  else if (const std::string home = env("HOME"); !home.empty())
    s.dir = home + "/.cache/axsim";
  if (s.dir.empty()) s.enabled = false;
  if (const std::string max = env("AXSIM_CACHE_MAX_BYTES"); !max.empty())
    s.max_bytes = parse_bytes(max);
  return s;
}

std::string workload_cache_key(const std::vector<std::string>& parts) {
  std::string all;
  for (const std::string& p : parts) all += std::to_string(p.size()) + ":" + p + ";";
  return fmt::format("{:016x}{:016x}", fnv1a(all, 0xcbf29ce484222325ULL),
                     fnv1a(all, 0x84222325cbf29ce4ULL));
}

WorkloadCache::WorkloadCache(WorkloadCacheSettings settings,
                             std::function<void(const std::string&)> note)
    : settings_(std::move(settings)), note_(std::move(note)) {}

std::string WorkloadCache::entry_path(const std::string& key) const {
  return (fs::path(settings_.dir) / (key + kEntrySuffix)).string();
}

void WorkloadCache::say(const std::string& line) const {
  if (note_) note_(line);
}

Trace WorkloadCache::get(const std::string& key, const std::function<Trace()>& build) {
  if (!settings_.enabled) return build();
  const std::string path = entry_path(key);
  std::error_code ec;
  if (fs::exists(path, ec)) {
    try {
      Trace t = read_trace(path);
      fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // most recently used
      return t;
    } catch (const TraceError& e) {
      say(fmt::format("workload cache: rebuilding a damaged entry ({})", e.what()));
    }
  }
  Trace t = build();
  store(key, t);
  return t;
}

void WorkloadCache::store(const std::string& key, const Trace& trace) const {
  static std::atomic<std::uint64_t> serial{0};
  const std::string path = entry_path(key);
  // A name no other writer uses (process and call), renamed into place once complete.
  const std::string part = fmt::format("{}.{}.{}.part", path, ::getpid(), serial++);
  try {
    fs::create_directories(settings_.dir);
    write_trace(part, trace);
    fs::rename(part, path);
  } catch (const std::exception& e) {
    std::error_code ec;
    fs::remove(part, ec);
    say(fmt::format("workload cache: entry not stored ({})", e.what()));
    return;
  }
  evict(key);
}

void WorkloadCache::evict(const std::string& keep_key) const {
  std::vector<Entry> all = entries(settings_.dir);
  std::uint64_t total = 0;
  for (const Entry& e : all) total += e.bytes;
  std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) {
    return a.used != b.used ? a.used < b.used : a.path < b.path;
  });
  const fs::path keep = entry_path(keep_key);
  for (const Entry& e : all) {
    if (total <= settings_.max_bytes) break;
    if (e.path == keep) continue;
    std::error_code ec;
    if (fs::remove(e.path, ec)) total -= e.bytes;
  }
}

}  // namespace axsim::workloads
