// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "workloads/compress/compress.hpp"

namespace axsim::workloads {

/// The recipe asks for a sequence rule (fixed_point.lstm) and the layer is an lstm.
bool wants_lstm_rule(const ModelLayer& l, const LayerRecipe& r);

/// The float LSTM(P) over the whole sequence (ONNX gate order i, o, f, c, the two biases summed,
/// c_0 = 0) as `utterances` independent ones from h_0: h_1 .. h_T, recurrent_in values each,
/// from `input` (every step's x, then h_0).
std::vector<float> float_lstm_sequence(const ModelLayer& l, const std::vector<float>& input,
                                       int utterances);

/// Gives `c` its LstmRule from the recipe's fixed_point.lstm: the input again as power-of-two
/// fixed point, the bias, the gate tables, the projection compressed as the layer, and the SQNR
/// of the rule's outputs (run by the reference on the layer as its trace stores it) against
/// `float_h` (float_lstm_sequence() of the original layer). Throws sim::ConfigError naming the
/// recipe and the layer when the weights' scale is not a power of two.
void set_lstm_rule(CompressedLayer& c, const LayerRecipe& r, const std::vector<float>& float_h);

}  // namespace axsim::workloads
