// SPDX-License-Identifier: Apache-2.0
// Quantizing in place (the values written over the matrix's storage, the mask given up) gives
// exactly what quantizing a copy gives, for every scheme and option.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "workloads/quantize/quantize.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads::quantize_in_place_test {
namespace {

struct Case {
  QuantScheme scheme;
  int bits;
  bool symmetric, per_channel;
};

class InPlace : public ::testing::TestWithParam<Case> {};

TEST_P(InPlace, EqualsQuantizingACopy) {
  const Case c = GetParam();
  const std::int64_t rows = 12, cols = 50;
  Rng rng(17);
  std::vector<float> w(rows * cols);
  std::vector<std::uint8_t> mask(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = static_cast<float>(0.1 * rng.normal());
    mask[i] = rng.uniform() < 0.6 ? 1 : 0;
  }
  w[3] = 0.0f, mask[3] = 1;  // a kept exact zero
  w[5] = -0.0f, mask[5] = 1;
  QuantSpec spec;
  spec.scheme = c.scheme, spec.bits = c.bits, spec.symmetric = c.symmetric;
  spec.per_channel = c.per_channel;
  const Quantized want = quantize(w, mask, rows, cols, spec);
  std::vector<float> matrix = w;
  std::vector<std::uint8_t> owned_mask = mask;
  const Quantized got = quantize(std::move(matrix), std::move(owned_mask), rows, cols, spec);
  EXPECT_EQ(got.codes, want.codes);
  ASSERT_EQ(got.values.size(), want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i)  // bit for bit, the sign of zero too
    EXPECT_EQ(std::signbit(got.values[i]), std::signbit(want.values[i])) << i;
  EXPECT_EQ(got.values, want.values);
  EXPECT_EQ(got.codebook, want.codebook);
  EXPECT_EQ(got.scales, want.scales);
  EXPECT_EQ(got.zero_points, want.zero_points);
  EXPECT_EQ(got.code_bits, want.code_bits);
  // The next quantization of a copy is not affected by the in-place one.
  EXPECT_EQ(quantize(w, mask, rows, cols, spec).values, want.values);
}

INSTANTIATE_TEST_SUITE_P(Schemes, InPlace,
                         ::testing::Values(Case{QuantScheme::kNone, 8, true, false},
                                           Case{QuantScheme::kUniform, 8, true, false},
                                           Case{QuantScheme::kUniform, 4, false, false},
                                           Case{QuantScheme::kUniform, 6, false, true},
                                           Case{QuantScheme::kKmeans, 4, true, false},
                                           Case{QuantScheme::kTernary, 2, true, false},
                                           Case{QuantScheme::kTwoBit, 2, true, false},
                                           Case{QuantScheme::kAdaptivFloat, 8, true, false},
                                           Case{QuantScheme::kLog, 5, true, false}));

}  // namespace
}  // namespace axsim::workloads::quantize_in_place_test
