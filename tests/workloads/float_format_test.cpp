// SPDX-License-Identifier: Apache-2.0
// binary16 rounding and bit patterns, and the floating-point rule of a layer against the exact
// integer reference.
#include "workloads/float_format.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "workloads/compress/compress.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/reference/float_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads::float_format_test {
namespace {

TEST(FloatFormat, Fp16RoundsToNearestEven) {
  EXPECT_EQ(round_fp16(1.0), 1.0);
  EXPECT_EQ(round_fp16(1.0 + std::ldexp(1.0, -11)), 1.0);  // a tie: the even neighbour
  EXPECT_EQ(round_fp16(1.0 + 3 * std::ldexp(1.0, -11)), 1.0 + std::ldexp(1.0, -9));
  EXPECT_EQ(round_fp16(-1.0 - std::ldexp(1.0, -12)), -1.0);
  EXPECT_EQ(round_fp16(65504.0), 65504.0);
  EXPECT_EQ(round_fp16(65519.99), 65504.0);
  EXPECT_TRUE(std::isinf(round_fp16(65520.0)));  // half an ulp past the largest: infinity
  EXPECT_EQ(round_fp16(2.9e-8), 0.0);            // below half the smallest subnormal
  EXPECT_EQ(round_fp16(3.0e-8), std::ldexp(1.0, -24));
  EXPECT_EQ(round_fp16(0.1), 0.0999755859375);
}

TEST(FloatFormat, Fp16BitPatternsRoundTrip) {
  EXPECT_EQ(fp16_bits(1.0), 0x3c00);
  EXPECT_EQ(fp16_bits(-2.0), 0xc000);
  EXPECT_EQ(fp16_bits(0.5), 0x3800);
  EXPECT_EQ(fp16_bits(65504.0), 0x7bff);
  EXPECT_EQ(fp16_bits(std::ldexp(1.0, -24)), 0x0001);
  EXPECT_EQ(fp16_bits(INFINITY), 0x7c00);
  EXPECT_EQ(fp16_bits(-0.0), 0x8000);
  for (int b = 0; b < 0x10000; ++b) {
    const auto bits = std::uint16_t(b);
    if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0) continue;  // NaNs
    const double v = fp16_value(bits);
    ASSERT_EQ(fp16_bits(v), bits) << b;
    ASSERT_EQ(round_fp16(v), v) << b;
  }
}

TEST(FloatFormat, OperationsRoundOnce) {
  const FloatFormat h = FloatFormat::kFp16;
  EXPECT_EQ(fadd(h, 2048.0, 1.0), 2048.0);  // 2049 is a tie between 2048 and 2050: even
  EXPECT_EQ(fadd(h, 2048.0, 3.0), 2052.0);
  EXPECT_EQ(fmul(h, 1.0 + std::ldexp(1.0, -10), 1.0 + std::ldexp(1.0, -10)), 1.0 + std::ldexp(1.0, -9));
  EXPECT_EQ(float_value(FloatFormat::kFp32, float_bits(FloatFormat::kFp32, 0.1)), double(0.1f));
  EXPECT_EQ(parse_float_format("fp16"), h);
  EXPECT_THROW(parse_float_format("bf16"), std::invalid_argument);
}

Layer compressed_conv(const std::string& quantize, bool relu) {
  Model m;
  m.name = "c";
  ModelLayer l;
  l.name = "conv", l.kind = OpKind::kConv, l.relu_after = relu;
  l.in_channels = 3, l.in_h = l.in_w = 6, l.out_channels = 4, l.kernel_h = l.kernel_w = 3, l.pad_h = l.pad_w = 1;
  l.weights.shape = {4, 3, 3, 3};
  for (int i = 0; i < 108; ++i) l.weights.data.push_back(float((i * 37) % 11) - 5.f);
  m.layers.push_back(l);
  const Recipe r = parse_recipe("t", R"({"axsim_recipe": 1, "name": "t", "defaults": {"quantize": )" + quantize +
                                         R"(, "encoding": {"format": "dense"}, "huffman": false,
                                         "activations": {"source": "synthetic", "density": 0.6, "bits": 8}}})");
  return workload_from_trace(to_trace(compress(m, r), r, "test"), "mem").layers.front();
}

// The float rule stays within float rounding of the exact result: for small integer-valued
// terms fp32 is exact, and fp16 within a few ulps of the output's magnitude.
TEST(FloatReference, TracksTheExactOutputs) {
  for (const char* q : {R"({"scheme": "uniform", "bits": 8})", R"({"scheme": "two_bit"})",
                        R"({"scheme": "ternary", "ternary_threshold": 0.2})"}) {
    const Layer l = compressed_conv(q, false);
    const std::vector<std::int32_t> exact = reference_output(l);
    const double scale = l.fixed_point.weight_scale * l.input_scale;
    for (const FloatFormat f : {FloatFormat::kFp32, FloatFormat::kFp16}) {
      const std::vector<std::int32_t> got = float_reference_output(l, f);
      ASSERT_EQ(got.size(), exact.size());
      double max_abs = 0;
      for (std::int32_t e : exact) max_abs = std::max(max_abs, std::fabs(e * scale));
      for (std::size_t i = 0; i < got.size(); ++i) {
        const double tol = f == FloatFormat::kFp32 ? 1e-6 * max_abs : 40 * std::ldexp(max_abs, -11);
        EXPECT_NEAR(float_value(f, got[i]), exact[i] * scale, tol) << q << " " << to_string(f) << " " << i;
      }
    }
  }
}

TEST(FloatReference, TernaryLevelsAreRecognised) {
  EXPECT_TRUE(ternary_levels({0, 5, -3, 5, 0, -3}).ternary);
  EXPECT_EQ(ternary_levels({0, 5, -3}).positive, 5);
  EXPECT_EQ(ternary_levels({0, 5, -3}).negative, -3);
  EXPECT_TRUE(ternary_levels({0, 0, 7}).ternary);
  EXPECT_FALSE(ternary_levels({1, 2, -3}).ternary);
  EXPECT_FALSE(ternary_levels({1, -2, -3}).ternary);
  const Layer l = compressed_conv(R"({"scheme": "two_bit"})", true);
  EXPECT_TRUE(ternary_levels(weight_levels(l)).ternary);
  for (std::int32_t v : float_reference_output(l, FloatFormat::kFp16))
    EXPECT_GE(float_value(FloatFormat::kFp16, v), 0.0);  // ReLU: no negative output
}

}  // namespace
}  // namespace axsim::workloads::float_format_test
