// SPDX-License-Identifier: Apache-2.0
// The fixed-point rule of a whole LSTM sequence, as a trace stores it: what a unit that runs
// every time step (ESE) computes with, and what the reference (workloads/reference/
// lstm_sequence.hpp) computes independently. docs/compression.md ("LSTM sequences") describes it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/weight_encoding.hpp"

namespace axsim::workloads {

/// A gate nonlinearity as a hardware unit computes it: a piecewise-linear function over
/// `segments()` equal segments of 2^step_shift input steps from `lo` (a lookup table is the
/// same with every slope 0). For an input x (in the rule's gate-input format) clamped to the
/// table's domain [lo, lo + segments x 2^step_shift - 1]: u = x - lo, segment i = u >>
/// step_shift, d = u - (i << step_shift), y = base[i] + round_shift(slope[i] x d, step_shift),
/// in the rule's gate format.
struct GateTable {
  std::int64_t lo = 0;
  int step_shift = 0;
  std::vector<std::int32_t> base, slope;
  std::size_t segments() const { return base.size(); }
  bool is_lut() const;  ///< every slope 0
};

/// Integer value x 2^-frac_bits is the real value of every format below (fraction bits).
/// Per step t, with in = [x_t; h_{t-1}] and the [W R] levels (rows 4H in ONNX gate order i, o,
/// f, c): pre = round_shift(sum(level x in), weight_frac + act_frac - gate_input_frac) + bias;
/// i, o, f = sigmoid(pre), g = tanh(pre); c = sat(round_shift(f x c, gate_frac) +
/// round_shift(i x g, 2 gate_frac - cell_frac), cell_bits); m = sat(round_shift(o x
/// tanh(round_shift(c, cell_frac - gate_input_frac)), 2 gate_frac - act_frac), act_bits);
/// h_t = m, or with a projection sat(round_shift(sum(P level x m), projection_frac), act_bits).
/// round_shift(v, s) adds 2^(s-1) and shifts right arithmetically (s > 0), or shifts left.
/// The stored sequence is `utterances` independent sequences of seq_len / utterances steps
/// each, every one from the stored h_0 and c_0 = 0 (units may run several at once).
struct LstmRule {
  int hidden = 0;  ///< H: the matrix has 4H rows
  int utterances = 1;
  int act_bits = 16, act_frac_bits = 0;  ///< x, h and m (the layer's input_scale = 2^-frac)
  int weight_frac_bits = 0;              ///< the [W R] levels (weight_scale = 2^-frac)
  int gate_input_frac_bits = 0;          ///< pre-activations and the bias
  int gate_frac_bits = 0;                ///< sigmoid and tanh outputs
  int cell_bits = 16, cell_frac_bits = 0;
  std::vector<std::int32_t> bias;  ///< 4H, gate-input format (the model's two biases summed)
  GateTable sigmoid, tanh;
  /// The LSTMP projection (recurrent_in x H), or none (encodings empty, recurrent_in = H).
  std::vector<WeightEncoding> projection;
  std::vector<std::int32_t> projection_levels;  ///< empty: the codes are their own levels
  int projection_code_offset = 0;
  int projection_weight_bits = 0;
  int projection_frac_bits = 0;
  /// Compression's report: SQNR of the outputs against the float model's (every error: pruning,
  /// quantization, arithmetic), and against the float LSTM on the same stored weights and
  /// inputs (the rule's arithmetic alone: formats and gate tables).
  double sqnr_db = 0, rule_sqnr_db = 0;

  bool has_projection() const { return !projection.empty(); }
  /// The projection's level of `code` (throws std::invalid_argument for a code with none).
  std::int32_t projection_level(std::int32_t code) const;
};

/// round_shift(v, s): v x 2^-s rounded half up (s > 0), v x 2^-s exactly (s <= 0).
inline std::int64_t round_shift(std::int64_t v, int s) {
  if (s <= 0) return v * (std::int64_t{1} << -s);
  return (v + (std::int64_t{1} << (s - 1))) >> s;
}
/// v clamped to the signed range of `bits` bits.
inline std::int64_t saturate(std::int64_t v, int bits) {
  const std::int64_t hi = (std::int64_t{1} << (bits - 1)) - 1;
  return v > hi ? hi : (v < -hi - 1 ? -hi - 1 : v);
}

}  // namespace axsim::workloads
