// SPDX-License-Identifier: Apache-2.0
// What the unit benchmarks share: a shipped config, and a timed loop that builds the unit and
// simulates a workload's layers, reporting simulated cycles, events and useful work (the unit's
// phase_ops: non-zero products, MACs, ...) per second.
#pragma once
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "arch/layer_unit.hpp"
#include "sim/simulation.hpp"
#include "tools/axsim/config.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/layer.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::bench {

/// configs/<name>.json, parsed.
inline tools::RunConfig shipped_config(const std::string& name) {
  const std::string path = std::string(AXSIM_SOURCE_DIR) + "/configs/" + name + ".json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return tools::parse_config(path, text.str());
}

/// One layer of a built-in model (seeded weights), compressed by the recipe's JSON text, as the
/// trace a unit replays.
inline workloads::Workload zoo_layer(const std::string& model, const std::string& layer, const char* recipe,
                                     std::uint64_t seed) {
  workloads::Model m = workloads::make_zoo_model(model, seed);
  std::erase_if(m.layers, [&](const workloads::ModelLayer& l) { return l.name != layer; });
  m.sequential = false;
  const workloads::Recipe r = workloads::parse_recipe("bench", recipe);
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "bench"), model);
}

/// Each iteration builds the config's unit in a fresh simulation and runs every layer.
inline void simulate_layers(benchmark::State& state, const tools::RunConfig& rc,
                            const workloads::Workload& wl) {
  const sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  std::uint64_t cycles = 0, events = 0, ops = 0;
  for (auto _ : state) {
    sim::Simulation s(&tech, rc.seed, rc.watchdog_cycles);
    for (const auto& c : rc.clocks) s.add_clock(c.name, c.period_ps);
    auto unit = rc.unit->build(s, rc.unit_name);
    for (const auto& layer : wl.layers) {
      const arch::LayerPhase phase(layer, wl.source);
      unit->start_phase(phase);
      s.run_phase([&] { return unit->phase_done(); }, unit->clock());
      cycles += unit->phase_ticks() / unit->clock().period_ps();
      ops += unit->phase_ops(phase);
    }
    events += s.events_processed();
  }
  state.counters["sim_cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["useful_ops_per_s"] = benchmark::Counter(double(ops), benchmark::Counter::kIsRate);
}

}  // namespace axsim::bench
