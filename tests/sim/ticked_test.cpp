// SPDX-License-Identifier: Apache-2.0
// Ticked components sleep and wake: only awake components are ticked, wakes land on the
// component's own clock edges, duplicate wakes collapse, and a channel wakes its receiver.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/channel.hpp"
#include "tests/support/probe.hpp"
#include "sim/component.hpp"

namespace axsim::sim::ticked_test {
namespace {

using test::Probe;

/// Works for `n` cycles (returns true n-1 times), then sleeps.
Probe::Fn work_for(int n) {
  return [left = n](Probe&) mutable { return --left > 0; };
}

double ticks_stat(const Component& c) {
  const Stat* s = c.stats().find("ticks");
  return s ? s->value() : -1.0;
}

TEST(Ticked, WorkForNCyclesIsTickedExactlyNTimes) {
  SimContext ctx;
  const ClockDomain core("core", 1000);
  Probe p(ctx, core, "p", work_for(25));
  EXPECT_TRUE(p.asleep());
  p.wake();
  EXPECT_FALSE(p.asleep());
  ctx.queue.run();
  EXPECT_EQ(p.ticks(), 25u);
  EXPECT_EQ(ticks_stat(p), 25.0);
  ASSERT_EQ(p.tick_times.size(), 25u);
  for (std::size_t i = 0; i < p.tick_times.size(); ++i) EXPECT_EQ(p.tick_times[i], i * 1000);
  EXPECT_TRUE(p.asleep());
  EXPECT_EQ(ctx.queue.events_processed(), 25u);  // one event per tick, none wasted
}

TEST(Ticked, SleepingComponentIsNeverTickedWhileAnotherRuns) {
  SimContext ctx;
  const ClockDomain core("core", 1000);
  Probe sleeper(ctx, core, "sleeper", [](Probe&) { return true; });
  Probe busy(ctx, core, "busy", work_for(10'000));
  busy.wake();
  ctx.queue.run();
  EXPECT_EQ(busy.ticks(), 10'000u);
  EXPECT_EQ(ticks_stat(busy), 10'000.0);
  EXPECT_EQ(sleeper.ticks(), 0u);
  EXPECT_EQ(ticks_stat(sleeper), 0.0);
  EXPECT_TRUE(sleeper.tick_times.empty());
  EXPECT_TRUE(sleeper.asleep());
  EXPECT_EQ(ctx.queue.events_processed(), 10'000u);  // the sleeper cost no events
}

TEST(Ticked, WakeAtFutureTicksAtFirstEdgeOfOwnClock) {
  SimContext ctx;
  const ClockDomain dram("dram", 1250);  // 800 MHz
  Probe p(ctx, dram, "p", work_for(1));
  p.wake_at(3001);
  ctx.queue.run();
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{3750}));

  p.wake_at(5000);  // exactly an edge
  ctx.queue.run();
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{3750, 5000}));

  p.wake_at(0);  // the past means now, but never the same cycle as the last tick
  ctx.queue.run();
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{3750, 5000, 6250}));
}

TEST(Ticked, WakeDuringOwnTickGivesNextCycle) {
  SimContext ctx;
  const ClockDomain core("core", 1000);
  int left = 3;
  Probe p(ctx, core, "p", [&](Probe& self) {
    if (--left > 0) self.wake();  // "again", without returning true
    return false;
  });
  p.wake_at(500);
  ctx.queue.run();
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{1000, 2000, 3000}));
}

TEST(Ticked, TwoWakesForSameCycleTickOnce) {
  SimContext ctx;
  const ClockDomain core("core", 1000);
  Probe p(ctx, core, "p", work_for(1));
  p.wake_at(1001);
  p.wake_at(1999);  // same edge 2000
  p.wake_at(2000);
  p.wake();         // now = 0 is earlier: supersedes
  p.wake();
  ctx.queue.run();
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{0}));  // the superseded wake at 2000 is dropped
  EXPECT_EQ(p.ticks(), 1u);
}

TEST(Ticked, SupersededLaterWakeDoesNotAddATick) {
  SimContext ctx;
  const ClockDomain core("core", 1000);
  Probe p(ctx, core, "p", work_for(4));
  p.wake_at(5000);
  p.wake_at(2000);  // earlier wake: the event at 5000 is now stale
  ctx.queue.run();
  // Ticks at 2000..5000; the stale event at 5000 coincides with a real tick but adds nothing.
  EXPECT_EQ(p.tick_times, (std::vector<Tick>{2000, 3000, 4000, 5000}));
  EXPECT_TRUE(p.asleep());
}

TEST(Ticked, ProducerConsumerAcrossClockDomainsThroughChannel) {
  SimContext ctx;
  const ClockDomain core("core", 1000);  // producer and channel: 1 GHz
  const ClockDomain dram("dram", 1250);  // consumer: 800 MHz
  constexpr int kItems = 50;
  constexpr Tick kLatencyPs = 3 * 1000;
  Channel<int> link(ctx, nullptr, "link", core, {/*capacity=*/3, /*latency=*/3, /*per cycle=*/1});

  int next = 0;
  std::vector<Tick> sent_at;
  Probe producer(ctx, core, "producer", [&](Probe& self) {
    if (!link.try_send(next)) return false;  // refused: the channel wakes us, no polling
    sent_at.push_back(self.now());
    return ++next < kItems;
  });

  std::vector<std::pair<int, Tick>> received;
  int empty_ticks = 0;
  Probe consumer(ctx, dram, "consumer", [&](Probe& self) {
    bool got = false;
    while (auto v = link.try_recv()) {
      received.emplace_back(*v, self.now());
      got = true;
    }
    if (!got) ++empty_ticks;
    return false;  // never asks for the next cycle: every tick is a wake from the channel
  });
  link.connect(&producer, &consumer);

  producer.wake();
  ctx.queue.run();

  ASSERT_EQ(received.size(), static_cast<std::size_t>(kItems));
  ASSERT_EQ(sent_at.size(), static_cast<std::size_t>(kItems));
  for (int i = 0; i < kItems; ++i) {
    EXPECT_EQ(received[i].first, i);
    EXPECT_GE(received[i].second, sent_at[i] + kLatencyPs) << "item " << i;
    EXPECT_EQ(received[i].second % dram.period_ps(), 0u) << "not a consumer clock edge";
    EXPECT_LT(received[i].second, sent_at[i] + kLatencyPs + dram.period_ps())
        << "item " << i << " was not picked up at the first consumer edge after it landed";
  }
  for (Tick t : sent_at) EXPECT_EQ(t % core.period_ps(), 0u);
  EXPECT_EQ(empty_ticks, 0) << "consumer was ticked without an item: polled, not woken";
  EXPECT_LE(consumer.ticks(), static_cast<std::uint64_t>(kItems));
  // Capacity 3 with 3 cycles of latency throttles the producer: refused sends happened and the
  // channel woke the producer each time.
  const double refused = link.stats().find("refused_full")->value();
  EXPECT_GT(refused, 0.0);
  EXPECT_EQ(static_cast<double>(producer.ticks()), kItems + refused);
  EXPECT_EQ(link.stats().find("items_sent")->value(), kItems);
  EXPECT_EQ(link.occupancy(), 0u);
}

}  // namespace
}  // namespace axsim::sim::ticked_test
