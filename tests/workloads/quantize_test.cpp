// SPDX-License-Identifier: Apache-2.0
// Weight and activation quantizers: for every scheme pruned weights stay exactly 0 with code 0,
// values decode from the codes, the number of levels is bounded and pruned weights do not
// influence the result; then per-scheme checks against hand-computed examples (Deep
// Compression, TTQ, dLAC: docs/references.md) and accuracy properties (SQNR, relative error),
// and the argument errors.
#include "workloads/quantize/quantize.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/rng.hpp"

namespace axsim::workloads::quantize_test {
namespace {

using Mask = std::vector<std::uint8_t>;

std::vector<float> gaussian(std::size_t n, std::uint64_t seed, double sigma = 0.05) {
  Rng rng(seed);
  std::vector<float> w(n);
  for (float& x : w) x = static_cast<float>(sigma * rng.normal());
  return w;
}

// About a third of the weights pruned, at seeded positions.
Mask random_mask(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  Mask m(n);
  for (auto& k : m) k = rng.uniform() < 0.66 ? 1 : 0;
  return m;
}

Mask keep_all(std::size_t n) { return Mask(n, 1); }

QuantSpec make(QuantScheme scheme, int bits) {
  QuantSpec s;
  s.scheme = scheme;
  s.bits = bits;
  return s;
}

QuantSpec uniform(int bits, bool symmetric, bool per_channel) {
  QuantSpec s = make(QuantScheme::kUniform, bits);
  s.symmetric = symmetric;
  s.per_channel = per_channel;
  return s;
}

QuantSpec adaptivfloat(int bits, int exp_bits) {
  QuantSpec s = make(QuantScheme::kAdaptivFloat, bits);
  s.exp_bits = exp_bits;
  return s;
}

// One or more configurations of every scheme.
std::vector<QuantSpec> all_specs() {
  return {make(QuantScheme::kNone, 32),      uniform(8, true, false),
          uniform(4, true, true),            uniform(8, false, false),
          uniform(3, false, true),           make(QuantScheme::kKmeans, 4),
          make(QuantScheme::kKmeans, 1),     make(QuantScheme::kTernary, 2),
          make(QuantScheme::kTwoBit, 2),     adaptivfloat(8, 3),
          adaptivfloat(4, 3),                make(QuantScheme::kLog, 5)};
}

std::string label(const QuantSpec& s) {
  return std::string(to_string(s.scheme)) + " bits=" + std::to_string(s.bits) +
         (s.symmetric ? " sym" : " asym") + (s.per_channel ? " per-row" : "");
}

constexpr std::int64_t kRows = 16, kCols = 48;

// The value the codes stand for: the uniform formula or the codebook entry.
float decoded(const Quantized& q, std::size_t i) {
  if (q.spec.scheme == QuantScheme::kUniform) {
    const std::size_t g = q.scales.size() == 1 ? 0 : i / std::size_t(kCols);
    return static_cast<float>(double(q.codes[i] - q.zero_points[g]) * double(q.scales[g]));
  }
  return q.codebook.at(std::size_t(q.codes[i]));
}

double sqnr_db(const std::vector<float>& w, const Mask& mask, const Quantized& q) {
  double signal = 0.0, noise = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!mask[i]) continue;
    signal += double(w[i]) * w[i];
    noise += (double(w[i]) - q.values[i]) * (double(w[i]) - q.values[i]);
  }
  return 10.0 * std::log10(signal / noise);
}

std::size_t distinct_nonzero(const Quantized& q) {
  std::set<float> s;
  for (float v : q.values)
    if (v != 0.0f) s.insert(v);
  return s.size();
}

// ---------------------------------------------------------------- every scheme

TEST(QuantizeAll, PrunedWeightsAreExactlyZeroWithCodeZero) {
  const auto w = gaussian(kRows * kCols, 1);
  const Mask mask = random_mask(w.size(), 2);
  for (const QuantSpec& spec : all_specs()) {
    const Quantized q = quantize(w, mask, kRows, kCols, spec);
    ASSERT_EQ(q.codes.size(), w.size()) << label(spec);
    ASSERT_EQ(q.values.size(), w.size()) << label(spec);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (mask[i]) continue;
      EXPECT_EQ(q.codes[i], 0) << label(spec) << " at " << i;
      EXPECT_EQ(q.values[i], 0.0f) << label(spec) << " at " << i;
      EXPECT_FALSE(std::signbit(q.values[i])) << label(spec) << " at " << i;
    }
  }
}

