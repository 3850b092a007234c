// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "sim/clock.hpp"
#include "sim/event_queue.hpp"

namespace axsim::sim {

/// Components of one clock ticked by one event per cycle (an array of PEs and their driver):
/// the group keeps its members' wakes in per-cycle lists and puts a single event on the queue
/// for each cycle that has one, instead of one event per member. Members tick in the order the
/// queue would have run them (the order their wakes for that cycle were asked for, a wake for
/// the cycle being run after every member already due in it), so only the number of events
/// the queue processes changes.
class TickGroup : public EventHandler {
 public:
  /// What the group ticks (sim::Ticked).
  class Member {
   public:
    virtual ~Member() = default;
    /// One tick at `t`, unless a later wake superseded it.
    virtual void run_tick(Tick t) = 0;
  };

  TickGroup(EventQueue& queue, const ClockDomain& clock) : queue_(queue), clock_(clock) {}
  const ClockDomain& clock() const { return clock_; }
  /// `member` wants to tick at `edge` (an edge of the clock, not before now).
  void request(Member* member, Tick edge);
  void process(std::uint32_t tag) override;

 private:
  struct Cycle {
    Tick at;
    std::vector<Member*> members;  ///< in the order their wakes came
  };
  void schedule(Tick at);

  EventQueue& queue_;
  const ClockDomain& clock_;
  std::vector<Cycle> cycles_;  ///< pending cycles, earliest first (usually one or two)
  std::vector<std::vector<Member*>> spare_;  ///< emptied lists, kept for their capacity
  Tick scheduled_ = kTickNever;  ///< the earliest group event on the queue
  bool running_ = false;
};

}  // namespace axsim::sim
