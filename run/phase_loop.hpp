// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "arch/unit.hpp"
#include "results/results_db.hpp"
#include "sim/simulation.hpp"

namespace axsim::run {

/// Area and leakage of every component, in construction order (the `components` table).
std::vector<results::ComponentRow> component_rows(const sim::SimContext& ctx);

/// One phase's record: cycles, time, work, utilization, and every component's statistics,
/// actions and energy (dynamic from its actions, leakage x the phase's time). Resets the stats
/// and action counts for the next phase.
results::PhaseRecord collect_phase(int index, const arch::Phase& phase, const arch::Unit& unit,
                                   sim::SimContext& ctx);

struct LoopOptions {
  bool verify = false;  ///< verify each phase's result by the unit's rule (axsim run --check)
  /// A phase the design cannot hold (Unit::phase_shortfalls) fails the run with ConfigError
  /// instead of being recorded with its `infeasible` note.
  bool fail_infeasible = false;
  /// Called before each phase starts (index, count, the phase): progress reports.
  std::function<void(std::size_t, std::size_t, const arch::Phase&)> on_start;
  /// Called with each finished phase's record, as it is produced.
  std::function<void(const results::PhaseRecord&)> on_phase;
};

struct LoopTotals {
  std::uint64_t events = 0;
  std::uint64_t ticks = 0;  ///< simulated time summed over phases
};

/// The phase loop every unit runs under: checks every phase first (a phase the unit cannot run
/// is reported before anything is simulated), then starts each, runs the event queue until the
/// unit reports it done (deadlock and watchdog errors come from sim::Simulation), verifies it
/// when asked, and collects its record. Throws ConfigError or SimError.
LoopTotals run_phases(sim::Simulation& sim, arch::Unit& unit,
                      const std::vector<const arch::Phase*>& phases, const LoopOptions& options);

}  // namespace axsim::run