TEST(QuantizeAll, ValuesDecodeFromCodes) {
  const auto w = gaussian(kRows * kCols, 3);
  const Mask mask = random_mask(w.size(), 4);
  for (const QuantSpec& spec : all_specs()) {
    if (spec.scheme == QuantScheme::kNone) continue;
    const Quantized q = quantize(w, mask, kRows, kCols, spec);
    for (std::size_t i = 0; i < w.size(); ++i)
      if (mask[i]) {
        EXPECT_EQ(q.values[i], decoded(q, i)) << label(spec) << " at " << i;
      }
    if (spec.scheme != QuantScheme::kUniform) {
      EXPECT_EQ(q.codebook.at(0), 0.0f) << label(spec);
      EXPECT_TRUE(q.scales.empty()) << label(spec);
    }
  }
}

TEST(QuantizeAll, CodesFitCodeBits) {
  const auto w = gaussian(kRows * kCols, 5);
  const Mask mask = random_mask(w.size(), 6);
  for (const QuantSpec& spec : all_specs()) {
    if (spec.scheme == QuantScheme::kNone) continue;
    const Quantized q = quantize(w, mask, kRows, kCols, spec);
    const std::int64_t n = std::int64_t(1) << q.code_bits;
    const bool is_signed = spec.scheme == QuantScheme::kUniform;
    const std::int64_t lo = is_signed ? -n / 2 : 0, hi = is_signed ? n / 2 - 1 : n - 1;
    for (std::int32_t c : q.codes) {
      EXPECT_GE(c, lo) << label(spec);
      EXPECT_LE(c, hi) << label(spec);
    }
    if (!is_signed) {
      EXPECT_LE(std::int64_t(q.codebook.size()), n) << label(spec);
    }
  }
}

// Code 0 is a zero for every codebook scheme and symmetric uniform (what the encoders assume).
TEST(QuantizeAll, CodeZeroMeansValueZero) {
  const auto w = gaussian(kRows * kCols, 7);
  const Mask mask = random_mask(w.size(), 8);
  for (const QuantSpec& spec : all_specs()) {
    if (spec.scheme == QuantScheme::kUniform && !spec.symmetric) continue;
    const Quantized q = quantize(w, mask, kRows, kCols, spec);
    for (std::size_t i = 0; i < w.size(); ++i)
      EXPECT_EQ(q.codes[i] == 0, q.values[i] == 0.0f) << label(spec) << " at " << i;
  }
}

TEST(QuantizeAll, DistinctNonZeroValuesAreBounded) {
  const auto w = gaussian(kRows * kCols, 9);
  const Mask mask = random_mask(w.size(), 10);
  for (const QuantSpec& spec : all_specs()) {
    if (spec.scheme == QuantScheme::kNone || spec.per_channel) continue;
    const Quantized q = quantize(w, mask, kRows, kCols, spec);
    std::size_t bound = (std::size_t(1) << spec.bits) - 1;  // uniform, kmeans
    if (spec.scheme == QuantScheme::kTernary || spec.scheme == QuantScheme::kTwoBit) bound = 2;
    if (spec.scheme == QuantScheme::kAdaptivFloat || spec.scheme == QuantScheme::kLog)
      bound = (std::size_t(1) << spec.bits) - 2;  // +-0 both decode to 0
    EXPECT_LE(distinct_nonzero(q), bound) << label(spec);
    EXPECT_GT(distinct_nonzero(q), 0u) << label(spec);
  }
}

TEST(QuantizeAll, PrunedWeightsDoNotInfluenceTheResult) {
  const auto w = gaussian(kRows * kCols, 11);
  const Mask mask = random_mask(w.size(), 12);
  auto w2 = w;
  for (std::size_t i = 0; i < w2.size(); ++i)
    if (!mask[i]) w2[i] = (i % 2 ? 100.0f : -100.0f);
  for (const QuantSpec& spec : all_specs()) {
    const Quantized a = quantize(w, mask, kRows, kCols, spec);
    const Quantized b = quantize(w2, mask, kRows, kCols, spec);
    EXPECT_EQ(a.codes, b.codes) << label(spec);
    EXPECT_EQ(a.values, b.values) << label(spec);
    EXPECT_EQ(a.codebook, b.codebook) << label(spec);
    EXPECT_EQ(a.scales, b.scales) << label(spec);
    EXPECT_EQ(a.zero_points, b.zero_points) << label(spec);
  }
}

