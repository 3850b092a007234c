// SPDX-License-Identifier: Apache-2.0
// Magnitude pruning: exact densities per granularity, kept groups are the largest, structured
// masks are constant within groups, ESE's load-balanced slices, and input errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "workloads/compress/prune.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads::prune_test {
namespace {

const PruneGranularity kAll[] = {PruneGranularity::kFine, PruneGranularity::kVector,
                                 PruneGranularity::kKernel, PruneGranularity::kFilter};

/// 8 filters x (4 channels x 3 x 3): every group width divides the 36 columns.
MatrixShape conv_shape() { return MatrixShape{8, 36, 3, 3}; }

std::vector<float> random_matrix(const MatrixShape& shape, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> m(static_cast<std::size_t>(shape.rows * shape.cols));
  for (float& w : m) w = static_cast<float>(rng.normal());
  return m;
}

std::int64_t width_of(PruneGranularity g, const MatrixShape& s) {
  switch (g) {
    case PruneGranularity::kFine: return 1;
    case PruneGranularity::kVector: return s.kernel_w;
    case PruneGranularity::kKernel: return std::int64_t{s.kernel_h} * s.kernel_w;
    case PruneGranularity::kFilter: return s.cols;
  }
  return 1;
}

std::int64_t kept(const std::vector<std::uint8_t>& mask) {
  return std::count(mask.begin(), mask.end(), std::uint8_t{1});
}

TEST(Prune, GranularityNamesRoundTrip) {
  for (PruneGranularity g : kAll) EXPECT_EQ(parse_prune_granularity(to_string(g)), g);
  EXPECT_STREQ(to_string(PruneGranularity::kKernel), "kernel");
  EXPECT_THROW(parse_prune_granularity("channel"), std::invalid_argument);
}

TEST(Prune, DensityIsExactForEveryGranularity) {
  const MatrixShape shape = conv_shape();
  const auto m = random_matrix(shape, 1);
  for (PruneGranularity g : kAll) {
    for (double density : {0.25, 0.5, 0.75, 1.0}) {
      const auto mask = prune_mask(m, shape, {density, g, 0});
      ASSERT_EQ(mask.size(), m.size());
      EXPECT_EQ(kept(mask), std::llround(density * 288)) << to_string(g) << " " << density;
    }
  }
}

TEST(Prune, KeptGroupsHaveTheLargestNorms) {
  const MatrixShape shape = conv_shape();
  const auto m = random_matrix(shape, 2);
  for (PruneGranularity g : kAll) {
    const std::int64_t width = width_of(g, shape);
    const auto mask = prune_mask(m, shape, {0.3, g, 0});
    double min_kept = std::numeric_limits<double>::infinity(), max_pruned = 0.0;
    for (std::size_t start = 0; start < m.size(); start += static_cast<std::size_t>(width)) {
      double norm = 0.0;
      for (std::int64_t i = 0; i < width; ++i) norm += double{m[start + i]} * m[start + i];
      if (mask[start]) min_kept = std::min(min_kept, norm);
      else max_pruned = std::max(max_pruned, norm);
    }
    EXPECT_GT(min_kept, max_pruned) << to_string(g);
  }
}

TEST(Prune, StructuredMasksAreConstantWithinGroups) {
  const MatrixShape shape = conv_shape();
  const auto m = random_matrix(shape, 3);
  for (PruneGranularity g : kAll) {
    const std::int64_t width = width_of(g, shape);
    const auto mask = prune_mask(m, shape, {0.4, g, 0});
    for (std::size_t i = 0; i < mask.size(); ++i)
      ASSERT_EQ(mask[i], mask[i - i % static_cast<std::size_t>(width)]) << to_string(g) << " " << i;
  }
}

TEST(Prune, VectorGroupsAreKernelRows) {
  // One large kernel row (columns 3..5 of row 0) must be the single kept vector.
  const MatrixShape shape{2, 9, 3, 3};
  std::vector<float> m(18, 0.1f);
  m[3] = m[4] = m[5] = 5.0f;
  const auto mask = prune_mask(m, shape, {1.0 / 6.0, PruneGranularity::kVector, 0});
  EXPECT_EQ(kept(mask), 3);
  EXPECT_TRUE(mask[3] && mask[4] && mask[5]);
}

TEST(Prune, TiesGoToTheLowerPosition) {
  const MatrixShape shape{4, 4, 1, 1};
  const std::vector<float> m(16, 1.0f);
  const auto fine = prune_mask(m, shape, {0.5, PruneGranularity::kFine, 0});
  for (int i = 0; i < 16; ++i) EXPECT_EQ(fine[i], i < 8 ? 1 : 0) << i;
  const auto filter = prune_mask(m, shape, {0.25, PruneGranularity::kFilter, 0});
  for (int i = 0; i < 16; ++i) EXPECT_EQ(filter[i], i < 4 ? 1 : 0) << i;
}

TEST(Prune, KeepsAtLeastOneGroup) {
  const MatrixShape shape = conv_shape();
  const auto m = random_matrix(shape, 4);
  EXPECT_EQ(kept(prune_mask(m, shape, {1e-9, PruneGranularity::kFilter, 0})), 36);
  EXPECT_EQ(kept(prune_mask(m, shape, {1e-9, PruneGranularity::kFine, 0})), 1);
}

/// Every weight on PE 0 outweighs all others, so unbalanced pruning keeps PE 0's rows first.
std::vector<float> skewed_matrix(const MatrixShape& shape, int num_pes) {
  auto m = random_matrix(shape, 5);
  for (std::int64_t r = 0; r < shape.rows; r += num_pes)
    for (std::int64_t c = 0; c < shape.cols; ++c) m[r * shape.cols + c] += 100.0f;
  return m;
}

std::vector<std::int64_t> per_pe_counts(const std::vector<std::uint8_t>& mask,
                                        const MatrixShape& shape, int num_pes) {
  std::vector<std::int64_t> counts(num_pes, 0);
  for (std::int64_t r = 0; r < shape.rows; ++r)
    for (std::int64_t c = 0; c < shape.cols; ++c) counts[r % num_pes] += mask[r * shape.cols + c];
  return counts;
}

// ESE's channels: each PE's slice is its rows of one channel's columns.
TEST(Prune, LoadBalancedOverChannelsKeepsEveryPeSliceEqual) {
  const MatrixShape shape = conv_shape();  // 8 x 36: 4 PEs x 3 channels, 24 weights a slice
  const auto m = skewed_matrix(shape, 4);
  PruneSpec spec{0.25, PruneGranularity::kFine, 4};
  spec.balance_channels = 3;
  const auto mask = prune_mask(m, shape, spec);
  for (int pe = 0; pe < 4; ++pe)
    for (int ch = 0; ch < 3; ++ch) {
      int kept = 0;
      for (std::int64_t r = pe; r < shape.rows; r += 4)
        for (std::int64_t c = ch; c < shape.cols; c += 3) kept += mask[r * shape.cols + c];
      EXPECT_EQ(kept, 6) << pe << " " << ch;
    }
  spec.balance_channels = 0;
  EXPECT_THROW(prune_mask(m, shape, spec), std::invalid_argument);
}

TEST(Prune, LoadBalancedSlicesKeepEqualCounts) {
  const MatrixShape shape = conv_shape();  // 8 rows over 4 PEs: 72 weights per slice
  const auto m = skewed_matrix(shape, 4);
  const auto plain = prune_mask(m, shape, {0.25, PruneGranularity::kFine, 0});
  EXPECT_EQ(per_pe_counts(plain, shape, 4)[0], 72);
  const auto balanced = prune_mask(m, shape, {0.25, PruneGranularity::kFine, 4});
  EXPECT_EQ(per_pe_counts(balanced, shape, 4), (std::vector<std::int64_t>{18, 18, 18, 18}));
  // Within a slice the kept weights are still the largest |w|.
  for (int pe = 0; pe < 4; ++pe) {
    float min_kept = 1e30f, max_pruned = 0.0f;
    for (std::int64_t r = pe; r < shape.rows; r += 4)
      for (std::int64_t c = 0; c < shape.cols; ++c) {
        const float a = std::fabs(m[r * shape.cols + c]);
        if (balanced[r * shape.cols + c]) min_kept = std::min(min_kept, a);
        else max_pruned = std::max(max_pruned, a);
      }
    EXPECT_GT(min_kept, max_pruned) << pe;
  }
}

TEST(Prune, LoadBalancedUnevenSlicesKeepEqualDensity) {
  // 10 rows over 4 PEs: slices of 3, 3, 2, 2 rows (108, 108, 72, 72 weights).
  const MatrixShape shape{10, 36, 3, 3};
  const auto m = skewed_matrix(shape, 4);
  const auto mask = prune_mask(m, shape, {0.25, PruneGranularity::kFine, 4});
  EXPECT_EQ(per_pe_counts(mask, shape, 4), (std::vector<std::int64_t>{27, 27, 18, 18}));
  // More PEs than rows: the empty slices keep nothing and the others one each at least.
  const auto sparse = prune_mask(m, shape, {1e-9, PruneGranularity::kFine, 16});
  EXPECT_EQ(kept(sparse), 10);
}

TEST(Prune, RejectsBadInput) {
  const MatrixShape shape = conv_shape();
  const auto m = random_matrix(shape, 6);
  const auto fine = PruneGranularity::kFine;
  for (double density : {0.0, -0.1, 1.5, std::nan("")})
    EXPECT_THROW(prune_mask(m, shape, {density, fine, 0}), std::invalid_argument) << density;
  EXPECT_THROW(prune_mask(std::vector<float>(10), shape, {0.5, fine, 0}), std::invalid_argument);
  EXPECT_THROW(prune_mask({}, MatrixShape{0, 0, 1, 1}, {0.5, fine, 0}), std::invalid_argument);
  EXPECT_THROW(prune_mask(std::vector<float>(20), MatrixShape{2, 10, 3, 3},
                          {0.5, PruneGranularity::kVector, 0}),
               std::invalid_argument);
  EXPECT_THROW(prune_mask(std::vector<float>(24), MatrixShape{2, 12, 3, 3},
                          {0.5, PruneGranularity::kKernel, 0}),
               std::invalid_argument);
  EXPECT_THROW(prune_mask(m, MatrixShape{8, 36, 0, 3}, {0.5, fine, 0}), std::invalid_argument);
  EXPECT_THROW(prune_mask(m, shape, {0.5, PruneGranularity::kVector, 4}), std::invalid_argument);
  EXPECT_THROW(prune_mask(m, shape, {0.5, fine, -1}), std::invalid_argument);
  auto with_nan = m;
  with_nan[7] = std::nanf("");
  EXPECT_THROW(prune_mask(with_nan, shape, {0.5, fine, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace axsim::workloads::prune_test
