// SPDX-License-Identifier: Apache-2.0
#include "sim/simulation.hpp"

#include "sim/error.hpp"

namespace axsim::sim {

Simulation::Simulation(const TechTable* tech, std::uint64_t seed, std::uint64_t watchdog_cycles)
    : watchdog_cycles_(watchdog_cycles) {
  ctx_.tech = tech;
  ctx_.seed = seed;
}

const ClockDomain& Simulation::add_clock(const std::string& name, Tick period_ps) {
  AXSIM_ASSERT(find_clock(name) == nullptr);
  return clocks_.emplace_back(name, period_ps);
}

const ClockDomain* Simulation::find_clock(const std::string& name) const {
  for (const ClockDomain& c : clocks_)
    if (c.name() == name) return &c;
  return nullptr;
}

const ClockDomain& Simulation::clock(const std::string& name) const {
  if (const ClockDomain* c = find_clock(name)) return *c;
  std::string known;
  for (const ClockDomain& c : clocks_) known += (known.empty() ? "" : ", ") + c.name();
  throw ConfigError("unknown clock \"" + name + "\" (defined: " + known + ")");
}

void Simulation::run_phase(const std::function<bool()>& done, const ClockDomain& watched) {
  // Saturated, so a long watchdog on a slow clock cannot wrap the tick axis.
  constexpr Tick kMaxWindowPs = Tick{1} << 62;
  watchdog_window_ps_ = watchdog_cycles_ > kMaxWindowPs / watched.period_ps()
                            ? kMaxWindowPs
                            : watched.to_ticks({watchdog_cycles_});
  failure_.clear();
  ctx_.last_progress = ctx_.queue.now();
  ctx_.ticks_at_progress = ctx_.ticks;
  ctx_.queue.schedule(ctx_.queue.now() + watchdog_window_ps_, Priority::kWatchdog, this);
  ctx_.queue.run();
  if (!failure_.empty()) throw SimError(failure_);
  if (!done())
    throw SimError("deadlock: the event queue drained at tick " +
                   std::to_string(ctx_.queue.now()) + " ps with work left\n" + stuck_report());
}

void Simulation::process(std::uint32_t /*tag*/) {
  const Tick now = ctx_.queue.now();
  if (ctx_.queue.empty()) {  // only the watchdog was left: the phase ended with its last work
    ctx_.queue.rewind_to_last_work();
    return;
  }
  // Stuck means components kept being ticked after the last progress, for a whole window. If
  // nothing ticked since, the run is waiting for a timed event (a DRAM transfer), not hung.
  const bool ticked_since = ctx_.ticks > ctx_.ticks_at_progress;
  if (ticked_since && now - ctx_.last_progress >= watchdog_window_ps_) {
    failure_ = "watchdog: no progress for " + std::to_string(watchdog_cycles_) +
               " cycles (tick " + std::to_string(now) + " ps) while work remains\n" +
               stuck_report();
    ctx_.queue.stop();
    return;
  }
  ctx_.queue.schedule(now + watchdog_window_ps_, Priority::kWatchdog, this);
}

std::string Simulation::stuck_report() const {
  std::string out;
  for (const Component* c : ctx_.components) {
    if (!c->has_work()) continue;
    out += "  " + c->path() + " (" + c->type() + "): " + c->state() + "\n";
  }
  return out.empty() ? "  (no component reports held work)\n" : out;
}

}  // namespace axsim::sim
