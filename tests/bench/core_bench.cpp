// SPDX-License-Identifier: Apache-2.0
// Core engine costs: raw event-queue throughput, and the sleep/wake scheme (host time follows
// the awake components, not the component count).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/component.hpp"
#include "sim/event_queue.hpp"

namespace {

using axsim::sim::ClockDomain;
using axsim::sim::EventHandler;
using axsim::sim::EventQueue;
using axsim::sim::Priority;
using axsim::sim::SimContext;
using axsim::sim::Tick;
using axsim::sim::Ticked;

/// Reschedules itself `left` times, `step` ticks apart.
class Rescheduler : public EventHandler {
 public:
  Rescheduler(EventQueue& q, std::uint64_t left, Tick step) : q_(q), left_(left), step_(step) {}
  void process(std::uint32_t) override {
    if (--left_ > 0) q_.schedule(q_.now() + step_, Priority::kTick, this);
  }

 private:
  EventQueue& q_;
  std::uint64_t left_;
  Tick step_;
};

/// range(0): handlers in the queue at once (the heap size); 2^20 events per iteration in total.
void BM_EventQueue(benchmark::State& state) {
  const auto handlers = static_cast<std::uint64_t>(state.range(0));
  constexpr std::uint64_t kEvents = 1ULL << 20;
  const std::uint64_t per_handler = kEvents / handlers;
  std::uint64_t processed = 0;
  for (auto _ : state) {
    EventQueue q;
    std::vector<std::unique_ptr<Rescheduler>> hs;
    hs.reserve(handlers);
    for (std::uint64_t i = 0; i < handlers; ++i) {
      // Co-prime-ish steps so the heap order keeps changing.
      hs.push_back(std::make_unique<Rescheduler>(q, per_handler, 1000 + 7 * (i % 13)));
      q.schedule(i, Priority::kTick, hs.back().get());
    }
    processed += q.run();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(processed));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
}

/// Works for `left` cycles once woken, then sleeps.
class Worker : public Ticked {
 public:
  Worker(SimContext& ctx, const ClockDomain& clock, std::string name)
      : Ticked(ctx, nullptr, std::move(name), "worker", clock) {}
  std::uint64_t left = 0;

 protected:
  bool tick() override { return --left > 0; }
};

/// range(0) components, of which range(1) are woken for kCycles cycles each; the rest sleep.
void BM_MostlyIdle(benchmark::State& state) {
  constexpr std::uint64_t kCycles = 1000;
  const auto total = static_cast<std::size_t>(state.range(0));
  const auto awake = static_cast<std::size_t>(state.range(1));
  SimContext ctx;
  const ClockDomain core("core", 1000);
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t i = 0; i < total; ++i)
    workers.push_back(std::make_unique<Worker>(ctx, core, std::to_string(i)));
  std::uint64_t events = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < awake; ++i) {
      workers[i]->left = kCycles;
      workers[i]->wake();
    }
    events += ctx.queue.run();
  }
  std::uint64_t sleeper_ticks = 0;
  for (std::size_t i = awake; i < total; ++i) sleeper_ticks += workers[i]->ticks();
  if (sleeper_ticks != 0) state.SkipWithError("a sleeping component was ticked");
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events_per_iter"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}

}  // namespace

BENCHMARK(BM_EventQueue)->Arg(1)->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond);
// {components, awake}: 990 sleepers next to 10 awake cost what 10 alone cost; all 1,000 awake
// cost ~100x more.
BENCHMARK(BM_MostlyIdle)
    ->ArgNames({"components", "awake"})
    ->Args({1000, 10})
    ->Args({10, 10})
    ->Args({1000, 1000})
    ->Unit(benchmark::kMicrosecond);
