// SPDX-License-Identifier: Apache-2.0
// A whole dense run (LeNet-5 and AlexNet conv layers) through the runner, without the database
// cost dominating: simulated cycles per second and events per second are reported as counters.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "tools/axsim/runner.hpp"

namespace {

void run_workload(benchmark::State& state, const char* workload) {
  const std::string db =
      (std::filesystem::temp_directory_path() / "axsim_dense_bench.db").string();
  std::uint64_t cycles = 0, events = 0;
  for (auto _ : state) {
    axsim::tools::RunOptions opt;
    opt.config_path = std::string(AXSIM_SOURCE_DIR) + "/configs/dense.json";
    opt.workload = workload;
    opt.db_path = db;
    const axsim::tools::RunResult r = axsim::tools::run(opt);
    if (r.exit_code != 0) state.SkipWithError(r.error.c_str());
    for (const auto& l : r.layers) cycles += l.cycles;
    events += r.events;
  }
  state.counters["sim_cycles_per_s"] = benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  std::filesystem::remove(db);
}

void BM_DenseLenet5(benchmark::State& state) { run_workload(state, "lenet5"); }
void BM_DenseAlexnet(benchmark::State& state) { run_workload(state, "alexnet"); }

}  // namespace

BENCHMARK(BM_DenseLenet5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DenseAlexnet)->Unit(benchmark::kSecond)->Iterations(1);
