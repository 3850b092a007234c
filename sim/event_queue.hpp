// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace axsim::sim {

/// Same-tick order: deliveries before ticks, ticks before end-of-cycle checks.
enum class Priority : std::int8_t { kDeliver = 0, kTick = 10, kWatchdog = 90 };

/// Anything the queue can call back. `tag` lets one handler multiplex several event kinds.
class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void process(std::uint32_t tag) = 0;
};

/// Deterministic event queue: events run in (tick, priority, insertion sequence) order, so equal
/// inputs give the same order on every run and every machine.
class EventQueue {
 public:
  Tick now() const { return now_; }
  void schedule(Tick at, Priority prio, EventHandler* handler, std::uint32_t tag = 0);
  /// Runs events until the queue is empty or `stop()` is called; returns events processed.
  std::uint64_t run();
  void stop() { stop_requested_ = true; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  std::uint64_t events_processed() const { return processed_; }
  /// With the queue empty, moves now() back to the last event that was not a watchdog check:
  /// nothing happened since, so a phase ends (and the next starts) when its work ended.
  void rewind_to_last_work() {
    if (heap_.empty()) now_ = last_work_;
  }

 private:
  struct Event {
    Tick at;
    std::int8_t prio;
    std::uint64_t seq;
    EventHandler* handler;
    std::uint32_t tag;
  };
  static bool later(const Event& a, const Event& b);

  std::vector<Event> heap_;
  Tick now_ = 0;
  Tick last_work_ = 0;  ///< time of the last event below kWatchdog priority
  std::uint64_t next_seq_ = 0;
  std::uint64_t processed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace axsim::sim
