// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/encode/encoding.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads {

/// A layer built from integer weight levels (rows x cols of `shape`: conv [M][C/groups][R][S])
/// and input levels, its codes the levels themselves (uniform rule, exact sums), stored in every
/// format of `formats` as a trace would store them. For tests, benchmarks and hand-made
/// examples; throws std::invalid_argument when a level does not fit `weight_bits`.
Layer make_layer(const std::string& name, const LayerShape& shape,
                 const std::vector<std::int32_t>& weights, std::vector<std::int32_t> input,
                 const std::vector<std::string>& formats, int weight_bits = 8, int input_bits = 8,
                 EncodeSpec spec = {});

}  // namespace axsim::workloads
