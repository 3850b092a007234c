// SPDX-License-Identifier: Apache-2.0
// HoLiSwap's counters: exact ones against hand counts, and logarithmic ones as an approximate
// count (the expected value of 2^e after n increments is n, Morris's counter).
#include "arch/common/cache/holiswap.hpp"

#include <gtest/gtest.h>

namespace axsim::arch::cache::holiswap_test {
namespace {

struct Fixture {
  sim::SimContext ctx;
  sim::Component owner{ctx, nullptr, "l1", "common.cache"};
};

TEST(HoLiSwap, ExactCountersFindTheHottestLineAndEpochsReset) {
  Fixture f;
  HoLiSwap p({1, 4, 8, 3, false}, f.owner);
  for (std::uint32_t w = 0; w < 4; ++w) p.on_fill(0, w);
  p.on_hit(0, 2);
  p.on_hit(0, 2);
  EXPECT_EQ(p.swap_request(0), ReplacementPolicy::kNoSwap);  // 2 hits < T = 3
  p.on_hit(0, 2);
  EXPECT_EQ(p.swap_request(0), 2);
  p.on_swap(0, 0, 2);
  p.on_hit(0, 0);  // the hot line, now in way 0: nothing to swap
  EXPECT_EQ(p.swap_request(0), ReplacementPolicy::kNoSwap);
  // That was the set's 4th access; 4 more end the epoch (E = 8) and zero the counters.
  for (int i = 0; i < 4; ++i) p.on_miss(0);
  p.on_hit(0, 3);
  p.on_hit(0, 3);
  p.on_hit(0, 0);
  EXPECT_EQ(p.swap_request(0), ReplacementPolicy::kNoSwap);  // way 0 restarted from zero too
  EXPECT_EQ(f.owner.stats().find("epochs")->value(), 1);
}

TEST(HoLiSwap, LogarithmicCountersCountApproximately) {
  // T = 512 reached after about 512 hits: between 128 and 2048 for this seed and path.
  Fixture f;
  HoLiSwap p({1, 4, 1u << 30, 512, true}, f.owner);
  for (std::uint32_t w = 0; w < 4; ++w) p.on_fill(0, w);
  int hits = 0;
  while (p.swap_request(0) == ReplacementPolicy::kNoSwap && hits < 100000) p.on_hit(0, 1), ++hits;
  EXPECT_GE(hits, 128);
  EXPECT_LE(hits, 2048);
}

TEST(Lru, TheVictimIsTheLeastRecentlyUsedAndStateMovesWithASwap) {
  Lru p({1, 4, 0, 0, false});
  for (std::uint32_t w = 0; w < 4; ++w) p.on_fill(0, w);
  p.on_hit(0, 0);
  EXPECT_EQ(p.victim(0), 1u);
  p.on_swap(0, 1, 3);  // the oldest line now sits in way 3
  EXPECT_EQ(p.victim(0), 3u);
}

}  // namespace
}  // namespace axsim::arch::cache::holiswap_test
