// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/compress/prune.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/model/model.hpp"
#include "workloads/quantize/quantize.hpp"

namespace axsim::workloads {

/// One encoding a layer's codes are stored in (a trace may hold several of the same codes).
struct EncodingRecipe {
  std::string format = "bitmask";
  EncodeSpec spec;
};

/// The fixed-point rule of an lstm's whole sequence (workloads/lstm_rule.hpp): the gate
/// nonlinearities as tables of `segments` pieces over [-input_range, input_range), linear
/// pieces ("pwl") or constant ones ("lut"); formats by their bits (gate outputs keep 2 integer
/// bits with the sign, the cell `cell_int_bits`).
struct LstmRecipe {
  bool enabled = false;
  int utterances = 1;  ///< the sequence as that many independent ones (must divide seq_len)
  bool piecewise_linear = true;
  int segments = 64;
  int input_range = 8;
  int gate_input_frac_bits = 10;
  int gate_bits = 16;
  int cell_bits = 16;
  int cell_int_bits = 3;
};

/// The fixed-point rule the datapaths compute with (stored in the trace with the layer).
struct FixedPointRecipe {
  /// Codebook schemes: bits of the signed fixed-point level each codebook entry becomes (the
  /// largest power-of-two fraction that holds max|entry|). Uniform codes are their own levels.
  int weight_bits = 8;
  bool shift_saturate = false;  ///< EIE's rule (FixedPoint::Accumulate::kShiftSaturate)
  int accumulator_bits = 16;    ///< shift_saturate: the accumulator's signed width
  /// shift_saturate: the product shift is the smallest that keeps every exact output of
  /// `calibration_inputs` inputs (seeded from calibration_seed, never the evaluated one) in
  /// accumulator_bits.
  std::uint64_t calibration_seed = 1000003;
  int calibration_inputs = 4;
  LstmRecipe lstm;  ///< lstm layers only
};

/// What to do with one layer's weights and activations.
struct LayerRecipe {
  bool prune = false;
  bool density_from_paper = false;  ///< "density": "paper" takes ModelLayer::weight_density
  PruneSpec prune_spec;
  QuantSpec quant;
  std::vector<EncodingRecipe> encodings{EncodingRecipe{}};  ///< the first is the table's row
  FixedPointRecipe fixed_point;
  bool huffman = true;
  /// synthetic (seeded, i.i.d. positions, target density) | reference (the float model's) |
  /// published (the model's published per-layer density, spatially structured zeros)
  std::string activations = "synthetic";
  bool act_density_from_paper = false;
  double act_density = 1.0;
  /// published: the density of a layer without a published one (0: none, such a layer is an
  /// error); correlation length of the zeros (px, the smoothing kernel's standard deviation)
  /// and the spread of the channels' densities (standard deviation of their logit offsets).
  double act_fallback_density = 0;
  double act_correlation_px = 1.5;
  double act_channel_spread = 1.0;
  int act_bits = 8;
  std::string recipe_path;  ///< the recipe file it came from, for messages
};

/// A compression recipe file (docs/compression.md): defaults plus per-layer overrides selected
/// by exact layer name, by "kind:conv|fc|lstm", or by a glob with '*'; later entries win.
struct Recipe {
  std::string path, name, reproduces, json_text;
  std::uint64_t seed = 1;
  /// The recipe for one layer: defaults, then every matching override in file order.
  LayerRecipe for_layer(const ModelLayer& layer) const;

  std::string defaults_json;
  std::vector<std::pair<std::string, std::string>> overrides;  ///< selector, JSON text
};

/// Loads and fully validates a recipe (every override is checked merged onto the defaults);
/// all errors are reported at once as a ConfigError naming the file and the JSON path.
Recipe load_recipe(const std::string& path);
/// The same from JSON text (`path` is used in messages).
Recipe parse_recipe(const std::string& path, const std::string& json_text);

}  // namespace axsim::workloads
