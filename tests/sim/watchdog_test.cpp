// SPDX-License-Identifier: Apache-2.0
// Simulation::run_phase: a livelocked component trips the watchdog, a drained queue with work
// left is a deadlock, and both name the stuck component and its state; healthy phases pass.
#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "sim/error.hpp"

namespace axsim::sim::watchdog_test {
namespace {

constexpr std::uint64_t kWatchdogCycles = 1000;

TechTable tech45() {
  return TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json");
}

/// Ticks while `cycles_left` > 0 (or forever when `spin`), marking progress only if asked.
class Worker : public Ticked {
 public:
  Worker(SimContext& ctx, Component* parent, const ClockDomain& clock, std::string name)
      : Ticked(ctx, parent, std::move(name), "worker", clock) {}
  bool spin = false;
  bool report_progress = true;
  std::uint64_t cycles_left = 0;
  bool claims_work = false;  ///< has_work() even when idle (a lost wake, for the deadlock case)
  Tick resume_at = kTickNever;  ///< after the next tick, sleep until this tick (a timed wait)

  bool finished() const { return !spin && cycles_left == 0 && !claims_work; }
  bool has_work() const override { return spin || cycles_left > 0 || claims_work; }
  std::string state() const override {
    return spin ? "spinning on an empty queue (3 requests pending)"
                : "waiting for a response that never comes";
  }

 protected:
  bool tick() override {
    if (spin) return true;  // awake forever, never progressing
    if (report_progress) progress();
    if (cycles_left > 0) --cycles_left;
    if (resume_at != kTickNever) {
      wake_at(std::exchange(resume_at, kTickNever));
      return false;
    }
    return cycles_left > 0;
  }
};

struct WatchdogFixture : ::testing::Test {
  TechTable tech = tech45();
  Simulation sim{&tech, 1, kWatchdogCycles};
  const ClockDomain& core = sim.add_clock("core", 1000);
  Component top{sim.ctx(), nullptr, "top", "test"};
};

TEST_F(WatchdogFixture, SpinningComponentWithoutProgressTripsWatchdog) {
  Worker w(sim.ctx(), &top, core, "spinner");
  w.spin = true;
  w.wake();
  try {
    sim.run_phase([&] { return w.finished(); }, core);
    FAIL() << "a component awake forever without progress should trip the watchdog";
  } catch (const SimError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("watchdog"), std::string::npos) << msg;
    EXPECT_NE(msg.find("top.spinner"), std::string::npos) << msg;
    EXPECT_NE(msg.find("spinning on an empty queue (3 requests pending)"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("1000 cycles"), std::string::npos) << msg;
  }
  // It fired after one window, not after running forever.
  EXPECT_EQ(sim.ctx().queue.now(), kWatchdogCycles * core.period_ps());
}

TEST_F(WatchdogFixture, WatchdogUsesWatchedClockForItsWindow) {
  const ClockDomain& slow = sim.add_clock("slow", 5000);  // 200 MHz
  Worker w(sim.ctx(), &top, core, "spinner");
  w.spin = true;
  w.wake();
  EXPECT_THROW(sim.run_phase([] { return false; }, slow), SimError);
  EXPECT_EQ(sim.ctx().queue.now(), kWatchdogCycles * slow.period_ps());
}

TEST_F(WatchdogFixture, DrainedQueueWithWorkLeftIsDeadlock) {
  Worker idle(sim.ctx(), &top, core, "waiter");
  idle.claims_work = true;  // holds work but nothing will ever wake it
  Worker done(sim.ctx(), &top, core, "finished");
  try {
    sim.run_phase([&] { return idle.finished(); }, core);
    FAIL() << "a drained queue with done() false should be a deadlock";
  } catch (const SimError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("deadlock"), std::string::npos) << msg;
    EXPECT_NE(msg.find("top.waiter (worker)"), std::string::npos) << msg;
    EXPECT_NE(msg.find("waiting for a response that never comes"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("top.finished"), std::string::npos) << "idle components are not listed";
    EXPECT_EQ(msg.find("watchdog:"), std::string::npos) << msg;
  }
}

TEST_F(WatchdogFixture, DeadlockWithNoComponentHoldingWorkSaysSo) {
  try {
    sim.run_phase([] { return false; }, core);
    FAIL() << "done() false after the queue drains is a deadlock";
  } catch (const SimError& e) {
    EXPECT_NE(std::string(e.what()).find("(no component reports held work)"), std::string::npos)
        << e.what();
  }
}

TEST_F(WatchdogFixture, NormalPhaseFinishesWithoutThrowing) {
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 100;
  w.wake();
  EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core));
  EXPECT_EQ(w.ticks(), 100u);
}

TEST_F(WatchdogFixture, APhaseEndsAtItsLastWorkNotAtTheWatchdogCheck) {
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 100;
  w.wake();
  sim.run_phase([&] { return w.finished(); }, core);
  // The last tick was cycle 99; the watchdog's pending check (cycle 1000) leaves no trace.
  EXPECT_EQ(sim.ctx().queue.now(), 99'000u);
  w.cycles_left = 1;
  w.wake();
  sim.run_phase([&] { return w.finished(); }, core);
  EXPECT_EQ(sim.ctx().queue.now(), 100'000u);  // the next phase starts where this one ended
}

TEST_F(WatchdogFixture, LongPhaseWithProgressOutlivesManyWindows) {
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 10 * kWatchdogCycles;
  w.wake();
  EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core));
  EXPECT_EQ(w.ticks(), 10 * kWatchdogCycles);
}

TEST_F(WatchdogFixture, ConsecutivePhasesEachRunToCompletion) {
  Worker w(sim.ctx(), &top, core, "worker");
  for (int phase = 0; phase < 3; ++phase) {
    w.cycles_left = 50;
    w.wake();
    EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core)) << "phase " << phase;
  }
  EXPECT_EQ(w.ticks(), 150u);
}

TEST_F(WatchdogFixture, LongTimedWaitIsNotAHang) {
  // One component sleeps across several watchdog windows waiting for a timed event (like a
  // DRAM transfer): windows with no other events are not counted as stuck.
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 1;
  w.wake_at(5 * kWatchdogCycles * core.period_ps());
  EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core));
  EXPECT_EQ(w.ticks(), 1u);
}

TEST_F(WatchdogFixture, ProgressAtPhaseStartThenLongTimedWaitIsNotAHang) {
  // Regression: progress made at the phase's first tick must count for the whole first window,
  // so a single long timed wait after it is not taken for a hang.
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 2;
  w.resume_at = 5 * kWatchdogCycles * core.period_ps();  // tick at 0 with progress, then wait
  w.wake();
  EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core));
  EXPECT_EQ(w.ticks(), 2u);
}

TEST_F(WatchdogFixture, ProgressAfterPhaseStartThenLongTimedWaitIsNotAHang) {
  // The same wait, with the work one cycle after the phase start, passes.
  Worker w(sim.ctx(), &top, core, "worker");
  w.cycles_left = 2;
  w.resume_at = 5 * kWatchdogCycles * core.period_ps();
  w.wake_at(core.period_ps());
  EXPECT_NO_THROW(sim.run_phase([&] { return w.finished(); }, core));
  EXPECT_EQ(w.ticks(), 2u);
}

}  // namespace
}  // namespace axsim::sim::watchdog_test
