// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/layer.hpp"

namespace axsim::workloads {

/// The layer's useful multiply-accumulates: those of one step (as LayerShape::step_shape())
/// whose weight and input are both non-zero, counted from the trace's decoded weight levels
/// and stored inputs (padding positions are not inputs). A property of the workload, the same
/// for every unit; the dense-equivalent count is step_shape().macs(). Throws
/// std::invalid_argument when the weights do not decode.
std::uint64_t useful_macs(const Layer& layer);

/// The same count for one step of `shape` with weight levels `levels` (as exact_sums takes
/// them) on `input` (step_shape().input_count() values).
std::uint64_t useful_macs(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                          const std::vector<std::int32_t>& input);

}  // namespace axsim::workloads
