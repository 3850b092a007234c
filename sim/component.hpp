// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/clock.hpp"
#include "sim/energy.hpp"
#include "sim/event_queue.hpp"
#include "sim/tick_group.hpp"
#include "sim/random.hpp"
#include "sim/stats.hpp"

namespace axsim::sim {

class Component;

/// What every component of one simulation shares: the queue, the tech table, the seed, the
/// watchdog's progress mark and the list of components (in construction order) for reports.
struct SimContext {
  EventQueue queue;
  const TechTable* tech = nullptr;
  std::uint64_t seed = 1;
  Tick last_progress = 0;
  std::uint64_t ticks = 0;              ///< component ticks run so far (all components)
  std::uint64_t ticks_at_progress = 0;  ///< `ticks` when progress was last marked
  std::vector<Component*> components;
};

/// A named piece of hardware in the component tree ("dense.pe_array"): it owns its statistics,
/// its action counts (costed by the tech table) and its area and leakage entries.
class Component {
 public:
  Component(SimContext& ctx, Component* parent, std::string name, std::string type);
  virtual ~Component() = default;
  Component(const Component&) = delete;
  Component& operator=(const Component&) = delete;

  const std::string& path() const { return path_; }
  const std::string& type() const { return type_; }
  SimContext& ctx() const { return ctx_; }
  Tick now() const { return ctx_.queue.now(); }
  StatGroup& stats() { return stats_; }
  const StatGroup& stats() const { return stats_; }
  ActionCounts& actions() { return actions_; }
  const ActionCounts& actions() const { return actions_; }
  const Cost& area_um2() const { return area_um2_; }
  const Cost& leakage_mw() const { return leakage_mw_; }
  void set_area_um2(Cost c) { area_um2_ = std::move(c); }
  void set_leakage_mw(Cost c) { leakage_mw_ = std::move(c); }
  /// Declares an action whose energy comes from the tech table's "energy" section.
  ActionCounts::Id declare_action(const std::string& name, const std::string& tech_key);
  const TechTable& tech() const;
  /// The component's own random stream, seeded from the run seed and its path only
  /// (stream_seed()): identical at any -j and whatever the construction order.
  RandomStream& rng() { return rng_; }

  /// True while the component holds work it has not finished (watchdog and deadlock reports).
  virtual bool has_work() const { return false; }
  /// One line on its queues and state, printed when a run is stuck.
  virtual std::string state() const { return {}; }
  /// Brings counts that a sleeping component computes when it wakes (a DRAM's refreshes and
  /// background time while idle) up to now(); called before a phase's statistics are read.
  virtual void settle() {}

 protected:
  /// Marks that useful work happened now, so the watchdog knows the run is not stuck.
  void progress() {
    ctx_.last_progress = now();
    ctx_.ticks_at_progress = ctx_.ticks;
  }

 private:
  SimContext& ctx_;
  std::string path_, type_;
  RandomStream rng_;
  StatGroup stats_;
  ActionCounts actions_;
  Cost area_um2_{0, "none"}, leakage_mw_{0, "none"};
};

/// A clocked component that is ticked only while it has work: tick() returns whether it wants
/// the next cycle too; otherwise it sleeps until something calls wake_at() (a channel delivery,
/// freed space, a finished request). A sleeping component costs no host time.
class Ticked : public Component, public EventHandler, private TickGroup::Member {
 public:
  Ticked(SimContext& ctx, Component* parent, std::string name, std::string type,
         const ClockDomain& clock);
  const ClockDomain& clock() const { return clock_; }
  /// Ticks at the first edge of this clock at or after `t` (and after the last tick).
  void wake_at(Tick t);
  void wake() { wake_at(now()); }
  bool asleep() const { return next_tick_ == kTickNever; }
  std::uint64_t ticks() const { return ticks_.count(); }
  /// From now on the component's ticks come from `group` (same clock), one event per cycle
  /// for all its members. Call before its first wake.
  void join(TickGroup& group);

 protected:
  virtual bool tick() = 0;

 private:
  void process(std::uint32_t /*tag*/) override { run_tick(now()); }
  void run_tick(Tick t) override;
  const ClockDomain& clock_;
  TickGroup* group_ = nullptr;
  Counter& ticks_;
  Tick next_tick_ = kTickNever;
  Tick last_tick_ = kTickNever;
};

}  // namespace axsim::sim
