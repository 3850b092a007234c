// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/fixed_point.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads {

namespace {

// Largest f with round(max_abs x 2^f) representable in `bits` signed bits (at most 2 x bits).
// f is negative for weights above 2^(bits - 1) (a model's weights are finite floats, so below
// 2^128): the levels then count multiples of 2^-f. It used to stop at 0, and levels of such
// weights did not fit `bits` (the trace reader refused them; found by the ONNX fuzz test).
int fraction_bits(double max_abs, int bits) {
  const double hi = std::ldexp(1.0, bits - 1) - 1;
  int f = 2 * bits;
  while (f > -160 && std::round(max_abs * std::ldexp(1.0, f)) > hi) --f;
  return f;
}

}  // namespace

FixedPoint weight_fixed_point(const Quantized& q, int code_bits, const FixedPointRecipe& recipe) {
  FixedPoint fp;
  fp.accumulate = recipe.shift_saturate ? FixedPoint::Accumulate::kShiftSaturate
                                        : FixedPoint::Accumulate::kExact;
  fp.accumulator_bits = recipe.shift_saturate ? recipe.accumulator_bits : 32;
  if (q.spec.scheme == QuantScheme::kNone)
    throw std::invalid_argument("quantization \"none\" leaves float weights with no integer level");
  if (q.spec.scheme == QuantScheme::kUniform) {
    fp.weight_bits = code_bits;
    if (q.scales.size() == 1) fp.weight_scale = q.scales[0];
    else fp.row_scales = q.scales;
    return fp;
  }
  double max_abs = 0;
  for (float v : q.codebook) max_abs = std::max(max_abs, std::abs(double(v)));
  const int f = fraction_bits(max_abs, recipe.weight_bits);
  fp.weight_bits = recipe.weight_bits;
  fp.weight_scale = std::ldexp(1.0, -f);
  for (float v : q.codebook)
    fp.levels.push_back(static_cast<std::int32_t>(std::lround(std::ldexp(double(v), f))));
  return fp;
}

int calibrate_product_shift(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                            const std::vector<std::vector<std::int32_t>>& inputs,
                            int accumulator_bits) {
  std::int64_t max_abs = 0;
  for (const std::vector<std::int64_t>& sums : exact_sums_each(shape, levels, inputs))
    for (std::int64_t s : sums) max_abs = std::max(max_abs, s < 0 ? -s : s);
  const std::int64_t hi = (std::int64_t{1} << (accumulator_bits - 1)) - 1;
  int shift = 0;
  while ((max_abs >> shift) > hi) ++shift;
  return shift;
}

}  // namespace axsim::workloads