TEST(QuantizeAll, IsDeterministic) {
  const auto w = gaussian(kRows * kCols, 13);
  const Mask mask = random_mask(w.size(), 14);
  for (const QuantSpec& spec : all_specs()) {
    const Quantized a = quantize(w, mask, kRows, kCols, spec);
    const Quantized b = quantize(w, mask, kRows, kCols, spec);
    EXPECT_EQ(a.codes, b.codes) << label(spec);
    EXPECT_EQ(a.values, b.values) << label(spec);
  }
}

TEST(QuantizeAll, FullyPrunedMatrixIsAllZero) {
  const auto w = gaussian(kRows * kCols, 15);
  const Mask none(w.size(), 0);
  for (const QuantSpec& spec : all_specs()) {
    const Quantized q = quantize(w, none, kRows, kCols, spec);
    EXPECT_EQ(q.codes, std::vector<std::int32_t>(w.size(), 0)) << label(spec);
    EXPECT_EQ(q.values, std::vector<float>(w.size(), 0.0f)) << label(spec);
  }
}

TEST(QuantizeAll, CodeBitsPerScheme) {
  const auto w = gaussian(kRows * kCols, 16);
  const Mask mask = keep_all(w.size());
  EXPECT_EQ(quantize(w, mask, kRows, kCols, make(QuantScheme::kNone, 8)).code_bits, 32);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, uniform(6, true, false)).code_bits, 6);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, make(QuantScheme::kKmeans, 5)).code_bits, 5);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, make(QuantScheme::kTernary, 8)).code_bits, 2);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, make(QuantScheme::kTwoBit, 8)).code_bits, 2);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, adaptivfloat(8, 3)).code_bits, 8);
  EXPECT_EQ(quantize(w, mask, kRows, kCols, make(QuantScheme::kLog, 4)).code_bits, 4);
}

TEST(QuantizeAll, NoneKeepsKeptWeights) {
  const std::vector<float> w = {0.5f, -0.25f, 0.0f, -0.0f, 3.0f};
  const Mask mask = {1, 1, 1, 1, 0};
  const Quantized q = quantize(w, mask, 1, 5, make(QuantScheme::kNone, 8));
  EXPECT_EQ(q.values, (std::vector<float>{0.5f, -0.25f, 0.0f, 0.0f, 0.0f}));
  EXPECT_NE(q.codes[0], 0);
  EXPECT_NE(q.codes[1], 0);
  EXPECT_EQ(q.codes[2], 0);
  EXPECT_EQ(q.codes[3], 0);  // -0.0 is a zero weight too
  EXPECT_EQ(q.codes[4], 0);
}

// ---------------------------------------------------------------- names

