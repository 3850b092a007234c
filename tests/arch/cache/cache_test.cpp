// SPDX-License-Identifier: Apache-2.0
// A cache level on the engine, hand-counted: hit latency, a miss through an ideal memory,
// MSHR merging (one response a cycle per port), LRU eviction of a dirty line, and HoLiSwap's swap
// into way 0 with the ports blocked for its cycles.
#include "arch/common/cache/cache.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "arch/common/dram/ideal_memory.hpp"
#include "tests/support/probe.hpp"

namespace axsim::arch::cache::cache_test {
namespace {

class CacheTest : public ::testing::Test {
 protected:
  CacheTest() { ctx_.tech = &tech_; }
  /// A 2-set, 4-way cache of 64-byte lines over an ideal memory of `latency` cycles; the
  /// requester sends script[c] at cycle c and records each response's cycle by tag.
  void make(const std::string& policy, std::uint32_t swap_cycles = 2,
            const std::string& prediction = "none") {
    CacheSpec s;
    s.capacity_bytes = 2 * 4 * 64;
    s.replacement = policy;
    s.way_prediction = prediction;
    s.policy = {2, 4, 1000, 2, false};
    s.swap_cycles = swap_cycles;
    s.near_way_pitches = 0.5;
    cache_ = std::make_unique<Cache>(ctx_, nullptr, "l1", clock_, s, 1);
    DramSpec d;
    d.model = "ideal";
    d.ideal = {64, 10};
    memory_ = std::make_unique<IdealMemory>(ctx_, nullptr, clock_, d);
    memory_->attach(cache_.get());
    cache_->connect_downstream(memory_->requests(), memory_->responses());
    core_ = std::make_unique<test::Probe>(ctx_, clock_, "core", [this](test::Probe& p) {
      const std::uint64_t cycle = clock_.cycle_at(p.now()).n;
      while (const auto r = cache_->responses(0).try_recv()) done_[r->tag] = cycle;
      auto it = script_.find(cycle);
      if (it != script_.end())
        for (const MemRequest& m : it->second) {
          EXPECT_TRUE(cache_->requests(0).try_send(m));
          sent_[m.tag] = cycle;
        }
      return !script_.empty() && cycle < script_.rbegin()->first;
    });
    cache_->connect_upstream(0, core_.get());
  }
  void at(std::uint64_t cycle, std::uint32_t tag, std::uint64_t addr, bool write = false) {
    script_[cycle].push_back({8, write, tag, addr});
  }
  void run() {
    core_->wake();
    ctx_.queue.run();
  }
  std::uint64_t latency(std::uint32_t tag) { return done_.at(tag) - sent_.at(tag); }
  double stat(const std::string& name) { return cache_->stats().find(name)->value(); }

  sim::TechTable tech_ =
      sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/22nm.json");
  sim::SimContext ctx_;
  const sim::ClockDomain clock_{"core", 500};
  std::unique_ptr<Cache> cache_;
  std::unique_ptr<IdealMemory> memory_;
  std::unique_ptr<test::Probe> core_;
  std::map<std::uint64_t, std::vector<MemRequest>> script_;
  std::map<std::uint32_t, std::uint64_t> sent_, done_;
};

TEST_F(CacheTest, HitIsVisibleHitCyclesAfterItsSendAndMissesMerge) {
  make("lru");
  at(0, 1, 0x1000);
  at(1, 2, 0x1008);  // the same line, still missing: merged into its MSHR
  at(100, 3, 0x1010);
  run();
  EXPECT_EQ(latency(3), 3u);
  EXPECT_GT(latency(1), 10u);
  EXPECT_EQ(done_.at(2), done_.at(1) + 1);  // a port returns one response a cycle
  EXPECT_EQ(stat("read_misses"), 2);
  EXPECT_EQ(stat("mshr_merges"), 1);
  EXPECT_EQ(stat("read_hits"), 1);
  EXPECT_EQ(stat("fills"), 1);
}

TEST_F(CacheTest, LruEvictsTheOldestLineAndWritesItBackWhenDirty) {
  make("lru");
  // Lines 0, 2, 4, 6, 8 (x 64 B) all map to set 0; the first is written.
  at(0, 1, 0 * 64, true);
  for (std::uint32_t i = 1; i < 4; ++i) at(50 * i, 1 + i, 2 * i * 64);
  at(300, 5, 8 * 64);  // evicts line 0 (least recently used, dirty)
  at(400, 6, 0 * 64);  // misses again
  run();
  EXPECT_EQ(stat("writebacks"), 1);
  EXPECT_EQ(stat("read_misses"), 5);
  EXPECT_EQ(stat("write_misses"), 1);
  EXPECT_GT(latency(6), 10u);
}

TEST_F(CacheTest, HoLiSwapMovesAHotLineToWayZeroAndBlocksThePorts) {
  make("holiswap", 5);
  for (std::uint32_t i = 0; i < 4; ++i) at(50 * i, 1 + i, 2 * i * 64);  // ways 0..3 of set 0
  at(300, 10, 6 * 64);                                                  // way 3: first hit
  at(310, 11, 6 * 64);  // second hit: T = 2 reached, the line swaps into way 0
  at(311, 12, 2 * 64);  // waits for the swap's 5 cycles
  at(320, 13, 6 * 64);  // now a hit in way 0
  run();
  EXPECT_EQ(stat("swaps"), 1);
  EXPECT_EQ(stat("swap_blocked_cycles"), 5);
  EXPECT_EQ(latency(11), 3u);
  EXPECT_EQ(latency(12), 3u + 5u);  // arrives in the swap's first blocked cycle: waits all 5
  EXPECT_EQ(latency(13), 3u);
  const auto* by_way = dynamic_cast<const sim::Histogram*>(cache_->stats().find("hits_by_way"));
  ASSERT_NE(by_way, nullptr);
  EXPECT_EQ(by_way->buckets()[0], 1u);  // the last hit
  EXPECT_EQ(by_way->buckets()[3], 2u);  // the two that made it hot
  EXPECT_EQ(by_way->buckets()[1], 1u);  // line 2 stayed in way 1
}

TEST_F(CacheTest, AWrongWayPredictionCostsACycleAndASecondRead) {
  make("lru", 2, "way0");
  for (std::uint32_t i = 0; i < 4; ++i) at(50 * i, 1 + i, 2 * i * 64);  // ways 0..3 of set 0
  at(300, 10, 0 * 64);                                                  // in way 0: predicted
  at(310, 11, 6 * 64);                                                  // in way 3: one cycle more
  run();
  EXPECT_EQ(latency(10), 3u);
  EXPECT_EQ(latency(11), 4u);
  EXPECT_EQ(stat("way_predictions_right"), 1);
  EXPECT_EQ(stat("way_predictions_wrong"), 1);
}

TEST_F(CacheTest, WaysFartherFromThePortCostMoreWireEnergy) {
  make("lru");
  double last = 0;
  for (const auto& a : cache_->actions().all())
    if (a.name.rfind("wire_way", 0) == 0) {
      EXPECT_GT(a.energy_pj.value, last) << a.name;
      last = a.energy_pj.value;
    }
  EXPECT_NEAR(cache_->way_distance_mm(3) / cache_->way_distance_mm(0), 7.0, 1e-9);
}

}  // namespace
}  // namespace axsim::arch::cache::cache_test
