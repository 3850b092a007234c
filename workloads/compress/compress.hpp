// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "workloads/compress/recipe.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/layer.hpp"
#include "workloads/model/model.hpp"
#include "workloads/quantize/quantize.hpp"

namespace axsim::workloads {

/// One row of the compression table, in Deep Compression's terms (Han et al., ICLR 2016, Tables
/// 2-5): bits per stored weight and per index, before and after Huffman coding, and the compression
/// rate against 32-bit dense weights (codebook and pointer overhead included).
struct CompressionRow {
  std::string layer, kind, encoding;
  std::uint64_t weights = 0, nonzeros = 0, stored_entries = 0, padding_entries = 0;
  double density = 1;
  double weight_bits = 0, index_bits = 0;        ///< per stored entry
  double weight_bits_huffman = 0, index_bits_huffman = 0;
  std::uint64_t overhead_bits = 0;               ///< pointers + codebook + scales
  std::uint64_t compressed_bytes = 0, compressed_bytes_huffman = 0;
  /// The layer's input activations: their non-zero share after quantization, the share the
  /// recipe asked for (-1: none, reference activations) and where that came from (a citation,
  /// "recipe", or "fallback_density" for a layer without a published density).
  double act_density = 0, act_target = -1;
  std::string act_source;
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
  /// An lstm compressed with a sequence rule (the recipe's fixed_point.lstm): the rule, its
  /// projection's encodings included, and those encodings' statistics.
  std::optional<LstmRule> lstm;
  std::vector<EncodingStats> projection_stats;
};

struct Compressed {
  std::string model_name, source, source_hash, recipe_name;
  std::vector<CompressedLayer> layers;
  CompressionRow total() const;
};

/// Told before each layer is compressed: its index (from 0), the layer count and its name.
using LayerProgress =
    std::function<void(std::size_t index, std::size_t count, const std::string& layer)>;

/// Prunes, quantizes and encodes every layer as the recipe says. A layer's input activations
/// are synthetic (seeded from the recipe seed and the layer name, ReLU-like with the target
/// density), "published" (the model's published density, structured zeros:
/// structured_activations()) or, with source "reference", the real ones from running the float
/// model on a seeded input (runner_for(): built-in conv / fc models and ONNX models). Throws sim::ConfigError if
/// the recipe asks for reference activations of a model that cannot run, or of a layer that did
/// not run (an If branch not taken) or whose input size differs from its geometry. A layer whose
/// fixed-point rule is shift_saturate gets its product shift calibrated on the recipe's
/// calibration inputs (synthetic or reference, seeded from calibration_seed), never on the
/// evaluated input.
Compressed compress(const Model& model, const Recipe& recipe, const LayerProgress& progress = {});

/// What the layer-by-layer front-end (compress_layers()) tells its caller about each layer.
struct LayerCallbacks {
  LayerProgress progress;
  /// Before quantization: the layer (geometry only), its original rows x cols float matrix and
  /// its float input. The matrix is gone once this returns (for layer fidelity).
  std::function<void(const ModelLayer& layer, const std::vector<float>& matrix,
                     const std::vector<float>& input)>
      original;
  /// The compressed layer, handed over: what the callee does not keep is freed before the next
  /// layer starts. Its `layer` has no weights (the values are in `quantized.values`), and its
  /// mask and quantized codes are empty (the encoding holds them).
  std::function<void(std::size_t index, CompressedLayer&& layer)> compressed;
};

/// Compresses as compress() does, one layer at a time: a model with Model::load_weights has
/// one layer's weights made at a time, and every layer's floats are dropped before the next
/// layer starts. Throws sim::ConfigError if the recipe asks for reference activations (they
/// need the whole float model: use compress()).
void compress_layers(const Model& model, const Recipe& recipe, const LayerCallbacks& callbacks);

/// True if some layer's recipe asks for reference activations (compress_layers() cannot).
bool wants_reference_activations(const Model& model, const Recipe& recipe);


/// A further matrix of a layer (an LSTMP's projection) through the layer's recipe: pruning
/// (the layer's density), quantization, every encoding and the fixed-point levels.
struct CompressedMatrix {
  Quantized quantized;
  std::vector<Encoded> encodings;
  int code_bits = 0;
  FixedPoint fixed_point;
};
CompressedMatrix compress_matrix(std::vector<float> m, std::int64_t rows, std::int64_t cols,
                                 const ModelLayer& l, const LayerRecipe& r,
                                 const std::string& what);

/// ReLU-like input activations of a layer: a fraction `density` are |N(0,1)|, the rest zero
/// (for an LSTM: the inputs of all time steps followed by a recurrent state vector).
std::vector<float> synthetic_activations(const ModelLayer& l, double density, std::uint64_t seed);

/// Per-layer and total table, as printed by `axsim compress`.
std::string format_compression_table(const Compressed& c);

/// Throws sim::ConfigError naming the recipe, model and layer if a layer whose recipe asks for
/// "published" activations has no published input density and the recipe gives no
/// fallback_density.
void check_published_densities(const Model& model, const Recipe& recipe);

/// Per layer: the input's target and achieved density and where the target came from (printed
/// by `axsim compress` when some layer's activations are "published").
std::string format_input_density_table(const Compressed& c);

}  // namespace axsim::workloads
