// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the EIE unit on configs/eie.json: VGG-6 (25088 x 4096, 4 % weights,
// 18.3 % activations) on 64 PEs. The matrix is compressed before the timed loop; each iteration
// builds the unit, lays the matrix out for the PEs (start_layer) and simulates the layer.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"
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
  const tools::RunConfig rc = bench::shipped_config("eie");
  bench::simulate_layers(state, rc, vgg6(rc));
}

}  // namespace

BENCHMARK(BM_EieVgg6)->Unit(benchmark::kMillisecond)->Iterations(3);
