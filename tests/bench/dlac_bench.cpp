// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the dLAC unit on configs/dlac.json: ResNet-34's layer3.1.conv1 (256 x 14 x
// 14 -> 256, 3 x 3: 115.6 M dense MACs) with ternary weights (TWN's 2-bit rule) and synthetic
// inputs at half density. The layer is compressed before the timed loop; each iteration builds
// the unit and simulates the layer. useful_ops_per_s counts the terms the PEs executed.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"

namespace {

using namespace axsim;

const char* kDlacRecipe = R"({"axsim_recipe": 1, "name": "bench", "seed": 1, "defaults": {
  "quantize": {"scheme": "two_bit"}, "encoding": {"format": "dense"}, "huffman": false,
  "activations": {"source": "synthetic", "density": 0.5, "bits": 16}}})";

void BM_DlacResnet34Conv(benchmark::State& state) {
  const tools::RunConfig rc = bench::shipped_config("dlac");
  bench::simulate_layers(state, rc,
                         bench::zoo_layer("resnet34", "layer3.1.conv1", kDlacRecipe, rc.seed));
}

}  // namespace

BENCHMARK(BM_DlacResnet34Conv)->Unit(benchmark::kMillisecond)->Iterations(3);
