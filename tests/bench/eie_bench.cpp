// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the EIE unit on configs/eie.json: VGG-6 (25088 x 4096, 4 % weights,
// 18.3 % activations) on 64 PEs. The matrix is compressed before the timed loop; each iteration
// builds the unit, lays the matrix out for the PEs (start_layer) and simulates the layer.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "sim/simulation.hpp"
#include "tools/axsim/config.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace {

using namespace axsim;

workloads::Workload vgg6(const tools::RunConfig& rc) {
  workloads::Model m = workloads::make_zoo_model("eie-benchmarks", rc.seed);
  std::erase_if(m.layers, [](const workloads::ModelLayer& l) { return l.name != "VGG-6"; });
  workloads::Recipe r = workloads::load_recipe(rc.recipe_path);
  r.seed = rc.seed;
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "bench"), "vgg6");
}

void BM_EieVgg6(benchmark::State& state) {
  const std::string path = std::string(AXSIM_SOURCE_DIR) + "/configs/eie.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const tools::RunConfig rc = tools::parse_config(path, text.str());
  const sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  const workloads::Workload wl = vgg6(rc);
  std::uint64_t cycles = 0, events = 0;
  for (auto _ : state) {
    sim::Simulation s(&tech, rc.seed, rc.watchdog_cycles);
    for (const auto& c : rc.clocks) s.add_clock(c.name, c.period_ps);
    auto unit = rc.unit->build(s, rc.unit_name);
    unit->start_layer(wl.layers.at(0));
    s.run_phase([&] { return unit->layer_done(); }, unit->clock());
    cycles += unit->layer_ticks() / unit->clock().period_ps();
    events += s.events_processed();
  }
  state.counters["sim_cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_EieVgg6)->Unit(benchmark::kMillisecond)->Iterations(3);