TEST(QuantizeNames, RoundTripAndUnknown) {
  for (const char* name :
       {"none", "uniform", "kmeans", "ternary", "two_bit", "adaptivfloat", "log"})
    EXPECT_STREQ(to_string(parse_quant_scheme(name)), name);
  EXPECT_THROW(parse_quant_scheme("int8"), std::invalid_argument);
  try {
    parse_quant_scheme("int8");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("kmeans"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------- uniform

TEST(QuantizeUniform, SymmetricHandComputed) {
  // 3 bits: levels -3..3, scale = 1.0 / 3.
  const std::vector<float> w = {1.0f, -0.6f, 0.26f, 0.0f, -7.0f};
  const Mask mask = {1, 1, 1, 1, 0};
  const Quantized q = quantize(w, mask, 1, 5, uniform(3, true, false));
  ASSERT_EQ(q.scales.size(), 1u);
  EXPECT_FLOAT_EQ(q.scales[0], 1.0f / 3);
  EXPECT_EQ(q.zero_points, std::vector<std::int32_t>{0});
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{3, -2, 1, 0, 0}));  // -1.8 -> -2, 0.78 -> 1
  EXPECT_FLOAT_EQ(q.values[0], 1.0f);
  EXPECT_FLOAT_EQ(q.values[1], -2.0f / 3);
}

TEST(QuantizeUniform, AsymmetricMakesZeroExact) {
  // Non-negative weights: the range [0, 1] is mapped onto levels -128..127, zero_point -128.
  std::vector<float> w(256);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = float(i) / 255.0f;
  Mask mask = keep_all(w.size());
  mask[10] = 0;
  const Quantized q = quantize(w, mask, 1, 256, uniform(8, false, false));
  EXPECT_EQ(q.zero_points, std::vector<std::int32_t>{-128});
  EXPECT_FLOAT_EQ(q.scales[0], 1.0f / 255);
  EXPECT_EQ(q.codes[0], -128);  // kept zero: level zero_point, value exactly 0
  EXPECT_EQ(q.values[0], 0.0f);
  EXPECT_EQ(q.codes[255], 127);
  EXPECT_EQ(q.codes[10], 0);  // pruned: code 0, value 0 (not the formula when zero_point != 0)
  EXPECT_EQ(q.values[10], 0.0f);
  for (std::size_t i = 0; i < w.size(); ++i)
    if (mask[i]) {
      EXPECT_NEAR(q.values[i], w[i], 0.5 / 255 + 1e-6) << i;
    }
}

TEST(QuantizeUniform, PerChannelHasOneScalePerRow) {
  constexpr std::int64_t rows = 4, cols = 64;
  auto w = gaussian(rows * cols, 20, 1.0);
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) w[r * cols + c] *= float(std::pow(10.0, double(r)));
  const Mask mask = random_mask(w.size(), 21);
  for (bool symmetric : {true, false}) {
    const Quantized q = quantize(w, mask, rows, cols, uniform(8, symmetric, true));
    ASSERT_EQ(q.scales.size(), std::size_t(rows));
    ASSERT_EQ(q.zero_points.size(), std::size_t(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
      double lo = 0, hi = 0;
      for (std::int64_t c = 0; c < cols; ++c) {
        if (!mask[r * cols + c]) continue;
        lo = std::min(lo, double(w[r * cols + c]));
        hi = std::max(hi, double(w[r * cols + c]));
      }
      const double expect = symmetric ? std::max(-lo, hi) / 127 : (hi - lo) / 255;
      EXPECT_NEAR(q.scales[r], expect, expect * 1e-6) << r;
      if (symmetric) {
        EXPECT_EQ(q.zero_points[r], 0);
      }
      for (std::int64_t c = 0; c < cols; ++c) {
        if (!mask[r * cols + c]) continue;
        EXPECT_NEAR(q.values[r * cols + c], w[r * cols + c], q.scales[r] * 0.5001) << r;
      }
    }
    EXPECT_GT(q.scales[3], 100 * q.scales[0]);
  }
}

TEST(QuantizeUniform, SqnrGrowsWithBits) {
  const auto w = gaussian(4096, 30);
  const Mask mask = random_mask(w.size(), 31);
  for (bool symmetric : {true, false}) {
    double prev = -1e9;
    for (int bits = 2; bits <= 12; ++bits) {
      const double s = sqnr_db(w, mask, quantize(w, mask, 64, 64, uniform(bits, symmetric, false)));
      EXPECT_GT(s, prev) << bits;
      prev = s;
    }
    EXPECT_GT(prev, 50.0);  // ~6 dB per bit
  }
}

// ---------------------------------------------------------------- k-means

TEST(QuantizeKmeans, LinearInitConvergesToObviousCentroids) {
  // Three tight groups; linear init over [-1.1, 2.1] gives -1.1, 0.5, 2.1 and Lloyd moves them
  // to the group means. The pruned 50.0 must not stretch the init range.
  const std::vector<float> w = {-1.0f, 0.5f, 2.0f, -0.9f, 0.6f, 2.1f, -1.1f, 0.4f, 1.9f, 50.0f};
  Mask mask = keep_all(w.size());
  mask[9] = 0;
  const Quantized q = quantize(w, mask, 1, 10, make(QuantScheme::kKmeans, 2));
  ASSERT_EQ(q.codebook.size(), 4u);
  EXPECT_EQ(q.codebook[0], 0.0f);
  EXPECT_NEAR(q.codebook[1], -1.0, 1e-6);
  EXPECT_NEAR(q.codebook[2], 0.5, 1e-6);
  EXPECT_NEAR(q.codebook[3], 2.0, 1e-6);
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 2, 3, 1, 2, 3, 1, 2, 3, 0}));
  EXPECT_EQ(q.code_bits, 2);
}

