// SPDX-License-Identifier: Apache-2.0
#include "run/phase_loop.hpp"

#include <fmt/format.h>

#include "sim/error.hpp"

namespace axsim::run {

namespace {
constexpr double kPjPerMwSecond = 1e9;  // 1 mW x 1 s = 1 mJ = 1e9 pJ
// The unit's stack must account for every cycle of the phase on every lane.
void collect_cycle_stack(const arch::Unit& unit, results::PhaseRecord& rec) {
  const sim::PhaseCycleStack stack = unit.phase_cycle_stack();
  rec.lanes = stack.lanes;
  rec.cycle_stack = stack.sum.counts();
  std::uint64_t sum = 0;
  for (std::uint64_t n : rec.cycle_stack) sum += n;
  if (sum != std::uint64_t(stack.lanes) * rec.cycles)
    throw sim::SimError(fmt::format("phase {}: unit {}'s cycle stack holds {} lane cycles, not "
                                    "{} lanes x {} cycles",
                                    rec.name, unit.path(), sum, stack.lanes, rec.cycles));
}

}  // namespace

std::vector<results::ComponentRow> component_rows(const sim::SimContext& ctx) {
  std::vector<results::ComponentRow> rows;
  for (const sim::Component* c : ctx.components)
    rows.push_back({c->path(), c->type(), c->area_um2().value, c->leakage_mw().value,
                    c->area_um2().source, c->leakage_mw().source});
  return rows;
}

results::PhaseRecord collect_phase(int index, const arch::Phase& phase, const arch::Unit& unit,
                                   sim::SimContext& ctx) {
  results::PhaseRecord rec;
  rec.index = index;
  rec.name = phase.name();
  rec.kind = phase.kind();
  rec.cycles = unit.phase_ticks() / unit.clock().period_ps();
  rec.time_s = static_cast<double>(unit.phase_ticks()) / sim::kTicksPerSecond;
  rec.work = unit.phase_work(phase);
  rec.useful_work = unit.phase_useful_work(phase);
  rec.work_unit = unit.work_unit();
  rec.peak_work_per_cycle = unit.peak_work_per_cycle();
  rec.utilization = rec.cycles ? double(unit.phase_ops(phase)) /
                                     (double(rec.cycles) * unit.peak_work_per_cycle())
                               : 0.0;
  for (const std::string& line : unit.phase_shortfalls())
    rec.infeasible += (rec.infeasible.empty() ? "" : "; ") + line;
  for (sim::Component* c : ctx.components) c->settle();
  collect_cycle_stack(unit, rec);
  for (sim::Component* c : ctx.components) {
    for (const sim::Stat* s : c->stats().all()) {
      rec.stats.push_back({c->path(), s->name(), s->unit(), s->description(), s->value()});
      if (const auto* h = dynamic_cast<const sim::Histogram*>(s))
        rec.histograms.push_back({c->path(), h->name(), h->bucket_width(), h->buckets()});
    }
    for (const auto& a : c->actions().all())
      rec.actions.push_back({c->path(), a.name, a.count, a.energy_pj.value, a.energy_pj.source});
    rec.energy.push_back({c->path(), c->actions().dynamic_energy_pj(),
                          c->leakage_mw().value * rec.time_s * kPjPerMwSecond});
    c->stats().reset();
    c->actions().reset();
  }
  return rec;
}

LoopTotals run_phases(sim::Simulation& sim, arch::Unit& unit,
                      const std::vector<const arch::Phase*>& phases, const LoopOptions& options) {
  for (const arch::Phase* phase : phases) unit.check_phase(*phase);
  LoopTotals totals;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const arch::Phase& phase = *phases[i];
    if (options.on_start) options.on_start(i, phases.size(), phase);
    unit.start_phase(phase);
    sim.run_phase([&] { return unit.phase_done(); }, unit.clock());
    if (options.verify) unit.verify_phase(phase);
    const results::PhaseRecord rec = collect_phase(static_cast<int>(i), phase, unit, sim.ctx());
    if (options.fail_infeasible && !rec.infeasible.empty())
      throw sim::ConfigError(fmt::format("layer {} does not fit the design: {} (the config's "
                                         "\"infeasible\" is \"fail\")",
                                         rec.name, rec.infeasible));
    totals.events = sim.events_processed();
    totals.ticks += unit.phase_ticks();
    if (options.on_phase) options.on_phase(rec);
  }
  return totals;
}

}  // namespace axsim::run
