// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::workloads {

enum class LayerKind { kFullyConnected, kConv };
const char* to_string(LayerKind kind);

/// Shape of one layer, batch 1. A fully connected layer is a 1x1 convolution over a 1x1 input
/// with `in_channels` inputs and `out_channels` outputs.
struct LayerShape {
  LayerKind kind = LayerKind::kConv;
  int in_channels = 1, in_h = 1, in_w = 1;
  int out_channels = 1, kernel_h = 1, kernel_w = 1;
  int stride = 1, pad = 0;

  int out_h() const { return (in_h + 2 * pad - kernel_h) / stride + 1; }
  int out_w() const { return (in_w + 2 * pad - kernel_w) / stride + 1; }
  std::uint64_t weight_count() const;
  std::uint64_t input_count() const;
  std::uint64_t output_count() const;
  std::uint64_t macs() const;  ///< dense multiply-accumulates, zeros included
};

/// One layer with its data: int8 weights [M][C][R][S] and int8 input activations [C][H][W].
struct Layer {
  std::string name;
  LayerShape shape;
  std::vector<std::int8_t> weights;
  std::vector<std::int8_t> input;
};

struct Workload {
  std::string name;
  std::string source;  ///< where the shapes come from
  std::vector<Layer> layers;
};

/// Plain reference: out[m][oy][ox] = sum over c, r, s of w * in (int32 accumulation, zero padding).
std::vector<std::int32_t> reference_output(const Layer& layer);

}  // namespace axsim::workloads
