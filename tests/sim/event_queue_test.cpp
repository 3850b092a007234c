// SPDX-License-Identifier: Apache-2.0
// The raw event queue: deterministic (tick, priority, insertion) order, past events refused,
// run() counting and stop().
#include "sim/event_queue.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <utility>
#include <vector>

namespace axsim::sim::event_queue_test {
namespace {

/// Records (tick, tag) of every event it processes; optionally runs an extra action per tag.
class Recorder : public EventHandler {
 public:
  explicit Recorder(EventQueue& q) : q_(q) {}
  void process(std::uint32_t tag) override {
    seen.emplace_back(q_.now(), tag);
    if (tag == stop_on) q_.stop();
  }
  std::vector<std::pair<Tick, std::uint32_t>> seen;
  std::uint32_t stop_on = ~0U;

 private:
  EventQueue& q_;
};

std::vector<std::uint32_t> tags(const Recorder& r) {
  std::vector<std::uint32_t> out;
  for (const auto& [t, tag] : r.seen) out.push_back(tag);
  return out;
}

TEST(EventQueue, RunsEventsInTickThenPriorityThenInsertionOrder) {
  EventQueue q;
  Recorder r(q);
  q.schedule(200, Priority::kTick, &r, 1);
  q.schedule(100, Priority::kWatchdog, &r, 2);
  q.schedule(100, Priority::kTick, &r, 3);
  q.schedule(100, Priority::kDeliver, &r, 4);
  q.schedule(0, Priority::kWatchdog, &r, 5);
  q.schedule(200, Priority::kDeliver, &r, 6);
  q.run();
  EXPECT_EQ(tags(r), (std::vector<std::uint32_t>{5, 4, 3, 2, 6, 1}));
  ASSERT_EQ(r.seen.size(), 6u);
  EXPECT_EQ(r.seen[0].first, 0u);
  EXPECT_EQ(r.seen[1].first, 100u);
  EXPECT_EQ(r.seen[5].first, 200u);
  EXPECT_EQ(q.now(), 200u);
}

TEST(EventQueue, SameTickAndPriorityIsFifo) {
  EventQueue q;
  Recorder r(q);
  for (std::uint32_t i = 0; i < 100; ++i) q.schedule(50, Priority::kTick, &r, i);
  q.run();
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < 100; ++i) expected.push_back(i);
  EXPECT_EQ(tags(r), expected);
}

TEST(EventQueue, EventScheduledDuringRunAtSameTickRunsAfterQueuedOnes) {
  EventQueue q;
  Recorder late(q);
  struct Spawner : EventHandler {
    EventQueue* q;
    EventHandler* target;
    void process(std::uint32_t) override { q->schedule(q->now(), Priority::kTick, target, 99); }
  } spawner;
  spawner.q = &q;
  spawner.target = &late;
  q.schedule(10, Priority::kTick, &spawner);
  q.schedule(10, Priority::kTick, &late, 1);
  q.run();
  EXPECT_EQ(tags(late), (std::vector<std::uint32_t>{1, 99}));
}

TEST(EventQueue, SchedulingInThePastThrowsLogicError) {
  EventQueue q;
  Recorder r(q);
  q.schedule(1000, Priority::kTick, &r);
  q.run();
  ASSERT_EQ(q.now(), 1000u);
  EXPECT_THROW(q.schedule(999, Priority::kTick, &r), std::logic_error);
  EXPECT_TRUE(q.empty());
  EXPECT_NO_THROW(q.schedule(1000, Priority::kTick, &r));  // "now" is not the past
}

TEST(EventQueue, RunReturnsNumberOfEventsProcessed) {
  EventQueue q;
  Recorder r(q);
  for (Tick t = 0; t < 7; ++t) q.schedule(t * 10, Priority::kTick, &r);
  EXPECT_EQ(q.size(), 7u);
  EXPECT_EQ(q.run(), 7u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.run(), 0u);  // empty queue: nothing to do
  q.schedule(100, Priority::kTick, &r);
  q.schedule(100, Priority::kTick, &r);
  EXPECT_EQ(q.run(), 2u);  // counts this run only
  EXPECT_EQ(q.events_processed(), 9u);
}

TEST(EventQueue, StopEndsRunAndLeavesRemainingEventsQueued) {
  EventQueue q;
  Recorder r(q);
  r.stop_on = 2;
  for (std::uint32_t i = 0; i < 5; ++i) q.schedule(i * 10, Priority::kTick, &r, i);
  EXPECT_EQ(q.run(), 3u);  // tags 0, 1, 2; stop() takes effect after the current event
  EXPECT_EQ(q.now(), 20u);
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(tags(r), (std::vector<std::uint32_t>{0, 1, 2}));
  // A later run() resumes where it stopped.
  EXPECT_EQ(q.run(), 2u);
  EXPECT_EQ(tags(r), (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace axsim::sim::event_queue_test
