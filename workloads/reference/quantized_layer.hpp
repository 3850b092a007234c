// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/encode/encoding.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads {

/// The decoder's view of one stored encoding: the Encoded bytes and the EncodeSpec that reads
/// them (kernel size from the layer's shape, for scnn).
Encoded to_encoded(const WeightEncoding& e);
EncodeSpec decode_spec(const WeightEncoding& e, const LayerShape& shape);

/// The layer's weight levels (rows x cols, row-major: conv [M][C/groups][R][S]), decoded from
/// its first stored encoding by workloads/encode's decoder and mapped through the fixed-point
/// rule. Throws std::invalid_argument when the bytes do not decode.
std::vector<std::int32_t> weight_levels(const Layer& layer);

/// One step of `shape` (LayerShape::step_shape()) after checking that `levels` and `input` have
/// its weight and input counts; throws std::invalid_argument naming `what` otherwise.
LayerShape checked_step_shape(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                              const std::vector<std::int32_t>& input, const std::string& what);

/// Exact int64 sums of one step of `shape` (conv with groups, fc; an lstm as its step_shape())
/// with weight levels `levels` (rows x cols) on `input` (step_shape().input_count() values).
std::vector<std::int64_t> exact_sums(const LayerShape& shape,
                                     const std::vector<std::int32_t>& levels,
                                     const std::vector<std::int32_t>& input);
/// exact_sums() of each input, a fully connected layer's matrix read once for all of them.
std::vector<std::vector<std::int64_t>> exact_sums_each(
    const LayerShape& shape, const std::vector<std::int32_t>& levels,
    const std::vector<std::vector<std::int32_t>>& inputs);

/// What a unit running the layer (one step of an lstm) must output, computed from the trace's
/// decoded values and fixed-point rule alone, never from a unit's structures: output [M][OH][OW]
/// (int32), the rule's accumulation, then ReLU when the model applies one. Throws
/// std::invalid_argument when an exact output does not fit int32 or the input has the wrong size.
std::vector<std::int32_t> reference_output(const Layer& layer);

}  // namespace axsim::workloads
