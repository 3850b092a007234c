// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the cycle-level DRAM on its own: 64 B requests, 64 in flight, streaming
// (row hits) and random (row conflicts) on DDR4-2400. Counters: simulated DRAM cycles, events
// and bytes moved per second of host time.
#include <benchmark/benchmark.h>

#include "arch/common/dram/traffic.hpp"

namespace {

using namespace axsim::arch;

void run(benchmark::State& state, const std::string& pattern) {
  DramSpec spec;
  spec.model = "ddr4_2400";
  spec.queue_depth = 64;
  spec.ddr = *dram::find_ddr_preset(spec.model);
  std::uint64_t cycles = 0, events = 0, bytes = 0;
  for (auto _ : state) {
    const dram::TrafficResult r = dram::run_traffic(spec, {pattern, 50000, 64, false, 64, 1});
    cycles += r.cycles, events += r.events, bytes += r.bytes;
  }
  state.counters["sim_cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["bytes_per_s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsRate);
}

void BM_DramDdr4Sequential(benchmark::State& state) { run(state, "sequential"); }
void BM_DramDdr4Random(benchmark::State& state) { run(state, "random"); }

}  // namespace

BENCHMARK(BM_DramDdr4Sequential)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DramDdr4Random)->Unit(benchmark::kMillisecond);
