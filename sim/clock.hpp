// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "sim/error.hpp"
#include "sim/time.hpp"

namespace axsim::sim {

/// A clock domain: a name and a period. Edges fall on multiples of the period, so domains with
/// different frequencies (800 MHz, 1 GHz, 200 MHz) share the one tick axis exactly.
class ClockDomain {
 public:
  /// `period_ps` within [1, kMaxPeriodPs] (parse_frequency_period_ps gives no other).
  ClockDomain(std::string name, Tick period_ps) : name_(std::move(name)), period_ps_(period_ps) {
    AXSIM_ASSERT(period_ps >= 1 && period_ps <= kMaxPeriodPs);
  }
  const std::string& name() const { return name_; }
  Tick period_ps() const { return period_ps_; }
  double frequency_hz() const { return 1e12 / static_cast<double>(period_ps_); }
  /// First edge at or after `t`.
  Tick edge_at_or_after(Tick t) const {
    const Tick start = cycle_at(t).n * period_ps_;
    return start == t ? t : start + period_ps_;
  }
  Tick to_ticks(Cycles c) const { return c.n * period_ps_; }
  /// Whole cycles elapsed at tick `t`. The components of a clock ask this many times per cycle,
  /// about now and the next edge: the last division is kept and reused for its neighbours.
  Cycles cycle_at(Tick t) const {
    if (t == cached_tick_) return {cached_cycle_};
    if (t == cached_tick_ + period_ps_) return {cached_cycle_ + 1};
    cached_tick_ = t, cached_cycle_ = t / period_ps_;
    return {cached_cycle_};
  }

 private:
  std::string name_;
  Tick period_ps_;
  mutable Tick cached_tick_ = 0;  ///< one simulation's components use a domain, on one thread
  mutable std::uint64_t cached_cycle_ = 0;
};

}  // namespace axsim::sim
