// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the dense unit on configs/dense.json: only the simulated layers are timed
// (the workload is generated and the unit built before the timed loop). Reports simulated cycles
// per second and events per second.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "sim/simulation.hpp"
#include "tools/axsim/config.hpp"
#include "workloads/builtin.hpp"

namespace {

using namespace axsim;

void simulate_workload(benchmark::State& state, const char* name) {
  const std::string path = std::string(AXSIM_SOURCE_DIR) + "/configs/dense.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const tools::RunConfig rc = tools::parse_config(path, text.str());
  const sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  const workloads::Workload wl = workloads::make_builtin(name, rc.seed);
  std::uint64_t cycles = 0, events = 0;
  for (auto _ : state) {
    sim::Simulation s(&tech, rc.seed, rc.watchdog_cycles);
    for (const auto& c : rc.clocks) s.add_clock(c.name, c.period_ps);
    auto unit = rc.unit->build(s, rc.unit_name);
    for (const auto& layer : wl.layers) {
      unit->start_layer(layer);
      s.run_phase([&] { return unit->layer_done(); }, unit->clock());
      cycles += unit->layer_ticks() / unit->clock().period_ps();
    }
    events += s.events_processed();
  }
  state.counters["sim_cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
}

void BM_DenseLenet5(benchmark::State& state) { simulate_workload(state, "lenet5"); }
void BM_DenseAlexnet(benchmark::State& state) { simulate_workload(state, "alexnet"); }

}  // namespace

BENCHMARK(BM_DenseLenet5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseAlexnet)->Unit(benchmark::kSecond)->Iterations(1);