TEST(QuantizeKmeans, EmptyClusterKeepsItsCentroid) {
  // Linear init -1, 0, 1 (2 bits = 3 clusters): no weight is near 0, so the middle centroid is
  // empty and stays at 0 while the others move to -1 and 1 exactly.
  const std::vector<float> w = {-1.0f, -1.0f, 1.0f, 1.0f};
  const Quantized q = quantize(w, keep_all(4), 1, 4, make(QuantScheme::kKmeans, 2));
  EXPECT_EQ(q.codebook, (std::vector<float>{0.0f, -1.0f, 0.0f, 1.0f}));
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 1, 3, 3}));
}

TEST(QuantizeKmeans, OneBitIsTheMeanOfKeptWeights) {
  const std::vector<float> w = {0.1f, 0.2f, 0.6f, -9.0f};
  const Mask mask = {1, 1, 1, 0};
  const Quantized q = quantize(w, mask, 2, 2, make(QuantScheme::kKmeans, 1));
  ASSERT_EQ(q.codebook.size(), 2u);
  EXPECT_NEAR(q.codebook[1], 0.3, 1e-6);
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 1, 1, 0}));
}

// Textbook Lloyd: O(n K) nearest-centroid search (ties to the lower index), empty clusters keep
// their centroid. The quantizer's sorted-run implementation must give the same clustering.
std::vector<double> brute_force_lloyd(const std::vector<float>& kept, int k, int iterations) {
  const auto [lo, hi] = std::minmax_element(kept.begin(), kept.end());
  std::vector<double> c(k);
  for (int j = 0; j < k; ++j) c[j] = *lo + (double(*hi) - *lo) * j / (k - 1);
  std::vector<int> assign(kept.size(), -1);
  for (int it = 0; it <= iterations; ++it) {
    bool changed = false;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      int best = 0;
      for (int j = 1; j < k; ++j)
        if (std::fabs(kept[i] - c[j]) < std::fabs(kept[i] - c[best])) best = j;
      changed |= best != assign[i];
      assign[i] = best;
    }
    if (!changed || it == iterations) break;
    std::vector<double> sum(k, 0.0), n(k, 0.0);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      sum[assign[i]] += kept[i];
      n[assign[i]] += 1;
    }
    for (int j = 0; j < k; ++j)
      if (n[j] > 0) c[j] = sum[j] / n[j];
  }
  return c;
}

TEST(QuantizeKmeans, MatchesBruteForceLloyd) {
  const auto w = gaussian(1500, 45);
  const Mask mask = random_mask(w.size(), 46);
  std::vector<float> kept;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (mask[i]) kept.push_back(w[i]);
  for (int bits : {2, 3, 5}) {
    for (int iterations : {0, 1, 5, 30}) {
      QuantSpec spec = make(QuantScheme::kKmeans, bits);
      spec.kmeans_iterations = iterations;
      const Quantized q = quantize(w, mask, 30, 50, spec);
      const std::vector<double> ref = brute_force_lloyd(kept, (1 << bits) - 1, iterations);
      ASSERT_EQ(q.codebook.size(), ref.size() + 1);
      for (std::size_t j = 0; j < ref.size(); ++j)
        EXPECT_NEAR(q.codebook[j + 1], ref[j], 1e-6) << bits << " bits, " << iterations << " it";
    }
  }
}

TEST(QuantizeKmeans, KeptWeightsNeverGetCodeZero) {
  const auto w = gaussian(2048, 40);
  const Mask mask = random_mask(w.size(), 41);
  const Quantized q = quantize(w, mask, 32, 64, make(QuantScheme::kKmeans, 3));
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!mask[i]) continue;
    EXPECT_GE(q.codes[i], 1);
    EXPECT_LE(q.codes[i], 7);
  }
}

TEST(QuantizeKmeans, SqnrGrowsWithBits) {
  const auto w = gaussian(4096, 42);
  const Mask mask = random_mask(w.size(), 43);
  double prev = -1e9;
  for (int bits = 1; bits <= 8; ++bits) {
    const double s = sqnr_db(w, mask, quantize(w, mask, 64, 64, make(QuantScheme::kKmeans, bits)));
    EXPECT_GT(s, prev) << bits;
    prev = s;
  }
}

