// SPDX-License-Identifier: Apache-2.0
// The cost of a sweep point to the one writer (rank 0 of `axsim sweep --mpi`, or the writer
// thread): decoding a finished record from its message, and storing records in one transaction
// of 1, 16 or 256 points (docs/sweeps.md turns these into how many ranks rank 0 can serve).
// The record is a real one: configs/dense.json on LeNet-5, with every statistic ("full") or
// only the per-layer rows (a spec's "store": "layers").
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

#include "results/results_db.hpp"
#include "results/run_record_codec.hpp"
#include "tools/axsim/runner.hpp"

namespace {

using namespace axsim;

results::RunRecord real_record(bool full) {
  tools::RunOptions o;
  o.config_path = std::string(AXSIM_SOURCE_DIR) + "/configs/dense.json";
  o.workload = "lenet5";
  o.tags.run_key = "bench";
  results::RunRecord r = tools::run_in_memory(o);
  if (!full)
    for (results::PhaseRecord& p : r.phases) p.stats.clear(), p.histograms.clear(), p.actions.clear();
  return r;
}

void BM_SweepDecode(benchmark::State& state) {
  const std::string bytes = results::encode_run_record(real_record(state.range(0) != 0));
  for (auto _ : state) benchmark::DoNotOptimize(results::decode_run_record(bytes, "bench"));
  state.counters["bytes_per_point"] = static_cast<double>(bytes.size());
  state.counters["points_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate);
}

void BM_SweepStore(benchmark::State& state) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / fmt::format("axsim_bench_store_{}.db", getpid());
  std::filesystem::remove(path);
  results::ResultsDb db(path.string());
  const results::SweepInfo info{std::string("bench"), std::string("bench.json"), std::string("{}"),
                                std::string("0"), std::string("bench"), 1, {}};
  const std::int64_t sweep_id = db.upsert_sweep(info);
  results::ResultsDb::FinishedPoint point{real_record(state.range(0) != 0), 0, std::nullopt};
  point.record.info.sweep_id = sweep_id;
  const std::vector<const results::ResultsDb::FinishedPoint*> batch(
      static_cast<std::size_t>(state.range(1)), &point);
  for (auto _ : state) db.store_sweep_batch(sweep_id, batch, {});
  state.counters["points_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(1)), benchmark::Counter::kIsRate);
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(fmt::format("{}{}", path.string(), suffix));
}

}  // namespace

BENCHMARK(BM_SweepDecode)->ArgName("full")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SweepStore)
    ->ArgNames({"full", "batch"})
    ->ArgsProduct({{0, 1}, {1, 16, 256}})
    ->Unit(benchmark::kMillisecond);
