// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/float_format.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads {

/// A layer (one step of an lstm) computed in a floating-point datapath's format, by the rule a
/// float unit must follow, from the trace's decoded values alone:
/// - each weight level x weight_scale (x its row's scale) and each input q x input_scale are
///   rounded to the format;
/// - an output adds its non-zero terms (non-zero weight and input) in ascending input order
///   (c, r, s), each operation rounded to the format (a zero term changes no sum, so skipping
///   zeros or not gives the same value);
/// - ternary weights (the non-zero levels are one positive value P and one negative N, or
///   only one of them: TTQ, TWN) are not multiplied: the inputs under P and those under N are
///   summed apart, then y = P x S_P + N x S_N (two products and a sum, each rounded);
/// - otherwise each term is the rounded product w x x, added to the sum;
/// - ReLU when the model applies one.
/// Returns the outputs [M][OH][OW] as the format's bit patterns (float_bits()). Throws
/// std::invalid_argument as reference_output() does.
std::vector<std::int32_t> float_reference_output(const Layer& layer, FloatFormat format);

/// The ternary weight levels of a layer, if its non-zero levels are at most one positive and
/// one negative value: {P, N} (0 where absent).
struct TernaryLevels {
  bool ternary = false;
  std::int32_t positive = 0, negative = 0;
};
TernaryLevels ternary_levels(const std::vector<std::int32_t>& levels);

}  // namespace axsim::workloads
