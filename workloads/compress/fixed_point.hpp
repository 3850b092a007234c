// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/quantize/quantize.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads {

/// The fixed-point rule of one layer's weights (FixedPoint without the product shift): uniform
/// codes are their own levels (value = code x scale, per tensor or per row); a codebook becomes
/// signed `recipe.weight_bits`-bit levels with the largest power-of-two fraction that holds its
/// largest entry (value = level x 2^-fraction). Throws std::invalid_argument when the codes have
/// no integer level (quantization "none").
/// `code_bits` is the stored width of a code (a uniform level's width).
FixedPoint weight_fixed_point(const Quantized& q, int code_bits, const FixedPointRecipe& recipe);

/// The smallest product shift that keeps every exact output of `shape` (one step) with weight
/// levels `levels` (rows x cols, row-major) on each of `inputs` within `accumulator_bits`.
int calibrate_product_shift(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                            const std::vector<std::vector<std::int32_t>>& inputs,
                            int accumulator_bits);

}  // namespace axsim::workloads
