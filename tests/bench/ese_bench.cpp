// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the ESE unit on configs/ese.json: one full sequence of the ESE LSTM
// (configs/topologies/ese_lstm.json: 16 frames of the 1,024-cell LSTMP) on 32 channels x 32 PEs,
// the weights streamed from DRAM every step. The layer is compressed before the timed loop; each
// iteration builds the unit and simulates the sequence. useful_ops_per_s counts the non-zero
// multiply-accumulates the PEs executed.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_support.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/topology.hpp"

namespace {

using namespace axsim;

workloads::Workload ese_lstm(const tools::RunConfig& rc) {
  const workloads::Model m = workloads::read_topology(rc.workload, rc.seed);
  workloads::Recipe r = workloads::load_recipe(rc.recipe_path);
  r.seed = rc.seed;
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "bench"),
                                        "ese-lstm");
}

void BM_EseLstmSequence(benchmark::State& state) {
  const tools::RunConfig rc = bench::shipped_config("ese");
  bench::simulate_layers(state, rc, ese_lstm(rc));
}

}  // namespace

BENCHMARK(BM_EseLstmSequence)->Unit(benchmark::kMillisecond)->Iterations(3);
