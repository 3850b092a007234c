// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/compress/recipe.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/layer.hpp"
#include "workloads/model/model.hpp"
#include "workloads/quantize/quantize.hpp"

namespace axsim::workloads {

/// One row of the compression table, in Deep Compression's terms (papers.md 8.1): bits per
/// stored weight and per index, before and after Huffman coding, and the compression rate
/// against 32-bit dense weights (codebook and pointer overhead included).
struct CompressionRow {
  std::string layer, kind, encoding;
  std::uint64_t weights = 0, nonzeros = 0, stored_entries = 0, padding_entries = 0;
  double density = 1;
  double weight_bits = 0, index_bits = 0;        ///< per stored entry
  double weight_bits_huffman = 0, index_bits_huffman = 0;
  std::uint64_t overhead_bits = 0;               ///< pointers + codebook + scales
  std::uint64_t compressed_bytes = 0, compressed_bytes_huffman = 0;
  double rate() const;          ///< compressed / original, P+Q
  double rate_huffman() const;  ///< compressed / original, P+Q+H
};

struct CompressedLayer {
  ModelLayer layer;  ///< weights replaced by their pruned and quantized values
  std::vector<std::uint8_t> mask;
  Quantized quantized;
  std::vector<Encoded> encodings;  ///< as the recipe lists them; the first is the table's row
  int code_bits = 0;               ///< stored width of each code (uniform: of each level)
  FixedPoint fixed_point;          ///< weight_bits 0: the codes have no integer level
  std::vector<float> input_float;  ///< the layer's input activations (before quantization)
  QuantizedActivations input;      ///< the same, quantized
  bool reference_input = false;    ///< input_float is the layer's real input (ModelRunner)
  CompressionRow row;
};

struct Compressed {
  std::string model_name, source, source_hash, recipe_name;
  std::vector<CompressedLayer> layers;
  CompressionRow total() const;
};

/// Prunes, quantizes and encodes every layer as the recipe says. A layer's input activations
/// are synthetic (seeded from the recipe seed and the layer name, ReLU-like with the target
/// density) or, with source "reference", the real ones from running the float model on a seeded
/// input (runner_for(): sequential built-in models and ONNX models). Throws sim::ConfigError if
/// the recipe asks for reference activations of a model that cannot run, or of a layer that did
/// not run (an If branch not taken) or whose input size differs from its geometry. A layer whose
/// fixed-point rule is shift_saturate gets its product shift calibrated on the recipe's
/// calibration inputs (synthetic or reference, seeded from calibration_seed), never on the
/// evaluated input.
Compressed compress(const Model& model, const Recipe& recipe);

/// The shape a trace stores for a model layer (an lstm's out_channels are its 4H matrix rows).
LayerShape shape_of(const ModelLayer& layer);

/// ReLU-like input activations of a layer: a fraction `density` are |N(0,1)|, the rest zero
/// (for an LSTM: the inputs of all time steps followed by a recurrent state vector).
std::vector<float> synthetic_activations(const ModelLayer& l, double density, std::uint64_t seed);

/// Per-layer and total table, as printed by `axsim compress`.
std::string format_compression_table(const Compressed& c);

}  // namespace axsim::workloads
