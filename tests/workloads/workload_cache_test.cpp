// SPDX-License-Identifier: Apache-2.0
// The workload cache: a miss builds and stores, a hit reads back the same trace without
// building; the key follows model, recipe, seed and version; a damaged entry is rebuilt with a
// note; a disabled cache always builds; entries beyond the size limit go, least recently used
// first.
#include "workloads/cache/workload_cache.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "workloads/builtin.hpp"

namespace axsim::workloads::workload_cache_test {
namespace {

namespace fs = std::filesystem;
const std::string kSource = AXSIM_SOURCE_DIR;

struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("axsim_cache_test_" + std::to_string(::getpid()) + "_" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

Trace small_trace(const std::string& name, std::size_t bytes) {
  Trace t;
  t.header_json = R"({"format":"axsim-trace","name":")" + name + "\"}";
  TraceLayer l{name, "{}", {}};
  l.blobs["data"] = std::vector<std::uint8_t>(bytes, 7);
  t.layers.push_back(l);
  return t;
}

WorkloadCacheSettings settings(const TempDir& d, std::uint64_t max_bytes = 1 << 30) {
  WorkloadCacheSettings s;
  s.dir = d.path.string();
  s.max_bytes = max_bytes;
  return s;
}

TEST(WorkloadCache, MissBuildsAndStoresHitReadsBack) {
  TempDir d;
  WorkloadCache cache(settings(d));
  int builds = 0;
  auto build = [&] {
    ++builds;
    return small_trace("a", 100);
  };
  const Trace first = cache.get("k1", build);
  EXPECT_EQ(builds, 1);
  EXPECT_TRUE(fs::exists(cache.entry_path("k1")));
  const Trace second = cache.get("k1", build);
  EXPECT_EQ(builds, 1);  // a hit
  EXPECT_EQ(second.header_json, first.header_json);
  EXPECT_EQ(second.layers.at(0).blobs, first.layers.at(0).blobs);
  cache.get("k2", build);
  EXPECT_EQ(builds, 2);  // another key is another entry
}

TEST(WorkloadCache, DamagedEntryIsRebuiltWithANote) {
  TempDir d;
  std::vector<std::string> notes;
  WorkloadCache cache(settings(d), [&](const std::string& n) { notes.push_back(n); });
  int builds = 0;
  auto build = [&] {
    ++builds;
    return small_trace("a", 1000);
  };
  cache.get("k", build);
  {  // flip a byte in the middle of the blob: its section CRC fails
    std::fstream f(cache.entry_path("k"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(600);
    f.put('x');
  }
  const Trace t = cache.get("k", build);
  EXPECT_EQ(builds, 2);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("damaged"), std::string::npos) << notes[0];
  EXPECT_EQ(t.layers.at(0).blobs.at("data"), std::vector<std::uint8_t>(1000, 7));
  cache.get("k", build);  // the rebuilt entry is whole again
  EXPECT_EQ(builds, 2);
  fs::resize_file(cache.entry_path("k"), 50);  // truncated
  cache.get("k", build);
  EXPECT_EQ(builds, 3);
  EXPECT_EQ(notes.size(), 2u);
}

TEST(WorkloadCache, DisabledAlwaysBuildsAndStoresNothing) {
  TempDir d;
  WorkloadCacheSettings s = settings(d);
  s.enabled = false;
  WorkloadCache cache(s);
  int builds = 0;
  auto build = [&] {
    ++builds;
    return small_trace("a", 10);
  };
  cache.get("k", build);
  cache.get("k", build);
  EXPECT_EQ(builds, 2);
  EXPECT_FALSE(fs::exists(d.path));
}

TEST(WorkloadCache, SizeLimitEvictsLeastRecentlyUsed) {
  TempDir d;
  // Each entry is a little over 1000 bytes; the limit holds two of them.
  WorkloadCache cache(settings(d, 2600));
  auto build = [] { return small_trace("x", 1000); };
  cache.get("a", build);
  cache.get("b", build);
  // Make "a" the most recently used one, with a clearly later time than "b".
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(cache.entry_path("b"), now - std::chrono::hours(2));
  fs::last_write_time(cache.entry_path("a"), now - std::chrono::hours(3));
  cache.get("a", build);  // a hit refreshes its time
  cache.get("c", build);  // storing c goes over the limit: b, least recently used, goes
  EXPECT_TRUE(fs::exists(cache.entry_path("a")));
  EXPECT_FALSE(fs::exists(cache.entry_path("b")));
  EXPECT_TRUE(fs::exists(cache.entry_path("c")));
}

TEST(WorkloadCache, EnvironmentChoosesFolderLimitAndSwitch) {
  ::setenv("AXSIM_CACHE_DIR", "/tmp/x-axsim", 1);
  ::setenv("AXSIM_CACHE_MAX_BYTES", "3M", 1);
  ::setenv("AXSIM_NO_CACHE", "0", 1);
  WorkloadCacheSettings s = WorkloadCacheSettings::from_environment();
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.dir, "/tmp/x-axsim");
  EXPECT_EQ(s.max_bytes, 3u << 20);
  ::unsetenv("AXSIM_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(WorkloadCacheSettings::from_environment().dir, "/tmp/xdg/axsim");
  ::setenv("AXSIM_NO_CACHE", "1", 1);
  EXPECT_FALSE(WorkloadCacheSettings::from_environment().enabled);
  ::setenv("AXSIM_CACHE_MAX_BYTES", "lots", 1);
  EXPECT_THROW(WorkloadCacheSettings::from_environment(), std::exception);
  ::unsetenv("AXSIM_CACHE_MAX_BYTES");
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("AXSIM_NO_CACHE", "1", 1);  // as the test suite runs
}

TEST(WorkloadCacheKey, ChangesWithModelRecipeSeedAndVersion) {
  const std::string eie = kSource + "/configs/recipes/eie_benchmarks.json";
  const std::string lenet = kSource + "/configs/recipes/deep_compression_lenet.json";
  const std::string k = builtin_cache_key("tiny", 1, eie, "1.0");
  EXPECT_EQ(k, builtin_cache_key("tiny", 1, eie, "1.0"));
  EXPECT_NE(k, builtin_cache_key("lenet5", 1, eie, "1.0"));
  EXPECT_NE(k, builtin_cache_key("tiny", 1, lenet, "1.0"));
  EXPECT_NE(k, builtin_cache_key("tiny", 1, "", "1.0"));
  EXPECT_NE(k, builtin_cache_key("tiny", 2, eie, "1.0"));
  EXPECT_NE(k, builtin_cache_key("tiny", 1, eie, "1.1"));
  EXPECT_NE(workload_cache_key({"ab", "c"}), workload_cache_key({"a", "bc"}));
}

TEST(WorkloadCache, BuiltinThroughTheCacheEqualsTheDirectOne) {
  TempDir d;
  WorkloadCache cache(settings(d));
  const std::string recipe = kSource + "/configs/recipes/eie_benchmarks.json";
  const Trace direct = builtin_trace("tiny", 3, recipe);
  const Workload miss = make_builtin("tiny", 3, recipe, cache, "test");
  const std::string entry = cache.entry_path(builtin_cache_key("tiny", 3, recipe, "test"));
  ASSERT_TRUE(fs::exists(entry));
  const Trace stored = read_trace(entry);  // what the next run replays
  EXPECT_EQ(stored.header_json, direct.header_json);
  ASSERT_EQ(stored.layers.size(), direct.layers.size());
  for (std::size_t i = 0; i < direct.layers.size(); ++i) {
    EXPECT_EQ(stored.layers[i].header_json, direct.layers[i].header_json);
    EXPECT_EQ(stored.layers[i].blobs, direct.layers[i].blobs);
  }
  const Workload hit = make_builtin("tiny", 3, recipe, cache, "test");
  EXPECT_EQ(hit.name, "tiny");
  ASSERT_EQ(hit.layers.size(), miss.layers.size());
  for (std::size_t i = 0; i < hit.layers.size(); ++i)
    EXPECT_EQ(hit.layers[i].name, miss.layers[i].name);
}

}  // namespace
}  // namespace axsim::workloads::workload_cache_test
