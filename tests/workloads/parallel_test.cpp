// SPDX-License-Identifier: Apache-2.0
// The front-end's parallel ranges and the random stream they split.
#include "workloads/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "workloads/model/zoo.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads::parallel_test {
namespace {

TEST(ParallelRanges, CoverEveryItemOnce) {
  for (const std::size_t n : {0u, 1u, 7u, 1000u, 100001u}) {
    std::vector<std::atomic<int>> seen(n);
    parallel_ranges(n, 10, [&](std::size_t begin, std::size_t end) {
      ASSERT_LE(begin, end);
      for (std::size_t i = begin; i < end; ++i) ++seen[i];
    });
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i], 1) << "n " << n << " item " << i;
  }
}

TEST(ParallelRanges, RethrowsARangesException) {
  EXPECT_THROW(parallel_ranges(1000, 1,
                               [](std::size_t begin, std::size_t) {
                                 if (begin > 0) throw std::runtime_error("late range");
                                 throw std::runtime_error("first range");
                               }),
               std::runtime_error);
}

TEST(Rng, DiscardSkipsThatManyDraws) {
  Rng walked(42), skipped(42);
  for (int i = 0; i < 1000; ++i) walked.next();
  skipped.discard(1000);
  EXPECT_EQ(walked.next(), skipped.next());
}

// Weights filled on several threads are the serial stream's: element i is draw i.
TEST(Zoo, RandomWeightsAreTheSerialStream) {
  ModelLayer l;
  l.name = "fc";
  l.kind = OpKind::kFullyConnected;
  l.in_channels = 1500, l.out_channels = 1500;  // 2.25 M weights: more than one range
  fill_random_weights(l, 7);
  Rng rng(mix_seed(7, "fc"));
  const double b = std::sqrt(2.0 / 1500) / std::sqrt(2.0);
  for (std::size_t i = 0; i < l.weights.data.size(); i += 4999) {
    Rng at = rng;
    at.discard(i);
    const double u = at.uniform() - 0.5;
    const auto w =
        static_cast<float>(-b * (u < 0 ? -1.0 : 1.0) * std::log(1.0 - 2.0 * std::abs(u)));
    ASSERT_EQ(l.weights.data[i], w) << "weight " << i;
  }
}

}  // namespace
}  // namespace axsim::workloads::parallel_test

namespace axsim::workloads::parallel_test {
namespace {

// Sums of several inputs in one pass equal one input at a time: a fully connected layer (rows
// in parallel ranges) and a convolution (the general loop).
TEST(ExactSums, EachInputAsAlone) {
  LayerShape fc;
  fc.kind = LayerKind::kFullyConnected;
  fc.in_channels = 3000, fc.out_channels = 700;  // 2.1 M weights: more than one range
  LayerShape conv;
  conv.in_channels = 3, conv.in_h = 9, conv.in_w = 7, conv.out_channels = 4;
  conv.kernel_h = conv.kernel_w = 3, conv.pad_h = 1, conv.stride_w = 2;
  Rng rng(5);
  for (const LayerShape& s : {fc, conv}) {
    std::vector<std::int32_t> levels(s.weight_count());
    for (std::int32_t& v : levels) v = std::int32_t(rng.next() % 31) - 15;
    std::vector<std::vector<std::int32_t>> inputs(3, std::vector<std::int32_t>(s.input_count()));
    for (auto& x : inputs)
      for (std::int32_t& v : x) v = std::int32_t(rng.next() % 2001) - 1000;
    const auto each = exact_sums_each(s, levels, inputs);
    ASSERT_EQ(each.size(), inputs.size());
    for (std::size_t t = 0; t < inputs.size(); ++t)
      EXPECT_EQ(each[t], exact_sums(s, levels, inputs[t])) << "input " << t;
  }
  // The fully connected sums against a plain loop.
  const auto cols = std::size_t(fc.cols());
  std::vector<std::int32_t> levels(fc.weight_count()), x(cols);
  for (std::int32_t& v : levels) v = std::int32_t(rng.next() % 31) - 15;
  for (std::int32_t& v : x) v = std::int32_t(rng.next() % 2001) - 1000;
  const std::vector<std::int64_t> sums = exact_sums_each(fc, levels, {x, x}).back();
  for (std::size_t m = 0; m < sums.size(); m += 97) {
    std::int64_t want = 0;
    for (std::size_t c = 0; c < cols; ++c) want += std::int64_t{levels[m * cols + c]} * x[c];
    ASSERT_EQ(sums[m], want) << "row " << m;
  }
}

}  // namespace
}  // namespace axsim::workloads::parallel_test