TEST(QuantizeKmeans, BeatsUniformAtFewBits) {
  // Weight sharing places levels where the weights are; a uniform grid wastes them on the tails.
  const auto w = gaussian(4096, 44);
  const Mask mask = keep_all(w.size());
  const double km = sqnr_db(w, mask, quantize(w, mask, 64, 64, make(QuantScheme::kKmeans, 3)));
  const double un = sqnr_db(w, mask, quantize(w, mask, 64, 64, uniform(3, true, false)));
  EXPECT_GT(km, un);
}

// ---------------------------------------------------------------- ternary and two_bit

TEST(QuantizeTernary, HandComputedScales) {
  // max|w| over kept = 1.0 (the pruned 5.0 is ignored), delta = 0.05.
  const std::vector<float> w = {1.0f, 0.8f, -0.6f, -0.2f, 0.04f, -0.03f, 5.0f, 0.0f};
  Mask mask = keep_all(w.size());
  mask[6] = 0;
  const Quantized q = quantize(w, mask, 2, 4, make(QuantScheme::kTernary, 2));
  ASSERT_EQ(q.codebook.size(), 3u);
  EXPECT_FLOAT_EQ(q.codebook[1], 0.9f);   // Wp = mean(1.0, 0.8)
  EXPECT_FLOAT_EQ(q.codebook[2], -0.4f);  // -Wn = -mean(0.6, 0.2)
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 1, 2, 2, 0, 0, 0, 0}));
  EXPECT_EQ(q.code_bits, 2);
}

TEST(QuantizeTernary, ThresholdFollowsSpec) {
  const std::vector<float> w = {1.0f, 0.3f, -0.3f, 0.1f};
  QuantSpec spec = make(QuantScheme::kTernary, 2);
  spec.ternary_threshold = 0.5;  // delta 0.5: only 1.0 survives
  const Quantized q = quantize(w, keep_all(4), 1, 4, spec);
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 0, 0, 0}));
  EXPECT_EQ(q.codebook[2], 0.0f);  // no negative weight: Wn = 0, unused
}

TEST(QuantizeTwoBit, HandComputedScale) {
  // mean|w| over kept = 2.4 / 6 = 0.4, delta = 0.28, alpha = mean(1.0, 0.5, 0.6) = 0.7.
  const std::vector<float> w = {1.0f, -0.5f, 0.1f, -0.2f, 0.0f, 0.6f, 9.0f, -9.0f};
  Mask mask = keep_all(w.size());
  mask[6] = mask[7] = 0;
  const Quantized q = quantize(w, mask, 2, 4, make(QuantScheme::kTwoBit, 2));
  ASSERT_EQ(q.codebook.size(), 3u);
  EXPECT_FLOAT_EQ(q.codebook[1], 0.7f);
  EXPECT_FLOAT_EQ(q.codebook[2], -0.7f);
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{1, 2, 0, 0, 0, 1, 0, 0}));
}

// ---------------------------------------------------------------- AdaptivFloat

TEST(QuantizeAdaptivFloat, CoversMaxWithSmallRelativeError) {
  const auto w = gaussian(4096, 50, 0.3);
  const Mask mask = random_mask(w.size(), 51);
  const Quantized q = quantize(w, mask, 64, 64, adaptivfloat(8, 3));  // m = 4
  double max_w = 0.0, min_level = 1e9;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (mask[i]) max_w = std::max(max_w, std::fabs(double(w[i])));
  const float max_rep = *std::max_element(q.codebook.begin(), q.codebook.end());
  EXPECT_GE(max_rep, max_w);
  for (float c : q.codebook)
    if (c > 0.0f) min_level = std::min(min_level, double(c));
  // 2^3 = 8 binades below 2^floor(log2 max): the smallest non-zero is (1 + 1/16) 2^exp_min.
  const double exp_min = std::floor(std::log2(max_w)) - 7;
  EXPECT_DOUBLE_EQ(min_level, (1.0 + 1.0 / 16) * std::exp2(exp_min));
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double a = std::fabs(double(w[i]));
    if (!mask[i] || a < 2 * min_level) continue;
    EXPECT_LE(std::fabs(q.values[i] - w[i]) / a, 1.0 / 32 + 1e-6) << w[i];  // half an ulp, m = 4
    EXPECT_EQ(std::signbit(q.values[i]), std::signbit(w[i]));
  }
}

