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

/// A layer's weights exactly as a trace stores them for one unit family: the packed bytes of
/// `format` (workloads/encode) and what decoding them needs. Sparse units replay these.
struct EncodedWeights {
  std::string format;  ///< "eie_csc", "ese", "scnn", "bitmask" or "dense"
  std::int64_t rows = 0, cols = 0;
  int code_bits = 0;
  bool signed_codes = false;
  int num_pes = 1, index_bits = 4, pointer_bits = 16;
  std::vector<std::uint8_t> bytes;
  /// The real value of each code: the codebook of a weight-sharing scheme, or for per-tensor
  /// uniform quantization (q - zero_point) x scale for every q. Empty when codes have no single
  /// value per code (per-channel uniform); units that need one reject the layer.
  std::vector<float> code_values;
  int code_offset = 0;  ///< code_values[i] is the value of code i + code_offset (signed codes)
};

/// One layer with its data: int8 weights [M][C][R][S] and int8 input activations [C][H][W]
/// for int8 datapaths. Layers replayed from a trace also carry the stored encoding and the
/// wider activations the recipe quantized (e.g. EIE's 16 bits).
struct Layer {
  std::string name;
  LayerShape shape;
  std::vector<std::int8_t> weights;
  std::vector<std::int8_t> input;
  EncodedWeights encoded;             ///< format empty: none stored
  std::vector<std::int16_t> input_q;  ///< quantized inputs (value = q x input_scale)
  double input_scale = 1;
  int input_bits = 8;
  bool relu_after = false;            ///< the model applies ReLU to this layer's output
};

struct Workload {
  std::string name;
  std::string source;  ///< where the shapes come from
  std::vector<Layer> layers;
};

/// Plain reference: out[m][oy][ox] = sum over c, r, s of w * in (int32 accumulation, zero padding).
std::vector<std::int32_t> reference_output(const Layer& layer);

}  // namespace axsim::workloads
