// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the SCNN unit on configs/scnn.json: VGG-16 conv3_2 (256 x 56 x 56 -> 256,
// 3 x 3; 1.85 G dense MACs) with Deep Compression's 24 % weights and 40 % activations. The layer
// is compressed before the timed loop; each iteration builds the unit, plans the layer and
// simulates it.
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

const char* kRecipe = R"({"axsim_recipe": 1, "name": "bench", "seed": 1, "defaults": {
  "prune": {"density": "paper"}, "quantize": {"scheme": "uniform", "bits": 8},
  "encoding": {"format": "scnn", "index_bits": 4, "pointer_bits": 32},
  "activations": {"source": "synthetic", "density": 0.4, "bits": 8}}})";

workloads::Workload vgg_conv3_2(std::uint64_t seed) {
  workloads::Model m = workloads::make_zoo_model("vgg16", seed);
  std::erase_if(m.layers, [](const workloads::ModelLayer& l) { return l.name != "conv3_2"; });
  m.sequential = false;
  const workloads::Recipe r = workloads::parse_recipe("bench", kRecipe);
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "bench"), "vgg");
}

void BM_ScnnVggConv3_2(benchmark::State& state) {
  const std::string path = std::string(AXSIM_SOURCE_DIR) + "/configs/scnn.json";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const tools::RunConfig rc = tools::parse_config(path, text.str());
  const sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  const workloads::Workload wl = vgg_conv3_2(rc.seed);
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

BENCHMARK(BM_ScnnVggConv3_2)->Unit(benchmark::kMillisecond)->Iterations(2);