TEST(QuantizeAdaptivFloat, SmallestCodeIsZero) {
  // bits 4, exp_bits 2, m = 1; max 1.5 -> exp_max 0, exp_min -3; magnitudes {0 (was 0.125),
  // 0.1875, 0.25, 0.375, 0.5, 0.75, 1, 1.5}.
  const std::vector<float> w = {1.5f, -0.05f, 0.1f, 0.7f, -1.2f, 0.3125f};
  const Quantized q = quantize(w, keep_all(6), 1, 6, adaptivfloat(4, 2));
  ASSERT_EQ(q.codebook.size(), 16u);
  EXPECT_EQ(q.codebook[0], 0.0f);
  EXPECT_EQ(q.codebook[8], 0.0f);  // negative-sign zero code decodes to +0 too
  EXPECT_EQ(q.values, (std::vector<float>{1.5f, 0.0f, 0.1875f, 0.75f, -1.0f, 0.25f}));
  EXPECT_EQ(q.codes[0], 7);
  EXPECT_EQ(q.codes[1], 0);         // below half the smallest level: zero, code 0
  EXPECT_EQ(q.codes[4], 8 | 6);     // sign bit, exponent field 3, mantissa 0
  EXPECT_EQ(q.values[5], 0.25f);    // tie between 0.25 and 0.375 goes to the lower code
}

TEST(QuantizeAdaptivFloat, ExponentMovesUpWhenMaxIsNotCovered) {
  // m = 0: floor(log2 1.9) = 0 would top out at 1.0 < 1.9, so exp_max becomes 1 (max 2.0).
  const std::vector<float> w = {1.9f, 0.5f, -0.25f, 0.0f};
  const Quantized q = quantize(w, keep_all(4), 1, 4, adaptivfloat(4, 3));
  const float max_rep = *std::max_element(q.codebook.begin(), q.codebook.end());
  EXPECT_EQ(max_rep, 2.0f);
  EXPECT_EQ(q.values, (std::vector<float>{2.0f, 0.5f, -0.25f, 0.0f}));
}

// ---------------------------------------------------------------- log

TEST(QuantizeLog, ValuesArePowersOfTwo) {
  const auto w = gaussian(4096, 60);
  const Mask mask = random_mask(w.size(), 61);
  const Quantized q = quantize(w, mask, 64, 64, make(QuantScheme::kLog, 4));
  double max_w = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (mask[i]) max_w = std::max(max_w, std::fabs(double(w[i])));
  const double top = std::exp2(std::ceil(std::log2(max_w)));
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (q.values[i] == 0.0f) continue;
    int e = 0;
    EXPECT_EQ(std::frexp(std::fabs(q.values[i]), &e), 0.5) << q.values[i];
    EXPECT_LE(std::fabs(q.values[i]), top);
    EXPECT_GE(std::fabs(q.values[i]), top / 64);  // 7 levels: 2^0 .. 2^-6 below the top
    EXPECT_EQ(std::signbit(q.values[i]), std::signbit(w[i]));
    // Rounded in the log domain: within half a binade.
    EXPECT_LE(std::fabs(std::log2(std::fabs(q.values[i] / w[i]))), 0.5 + 1e-9);
  }
}

TEST(QuantizeLog, RoundsInTheLogDomain) {
  // bits 3: 3 levels 1, 0.5, 0.25 (max 1.0 -> exp_max 0).
  const std::vector<float> w = {1.0f, 0.7f, 0.72f, -0.18f, 0.17f, 0.1f};
  const Quantized q = quantize(w, keep_all(6), 1, 6, make(QuantScheme::kLog, 3));
  // 0.7 < sqrt(0.5) -> 0.5; 0.72 > sqrt(0.5) -> 1; 0.18 > 0.25 / sqrt(2) -> 0.25; 0.17 and 0.1
  // round below the smallest level -> 0.
  EXPECT_EQ(q.values, (std::vector<float>{1.0f, 0.5f, 1.0f, -0.25f, 0.0f, 0.0f}));
  EXPECT_EQ(q.codes, (std::vector<std::int32_t>{3, 2, 3, 4 | 1, 0, 0}));
}

// ---------------------------------------------------------------- activations

