// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the AON-CiM unit on configs/aon_cim.json (device model on: programming,
// drift and a read-noise draw per device read): ResNet-34's layer3.1.conv1 (256 x 14 x 14 ->
// 256, 3 x 3: 115.6 M dense MACs) with 8-bit uniform weights and synthetic 8-bit inputs at
// half density. The layer is compressed before the timed loop; each iteration builds the unit,
// programs the layer's devices and simulates it. useful_ops_per_s counts the analog MACs (every
// device pair of every block read, in every input phase).
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"

namespace {

using namespace axsim;

const char* kAonCimRecipe = R"({"axsim_recipe": 1, "name": "bench", "seed": 1, "defaults": {
  "quantize": {"scheme": "uniform", "bits": 8}, "encoding": {"format": "dense"}, "huffman": false,
  "activations": {"source": "synthetic", "density": 0.5, "bits": 8}}})";

void BM_AonCimResnet34Conv(benchmark::State& state) {
  const tools::RunConfig rc = bench::shipped_config("aon_cim");
  bench::simulate_layers(state, rc,
                         bench::zoo_layer("resnet34", "layer3.1.conv1", kAonCimRecipe, rc.seed));
}

}  // namespace

BENCHMARK(BM_AonCimResnet34Conv)->Unit(benchmark::kMillisecond)->Iterations(1);
