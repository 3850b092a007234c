// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/layer.hpp"

namespace axsim::workloads {

/// What a unit running an lstm's whole sequence must output, computed from the trace alone (the
/// decoded [W R] and projection levels, the stored inputs and the layer's LstmRule), never from
/// a unit's structures.
struct LstmSequenceOutput {
  std::vector<std::int32_t> h;   ///< h_1 .. h_T, recurrent_in values each
  std::uint64_t useful_macs = 0;  ///< products of a non-zero weight and a non-zero input
  std::uint64_t dense_macs = 0;   ///< every product of the two matrices over the sequence
};

/// Throws std::invalid_argument when the layer is not an lstm with a sequence rule, or its
/// weights do not decode.
LstmSequenceOutput lstm_sequence_reference(const Layer& layer);

/// The same rule on other inputs: `x` (T x in_channels floats, any T >= 1, one utterance from
/// the layer's h_0) quantized into the layer's input format (round to nearest, saturated), the
/// outputs h_1 .. h_T dequantized. How the unit's arithmetic does on inputs other than the
/// stored ones (a model run end to end). Throws std::invalid_argument as above, or when x is not
/// a whole number of steps.
std::vector<float> lstm_sequence_on(const Layer& layer, const std::vector<float>& x);

/// The table's value at `x` (LstmRule's piecewise-linear rule), in the gate format.
std::int64_t gate_value(const GateTable& table, std::int64_t x);

/// The projection's levels (recurrent_in x H, row-major) decoded from its first encoding.
std::vector<std::int32_t> projection_levels(const Layer& layer);

}  // namespace axsim::workloads
