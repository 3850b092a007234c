// SPDX-License-Identifier: Apache-2.0
// Useful MACs (both operands non-zero) counted with strided prefix sums equal a direct count
// over every output, kernel position and channel, on convolutions with strides, padding, groups
// and rectangular kernels, and on fc layers.
#include "workloads/reference/useful_macs.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace axsim::workloads::useful_macs_test {
namespace {

std::uint64_t direct_count(const LayerShape& s, const std::vector<std::int32_t>& w,
                           const std::vector<std::int32_t>& x) {
  const int cg = s.in_channels / s.groups, mg = s.out_channels / s.groups;
  std::uint64_t n = 0;
  for (int m = 0; m < s.out_channels; ++m)
    for (int oy = 0; oy < s.out_h(); ++oy)
      for (int ox = 0; ox < s.out_w(); ++ox)
        for (int c = 0; c < cg; ++c)
          for (int r = 0; r < s.kernel_h; ++r)
            for (int q = 0; q < s.kernel_w; ++q) {
              const int y = oy * s.stride_h - s.pad_h + r, xx = ox * s.stride_w - s.pad_w + q;
              if (y < 0 || y >= s.in_h || xx < 0 || xx >= s.in_w) continue;
              const std::size_t wi = ((std::size_t(m) * cg + c) * s.kernel_h + r) * s.kernel_w + q;
              const std::size_t ci = std::size_t(m / mg) * cg + c;
              n += w[wi] != 0 && x[(ci * s.in_h + y) * s.in_w + xx] != 0;
            }
  return n;
}

struct Case {
  LayerKind kind;
  int c, h, w, m, kh, kw, stride, pad, groups;
};

class UsefulMacs : public ::testing::TestWithParam<Case> {};

TEST_P(UsefulMacs, EqualADirectCount) {
  const Case k = GetParam();
  LayerShape s;
  s.kind = k.kind;
  s.in_channels = k.c, s.in_h = k.h, s.in_w = k.w, s.out_channels = k.m;
  s.kernel_h = k.kh, s.kernel_w = k.kw, s.stride_h = s.stride_w = k.stride, s.pad_h = s.pad_w = k.pad, s.groups = k.groups;
  std::mt19937 rng(7);
  for (double density : {0.0, 0.3, 1.0}) {
    std::bernoulli_distribution keep(density);
    std::vector<std::int32_t> w(s.weight_count()), x(s.input_count());
    for (auto& v : w) v = keep(rng) ? 1 + int(rng() % 5) : 0;
    for (auto& v : x) v = keep(rng) ? 1 + int(rng() % 5) : 0;
    EXPECT_EQ(useful_macs(s, w, x), direct_count(s, w, x)) << "density " << density;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, UsefulMacs,
    ::testing::Values(Case{LayerKind::kConv, 3, 9, 9, 4, 3, 3, 1, 1, 1},
                      Case{LayerKind::kConv, 2, 11, 13, 3, 5, 5, 2, 2, 1},
                      Case{LayerKind::kConv, 3, 23, 23, 2, 11, 11, 4, 0, 1},
                      Case{LayerKind::kConv, 4, 7, 8, 6, 3, 2, 3, 1, 2},
                      Case{LayerKind::kConv, 6, 5, 5, 6, 3, 3, 1, 1, 6},
                      Case{LayerKind::kConv, 2, 4, 4, 2, 5, 5, 1, 2, 1},
                      Case{LayerKind::kFullyConnected, 37, 1, 1, 11, 1, 1, 1, 0, 1}));

TEST(UsefulMacsSizes, AMismatchIsRefused) {
  LayerShape s;
  s.in_channels = 2, s.out_channels = 2;
  EXPECT_THROW(useful_macs(s, {1, 2, 3}, {1, 1}), std::invalid_argument);
}

}  // namespace
}  // namespace axsim::workloads::useful_macs_test