TEST(QuantizeActivations, EightBitRoundTripWithinHalfAStep) {
  const auto x = gaussian(4096, 70, 2.0);
  const QuantizedActivations a = quantize_activations(x, 8);
  double max_x = 0.0;
  for (float v : x) max_x = std::max(max_x, std::fabs(double(v)));
  EXPECT_EQ(a.bits, 8);
  EXPECT_NEAR(a.scale, max_x / 127, max_x * 1e-7);
  ASSERT_EQ(a.q.size(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_LE(std::abs(a.q[i]), 127);
    EXPECT_LE(std::fabs(a.q[i] * double(a.scale) - x[i]), a.scale * 0.5 * (1 + 1e-6)) << i;
  }
}

TEST(QuantizeActivations, AllZeroHasScaleOne) {
  const QuantizedActivations a = quantize_activations(std::vector<float>(5, 0.0f), 4);
  EXPECT_EQ(a.scale, 1.0f);
  EXPECT_EQ(a.q, std::vector<std::int32_t>(5, 0));
}

TEST(QuantizeActivations, BinaryThresholdsAtHalfTheMeanPositive) {
  // Positives 0.1, 1.0, 2.0, 0.5: scale 0.9, threshold 0.45.
  const std::vector<float> x = {0.0f, 0.1f, 1.0f, 2.0f, -1.0f, 0.5f};
  const QuantizedActivations a = quantize_activations(x, 1);
  EXPECT_EQ(a.bits, 1);
  EXPECT_FLOAT_EQ(a.scale, 0.9f);
  EXPECT_EQ(a.q, (std::vector<std::int32_t>{0, 0, 1, 1, 0, 1}));
}

TEST(QuantizeActivations, BadBitsThrow) {
  EXPECT_THROW(quantize_activations({1.0f}, 0), std::invalid_argument);
  EXPECT_THROW(quantize_activations({1.0f}, 17), std::invalid_argument);
}

// ---------------------------------------------------------------- errors

std::string error_of(const QuantSpec& spec) {
  const std::vector<float> w = {0.5f, -0.5f};
  try {
    quantize(w, keep_all(2), 1, 2, spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void expect_error(const QuantSpec& spec, const std::string& scheme, const std::string& range) {
  const std::string msg = error_of(spec);
  EXPECT_NE(msg.find(scheme), std::string::npos) << label(spec) << ": '" << msg << "'";
  EXPECT_NE(msg.find(range), std::string::npos) << label(spec) << ": '" << msg << "'";
}

TEST(QuantizeErrors, BadBitsThrowNamingSchemeAndRange) {
  expect_error(uniform(1, true, false), "uniform", "2..16");
  expect_error(uniform(17, false, false), "uniform", "2..16");
  expect_error(make(QuantScheme::kKmeans, 0), "kmeans", "1..16");
  expect_error(make(QuantScheme::kKmeans, 17), "kmeans", "1..16");
  expect_error(make(QuantScheme::kLog, 1), "log", "2..8");
  expect_error(make(QuantScheme::kLog, 9), "log", "2..8");
  expect_error(adaptivfloat(8, 0), "adaptivfloat", "1..7");
  expect_error(adaptivfloat(4, 4), "adaptivfloat", "1..3");  // no room for the sign bit
  expect_error(adaptivfloat(1, 1), "adaptivfloat", "2..16");
  QuantSpec t = make(QuantScheme::kTernary, 2);
  t.ternary_threshold = 1.0;
  expect_error(t, "ternary", "[0, 1)");
  QuantSpec k = make(QuantScheme::kKmeans, 4);
  k.kmeans_iterations = -1;
  expect_error(k, "kmeans", "kmeans_iterations");
}

TEST(QuantizeErrors, ShapeMismatchThrows) {
  const std::vector<float> w = {0.5f, -0.5f, 0.25f};
  EXPECT_THROW(quantize(w, keep_all(3), 2, 2, uniform(8, true, false)), std::invalid_argument);
  EXPECT_THROW(quantize(w, keep_all(2), 1, 3, uniform(8, true, false)), std::invalid_argument);
  EXPECT_THROW(quantize({NAN}, keep_all(1), 1, 1, uniform(8, true, false)),
               std::invalid_argument);
  EXPECT_NO_THROW(quantize({NAN}, Mask{0}, 1, 1, uniform(8, true, false)));  // pruned: ignored
}

}  // namespace
}  // namespace axsim::workloads::quantize_test
