// SPDX-License-Identifier: Apache-2.0
// A TickGroup ticks its members in the order the event queue would have: the same ticks, in
// the same order, whatever the members wake each other for (this cycle, the next, far ahead),
// from fewer events.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "sim/tick_group.hpp"
#include "tests/support/probe.hpp"

namespace axsim::sim::tick_group_test {
namespace {

using test::Probe;

struct TickLog {
  std::vector<std::pair<Tick, int>> order;  ///< (tick, member) of every tick, in run order
  std::uint64_t events = 0;
};

// Eight members that work a random number of cycles and wake random members now, next cycle or
// up to 20 cycles ahead; the random choices are drawn in tick order, so both runs make the same
// ones exactly when they tick in the same order.
TickLog simulate(bool grouped, std::uint64_t seed) {
  SimContext ctx;
  const ClockDomain clock("core", 1000);
  TickGroup group(ctx.queue, clock);
  std::mt19937_64 rng(seed);
  TickLog run;
  std::vector<std::unique_ptr<Probe>> members;
  std::vector<int> left(8, 0);
  for (int i = 0; i < 8; ++i)
    members.push_back(std::make_unique<Probe>(ctx, clock, "m" + std::to_string(i), [&, i](Probe& p) {
      run.order.emplace_back(p.now(), i);
      if (run.order.size() > 4000) return false;
      if (left[std::size_t(i)] == 0) left[std::size_t(i)] = int(rng() % 6);
      for (int k = 0; k < 2; ++k) {
        const std::uint64_t r = rng() % 10;
        Probe& other = *members[rng() % members.size()];
        if (r < 3) other.wake();
        else if (r < 6) other.wake_at(p.now() + 1000);
        else if (r < 8) other.wake_at(p.now() + 1000 * (2 + rng() % 20) + rng() % 1000);
      }
      return --left[std::size_t(i)] > 0;
    }));
  if (grouped)
    for (auto& m : members) m->join(group);
  members[0]->wake();
  members[3]->wake_at(5500);
  ctx.queue.run();
  run.events = ctx.queue.events_processed();
  return run;
}

TEST(TickGroup, TicksInTheEventQueuesOrder) {
  std::size_t ticks = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const TickLog alone = simulate(false, seed), grouped = simulate(true, seed);
    EXPECT_EQ(grouped.order, alone.order) << "seed " << seed;
    EXPECT_LE(grouped.events, alone.events) << "seed " << seed;
    ticks += alone.order.size();
  }
  EXPECT_GT(ticks, 20'000u);  // the runs did something
}

TEST(TickGroup, OneEventPerBusyCycle) {
  SimContext ctx;
  const ClockDomain clock("core", 1000);
  TickGroup group(ctx.queue, clock);
  std::vector<std::unique_ptr<Probe>> members;
  for (int i = 0; i < 16; ++i) {
    members.push_back(std::make_unique<Probe>(ctx, clock, "m" + std::to_string(i),
                                              [n = 100](Probe&) mutable { return --n > 0; }));
    members.back()->join(group);
    members.back()->wake();
  }
  ctx.queue.run();
  for (const auto& m : members) EXPECT_EQ(m->ticks(), 100u);
  EXPECT_EQ(ctx.queue.events_processed(), 100u);
}

}  // namespace
}  // namespace axsim::sim::tick_group_test
