// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <optional>
#include <vector>

#include "workloads/lstm_rule.hpp"
#include "workloads/weight_encoding.hpp"

namespace axsim::workloads {

enum class LayerKind { kFullyConnected, kConv, kLstm };
const char* to_string(LayerKind kind);

/// Shape of one layer, batch 1.
/// - conv: input [C][H][W], weights [M][C/groups][R][S], output [M][OH][OW].
/// - fc: a 1x1 convolution over a 1x1 input with `in_channels` inputs and `out_channels` outputs.
/// - lstm: `seq_len` steps of input size `in_channels` and recurrent input `recurrent_in`; the
///   weights are the rows x cols matrix [W R] (rows = `out_channels` = 4 x hidden, cols =
///   in_channels + recurrent_in). Units that run one time step (EIE, the dense baseline) see
///   it as an fc layer with cols inputs: [x_0; h_0] (step_shape()).
struct LayerShape {
  LayerKind kind = LayerKind::kConv;
  int in_channels = 1, in_h = 1, in_w = 1;
  int out_channels = 1, kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;  ///< along the rows and the columns of the plane
  int pad_h = 0, pad_w = 0;        ///< zeros on both sides of each axis
  int groups = 1;
  int seq_len = 1, recurrent_in = 0;  ///< lstm only

  int out_h() const { return (in_h + 2 * pad_h - kernel_h) / stride_h + 1; }
  int out_w() const { return (in_w + 2 * pad_w - kernel_w) / stride_w + 1; }
  std::int64_t rows() const { return out_channels; }  ///< of the weight matrix
  std::int64_t cols() const;  ///< C/groups x R x S, or in + recurrent_in for an lstm
  std::uint64_t weight_count() const { return std::uint64_t(rows()) * std::uint64_t(cols()); }
  std::uint64_t input_count() const;   ///< one step's inputs ([x_0; h_0] for an lstm)
  /// The inputs a trace stores: input_count(), or for an lstm every step's x then h_0.
  std::uint64_t stored_input_count() const;
  std::uint64_t output_count() const;  ///< one step's outputs for an lstm
  std::uint64_t macs() const;  ///< dense multiply-accumulates, zeros included (all lstm steps)
  /// What a unit that runs one time step computes: an lstm as fc over [x_0; h_0], else itself.
  LayerShape step_shape() const;
};

/// The largest shapes axsim accepts (docs/limits.md). With every dimension within these, every
/// count a unit derives (weights, inputs, outputs, MACs) fits its integer type: counts of values
/// stay below 2^31 (int indices), MACs below 2^62.
struct ShapeLimits {
  static constexpr int kMaxChannels = 1 << 24;      ///< in/out channels, recurrent_in, groups
  static constexpr int kMaxSpatial = 1 << 16;       ///< in_h, in_w, kernel_h, kernel_w, stride
  static constexpr int kMaxSeqLen = 1 << 20;        ///< lstm time steps
  static constexpr std::uint64_t kMaxValues = (std::uint64_t{1} << 31) - 1;  ///< per tensor
  static constexpr std::uint64_t kMaxMacs = std::uint64_t{1} << 62;
};

/// What is wrong with a shape ("" if nothing): positive dimensions within ShapeLimits, stride,
/// kernel and groups >= 1, groups dividing the input and output channels, padding below the
/// kernel, output size >= 1, and every count within the limits.
std::string shape_problem(const LayerShape& shape);
/// Throws std::invalid_argument "<where>: <problem>" if shape_problem() finds one. Called by
/// every producer of shapes (trace reader, ONNX importer, built-in models, make_layer), so the
/// units may rely on a valid shape.
void validate(const LayerShape& shape, const std::string& where);

/// How the integers a datapath computes with stand for real values: the recipe's fixed-point
/// rule, applied by the front-end and stored in the trace. Every unit and the reference compute
/// with exactly these integers.
struct FixedPoint {
  /// Weight level of each code: levels[code - code_offset] (empty: the level is the code itself,
  /// as for uniform quantization). Real weight = level x weight_scale (x the row's scale when
  /// uniform per-channel: row_scales).
  std::vector<std::int32_t> levels;
  int code_offset = 0;
  int weight_bits = 8;  ///< every level fits this many signed bits
  double weight_scale = 1;
  std::vector<float> row_scales;
  /// How products are summed. kExact: int64 sums, outputs must fit int32. kShiftSaturate (EIE's
  /// 16-bit datapath): acc = saturate(acc + (level x act >> product_shift)) to accumulator_bits,
  /// products added in ascending input order.
  enum class Accumulate { kExact, kShiftSaturate };
  Accumulate accumulate = Accumulate::kExact;
  int product_shift = 0;  ///< calibrated on inputs other than the evaluated one (recipe)
  int accumulator_bits = 32;

  /// Throws std::invalid_argument for a code the table has no level for (a damaged trace).
  std::int32_t level(std::int32_t code) const {
    if (levels.empty()) return code;
    const std::int64_t i = std::int64_t{code} - code_offset;
    if (i < 0 || i >= std::int64_t(levels.size())) throw_no_level(code);
    return levels[std::size_t(i)];
  }
  [[noreturn]] static void throw_no_level(std::int32_t code);
};
const char* to_string(FixedPoint::Accumulate a);

/// One layer as a trace stores it: shape, the encodings of its quantized weights, the quantized
/// input activations and the fixed-point rule. There is no dense weight copy: a unit decodes the
/// encoding it accepts, the reference (workloads/reference) decodes one on its own.
struct Layer {
  std::string name;
  LayerShape shape;
  std::vector<WeightEncoding> encodings;
  FixedPoint fixed_point;
  /// Quantized input activations (value = q x input_scale): conv [C][H][W], fc [C], lstm every
  /// step's x then h_0 (seq_len x in_channels + recurrent_in).
  std::vector<std::int32_t> input_q;
  double input_scale = 1;
  int input_bits = 8;
  bool relu_after = false;  ///< the model applies ReLU to this layer's output
  /// An lstm compressed with a sequence rule (the recipe's "lstm" object): what a unit that runs
  /// every time step computes with. Absent for other layers and for lstms without one.
  std::optional<LstmRule> lstm;

  const WeightEncoding* encoding(const std::string& format) const;  ///< nullptr: not stored
  std::vector<std::string> formats() const;
  /// The inputs of one time step: all of input_q, or for an lstm x_0 followed by h_0.
  std::vector<std::int32_t> step_input() const;
};

/// One step's inputs out of the stored ones (LayerShape::stored_input_count()): all of them, or
/// for an lstm x_0 followed by h_0.
std::vector<std::int32_t> step_input(const LayerShape& shape,
                                     const std::vector<std::int32_t>& stored);

struct Workload {
  std::string name;
  std::string source;  ///< where the shapes come from
  std::vector<Layer> layers;
};

}  // namespace axsim::workloads
