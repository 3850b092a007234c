// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the SCNN unit on configs/scnn.json: VGG-16 conv3_2 (256 x 56 x 56 -> 256,
// 3 x 3; 1.85 G dense MACs) with Deep Compression's 24 % weights and 40 % activations, and
// AlexNet's five conv layers (0.67 G dense MACs) at Deep Compression's weight densities and 40 %
// activations. The layers are compressed before the timed loop; each iteration builds the unit,
// plans the layers and simulates them. useful_ops_per_s counts non-zero products.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace {

using namespace axsim;

const char* kScnnRecipe = R"({"axsim_recipe": 1, "name": "bench", "seed": 1, "defaults": {
  "prune": {"density": "paper"}, "quantize": {"scheme": "uniform", "bits": 8},
  "encoding": {"format": "scnn", "index_bits": 4, "pointer_bits": 32},
  "activations": {"source": "synthetic", "density": 0.4, "bits": 8}}})";

// The model's layers whose names start with `prefix`, compressed with kScnnRecipe.
workloads::Workload layers_of(const std::string& model, const std::string& prefix, std::uint64_t seed) {
  workloads::Model m = workloads::make_zoo_model(model, seed);
  std::erase_if(m.layers, [&](const workloads::ModelLayer& l) { return l.name.rfind(prefix, 0) != 0; });
  m.sequential = false;
  const workloads::Recipe r = workloads::parse_recipe("bench", kScnnRecipe);
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "bench"), model);
}

void BM_ScnnVggConv3_2(benchmark::State& state) {
  const tools::RunConfig rc = bench::shipped_config("scnn");
  bench::simulate_layers(state, rc, layers_of("vgg16", "conv3_2", rc.seed));
}

void BM_ScnnAlexnetConv(benchmark::State& state) {
  const tools::RunConfig rc = bench::shipped_config("scnn");
  bench::simulate_layers(state, rc, layers_of("alexnet", "conv", rc.seed));
}

}  // namespace

BENCHMARK(BM_ScnnVggConv3_2)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK(BM_ScnnAlexnetConv)->Unit(benchmark::kMillisecond)->Iterations(2);
