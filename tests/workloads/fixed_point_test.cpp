// SPDX-License-Identifier: Apache-2.0
// A codebook's fixed-point levels fit their bits whatever the weights' magnitude.
#include "workloads/compress/fixed_point.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace axsim::workloads::fixed_point_test {
namespace {

FixedPoint levels_of(std::vector<float> codebook, int bits) {
  Quantized q;
  q.spec.scheme = QuantScheme::kKmeans;
  q.codebook = std::move(codebook);
  FixedPointRecipe r;
  r.weight_bits = bits;
  return weight_fixed_point(q, 4, r);
}

TEST(FixedPoint, SmallWeightsTakeAFraction) {
  const FixedPoint fp = levels_of({-0.5f, 0.f, 0.25f, 0.7f}, 8);
  EXPECT_EQ(fp.weight_scale, std::ldexp(1.0, -7));  // 0.7 x 2^7 = 89.6 fits, x 2^8 does not
  EXPECT_EQ(fp.levels, (std::vector<std::int32_t>{-64, 0, 32, 90}));
}

// Found by the ONNX fuzz test: weights above 127.5 got levels that did not fit 8 bits (the
// fraction stopped at 0), and the trace reader refused the trace axsim had just written.
TEST(FixedPoint, LargeWeightsGetAScaleAboveOne) {
  for (const float top : {4678.2f, 3e38f}) {
    const FixedPoint fp = levels_of({-top, 0.f, top / 3}, 8);
    EXPECT_GT(fp.weight_scale, 1.0);
    for (const std::int32_t l : fp.levels) EXPECT_LE(std::abs(l), 127) << top;
    EXPECT_NEAR(fp.levels[0] * fp.weight_scale, -top, top / 100);
  }
}

}  // namespace
}  // namespace axsim::workloads::fixed_point_test
