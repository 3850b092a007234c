// SPDX-License-Identifier: Apache-2.0
// The floor that EIE's simulation speed is measured against (issue: simulation speed): a plain
// C++ sparse matrix x sparse vector, the work EIE does, with no simulation at all. The matrix is
// stored by columns (CSC, as EIE's trace holds it) and only the non-zero activations are
// visited. Reports useful multiply-adds per second (non-zero weight x non-zero activation).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

struct Csc {
  std::vector<std::uint32_t> col_begin, rows;
  std::vector<float> values;
};

Csc random_csc(int rows, int cols, double density, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution keep(density);
  std::uniform_real_distribution<float> value(-1.0f, 1.0f);
  Csc m;
  m.col_begin.push_back(0);
  for (int c = 0; c < cols; ++c) {
    for (int r = 0; r < rows; ++r)
      if (keep(rng))
        m.rows.push_back(static_cast<std::uint32_t>(r)), m.values.push_back(value(rng));
    m.col_begin.push_back(static_cast<std::uint32_t>(m.rows.size()));
  }
  return m;
}

/// y = W x over the non-zero entries of x (index, value pairs).
void spmspv(const Csc& w, const std::vector<std::pair<std::uint32_t, float>>& x,
            std::vector<float>& y) {
  std::fill(y.begin(), y.end(), 0.0f);
  for (const auto& [col, a] : x)
    for (std::uint32_t k = w.col_begin[col]; k < w.col_begin[col + 1]; ++k)
      y[w.rows[k]] += w.values[k] * a;
}

// Args: rows, columns, weight density and activation density in percent.
void BM_FloorSpmspv(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0)), cols = static_cast<int>(state.range(1));
  const Csc w = random_csc(rows, cols, static_cast<double>(state.range(2)) / 100.0, 1);
  std::mt19937_64 rng(2);
  std::bernoulli_distribution active(static_cast<double>(state.range(3)) / 100.0);
  std::vector<std::pair<std::uint32_t, float>> x;
  std::uint64_t useful = 0;
  for (int c = 0; c < cols; ++c)
    if (active(rng)) {
      x.emplace_back(static_cast<std::uint32_t>(c), 0.5f);
      useful += w.col_begin[c + 1] - w.col_begin[c];
    }
  std::vector<float> y(static_cast<std::size_t>(rows));
  for (auto _ : state) {
    spmspv(w, x, y);
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["useful_macs_per_s"] = benchmark::Counter(
      static_cast<double>(useful * state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

// EIE's Alex-7 shape: 4096 x 4096, 9 % weights, 35 % activations (Han et al., ISCA 2016, Table
// III).
BENCHMARK(BM_FloorSpmspv)
    ->ArgNames({"rows", "cols", "w_pct", "a_pct"})
    ->Args({4096, 4096, 9, 35})
    ->Unit(benchmark::kMicrosecond);
