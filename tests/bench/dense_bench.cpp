// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the dense unit on configs/dense.json: only the simulated layers are timed
// (the workload is generated and the unit built before the timed loop). Reports simulated cycles
// per second and events per second.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"
#include "workloads/builtin.hpp"

namespace {

using namespace axsim;

void simulate_workload(benchmark::State& state, const char* name) {
  const tools::RunConfig rc = bench::shipped_config("dense");
  bench::simulate_layers(state, rc, workloads::make_builtin(name, rc.seed));
}

void BM_DenseLenet5(benchmark::State& state) { simulate_workload(state, "lenet5"); }
void BM_DenseAlexnet(benchmark::State& state) { simulate_workload(state, "alexnet"); }

}  // namespace

BENCHMARK(BM_DenseLenet5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseAlexnet)->Unit(benchmark::kSecond)->Iterations(1);
