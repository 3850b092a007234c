// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/layer.hpp"

namespace axsim::arch {

/// A conv or fc layer as a unit that reads the trace's `dense` encoding (packed codes) sees it:
/// the weight levels decoded through the layer's fixed-point rule, one matrix of M output
/// channels x K = C/groups x R x S terms per group, and the quantized inputs of one step. An fc
/// layer is a 1 x 1 convolution of a 1 x 1 plane.
struct DenseLayer {
  std::string name;
  workloads::LayerShape shape;  ///< one step
  int cg = 1, mg = 1;           ///< input and output channels per group
  int k_count = 1, pixels = 1;  ///< terms per output, output pixels
  bool relu = false;
  bool lstm_step = false;            ///< one time step of an lstm: inputs [x; h]
  std::vector<std::int32_t> levels;  ///< [M][K]
  std::vector<double> row_scale;     ///< per output channel: weight_scale x its row scale
  std::vector<std::int32_t> input;   ///< the quantized inputs [C][H][W] (value = q x input_scale)
  double input_scale = 1;
  int input_bits = 8;
  std::uint64_t weight_bits = 0;  ///< stored bits of the weights

  std::int32_t level(int m, int k) const {
    return levels[std::size_t(m) * std::size_t(k_count) + std::size_t(k)];
  }
  /// Where term k of output pixel p of group g reads its input (an index into `input`), or -1
  /// where the window leaves the plane (padding: a zero input).
  std::int64_t input_index(int g, int k, int p) const;
};

/// Throws sim::ConfigError naming the layer and `unit` when the layer stores no `dense` encoding,
/// or is an lstm and the unit does not run `lstm_steps` (one time step as an fc layer over
/// [x_0; h_0], as LayerShape::step_shape() gives it).
void check_dense_layer(const workloads::Layer& layer, const std::string& unit, bool lstm_steps = false);
/// Decodes the layer's `dense` encoding and its inputs; sim::ConfigError (naming the layer) when
/// they do not decode or the inputs are the wrong size.
DenseLayer read_dense_layer(const workloads::Layer& layer, const std::string& unit);

}  // namespace axsim::arch
