// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <deque>
#include <functional>
#include <string>

#include "sim/component.hpp"

namespace axsim::sim {

/// Owns the shared context and the clock domains, and runs phases (one per layer) to completion
/// with a watchdog: if components keep being ticked but nothing progressed for `watchdog_cycles`
/// cycles of the watched clock, or the queue drains with work left (deadlock), the run fails with
/// a SimError naming every component that still holds work and the state of its queues.
class Simulation : private EventHandler {
 public:
  Simulation(const TechTable* tech, std::uint64_t seed, std::uint64_t watchdog_cycles);
  SimContext& ctx() { return ctx_; }
  const ClockDomain& add_clock(const std::string& name, Tick period_ps);
  const ClockDomain* find_clock(const std::string& name) const;
  /// The clock named `name`; ConfigError naming the defined clocks if there is none (a config's
  /// clock names are checked when it is parsed, so this only guards against a missed check).
  const ClockDomain& clock(const std::string& name) const;
  const std::deque<ClockDomain>& clocks() const { return clocks_; }

  /// Runs events until the queue drains; then `done()` must hold.
  void run_phase(const std::function<bool()>& done, const ClockDomain& watched);
  std::uint64_t events_processed() const { return ctx_.queue.events_processed(); }
  std::string stuck_report() const;

 private:
  void process(std::uint32_t tag) override;  // the watchdog check
  SimContext ctx_;
  std::deque<ClockDomain> clocks_;
  std::uint64_t watchdog_cycles_;
  Tick watchdog_window_ps_ = 0;
  std::string failure_;
};

}  // namespace axsim::sim
