// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/compress.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <stdexcept>
#include <tuple>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"
#include "workloads/compress/fixed_point.hpp"
#include "workloads/compress/lstm_sequence_rule.hpp"
#include "workloads/compress/structured_activations.hpp"
#include "workloads/parallel.hpp"
#include "workloads/reference/executor.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

constexpr double kDenseBitsPerWeight = 32;  // the uncompressed model stores fp32 weights

// What the layer consumes (an lstm: every step's inputs, then the state), as a trace stores it.
std::uint64_t input_count(const ModelLayer& l) { return shape_of(l).stored_input_count(); }

// Codes as the encoders see them: 0 exactly for a zero weight, non-zero otherwise. Uniform
// codes are the signed levels q - zero_point (value = level x scale), so an encoder stores them
// in two's complement and they decode to the level; an asymmetric grid's levels span one more
// bit than its codes. `codes` are q.codes (a copy, or the codes themselves when the caller no
// longer needs them).
CodeMatrix code_matrix(const Quantized& q, std::vector<std::int32_t> codes, std::int64_t rows,
                       std::int64_t cols) {
  CodeMatrix m{rows, cols, q.code_bits, std::move(codes)};
  const bool uniform = q.spec.scheme == QuantScheme::kUniform;
  const bool offset = std::any_of(q.zero_points.begin(), q.zero_points.end(),
                                  [](std::int32_t z) { return z != 0; });
  if (uniform && offset) m.code_bits = std::min(32, m.code_bits + 1);
  parallel_ranges(m.codes.size(), std::size_t{1} << 20, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (q.values[i] == 0.f)
        m.codes[i] = 0;
      else if (uniform) {
        const std::size_t row = q.zero_points.size() > 1 ? i / std::size_t(cols) : 0;
        m.codes[i] -= q.zero_points.empty() ? 0 : q.zero_points[row];
      }
    }
  });
  return m;
}

std::uint64_t overhead_bits(const Quantized& q, const Encoded& e) {
  const bool zero_points = std::any_of(q.zero_points.begin(), q.zero_points.end(),
                                       [](std::int32_t z) { return z != 0; });
  return e.stats.pointer_bits +
         32 * (q.codebook.size() + q.scales.size() + (zero_points ? q.zero_points.size() : 0));
}

CompressionRow make_row(const CompressedLayer& c, bool huffman) {
  CompressionRow r;
  r.layer = c.layer.name;
  r.kind = to_string(c.layer.kind);
  const Encoded& primary = c.encodings.front();
  r.encoding = primary.format;
  r.weights = c.layer.weight_count();
  r.nonzeros = std::uint64_t(std::count_if(c.quantized.values.begin(), c.quantized.values.end(),
                                            [](float v) { return v != 0.f; }));
  r.density = double(r.nonzeros) / double(r.weights);
  const EncodingStats& s = primary.stats;
  r.stored_entries = s.entries;
  r.padding_entries = s.padding_entries;
  const double entries = std::max<double>(1.0, double(s.entries));
  r.weight_bits = double(s.weight_bits) / entries;
  r.index_bits = double(s.index_bits) / entries;
  const double hw = huffman ? double(huffman_bits(primary.weight_symbols)) : double(s.weight_bits);
  const double hi = huffman ? double(huffman_bits(primary.index_symbols)) : double(s.index_bits);
  r.weight_bits_huffman = hw / entries;
  r.index_bits_huffman = hi / entries;
  r.overhead_bits = overhead_bits(c.quantized, primary);
  r.compressed_bytes = (s.weight_bits + s.index_bits + r.overhead_bits + 7) / 8;
  r.compressed_bytes_huffman = (std::uint64_t(hw + hi) + r.overhead_bits + 7) / 8;
  return r;
}

// The density the recipe asks of a layer's input and where it comes from ({-1, ""} for
// reference activations). Throws for a "published" layer without a density or a fallback.
std::pair<double, std::string> act_target(const ModelLayer& l, const LayerRecipe& r) {
  if (r.activations == "reference") return {-1.0, ""};
  if (r.activations == "synthetic") {
    if (!r.act_density_from_paper) return {r.act_density, "recipe"};
    const std::string& source = l.act_density_source;
    return {l.act_density, source.empty() ? "none published: 1.0" : source};
  }
  if (!l.act_density_source.empty()) return {l.act_density, l.act_density_source};
  if (r.act_fallback_density > 0) return {r.act_fallback_density, "fallback_density"};
  throw sim::ConfigError(r.recipe_path + ": activations/source \"published\": layer '" + l.name +
                         "' has no published input density and the recipe gives no "
                         "activations/fallback_density");
}

// The layer's float input: the float model's activations (runner_for()) when the recipe asks for them
// (`reference` holds what the layer consumes), else synthetic or published-density ones.
std::vector<float> layer_input(const ModelLayer& l, const LayerRecipe& r, std::uint64_t seed,
                               const std::vector<float>* reference) {
  if (r.activations == "reference") return *reference;
  const double density = act_target(l, r).first;
  if (r.activations == "synthetic") return synthetic_activations(l, density, seed);
  return structured_activations(
      l, {density, r.act_correlation_px, r.act_channel_spread, r.act_bits}, seed);
}

// The quantized step inputs a product shift is calibrated on: the recipe's calibration inputs,
// synthetic (seeded from calibration_seed) or the float model's on calibration seeds.
std::vector<std::vector<std::int32_t>> calibration_inputs(
    const ModelLayer& l, const LayerRecipe& r, const std::vector<std::vector<float>>* refs) {
  std::vector<std::vector<std::int32_t>> out;
  const FixedPointRecipe& f = r.fixed_point;
  for (int i = 0; i < f.calibration_inputs; ++i) {
    const std::vector<float>* ref = refs ? &(*refs)[std::size_t(i)] : nullptr;
    const QuantizedActivations q = quantize_activations(
        layer_input(l, r, f.calibration_seed + std::uint64_t(i), ref), r.act_bits);
    out.push_back(step_input(shape_of(l), q.q));
  }
  return out;
}

// The fixed-point rule, with a shift_saturate layer's product shift calibrated on the recipe's
// calibration inputs. `codes` are no longer needed by the caller: they become levels in place.
void set_fixed_point(CompressedLayer& c, CodeMatrix& codes, const LayerRecipe& r,
                     const std::vector<std::vector<float>>* calibration_refs) {
  if (c.quantized.spec.scheme == QuantScheme::kNone) {
    c.fixed_point.weight_bits = 0;  // float weights: no integer datapath can run them
    return;
  }
  c.fixed_point = weight_fixed_point(c.quantized, codes.code_bits, r.fixed_point);
  if (c.fixed_point.accumulate != FixedPoint::Accumulate::kShiftSaturate) return;
  parallel_ranges(codes.codes.size(), std::size_t{1} << 20,
                  [&](std::size_t begin, std::size_t end) {
                    for (std::size_t i = begin; i < end; ++i)
                      codes.codes[i] = c.fixed_point.level(codes.codes[i]);
                  });
  c.fixed_point.product_shift =
      calibrate_product_shift(shape_of(c.layer), codes.codes,
                              calibration_inputs(c.layer, r, calibration_refs),
                              c.fixed_point.accumulator_bits);
}

// The recipe's keep-mask of `matrix` (of `shape`; the layer's own when not given).
std::vector<std::uint8_t> layer_mask(const ModelLayer& l, const LayerRecipe& r,
                                     const std::vector<float>& matrix, const MatrixShape& shape) {
  if (!r.prune) return std::vector<std::uint8_t>(matrix.size(), 1);
  PruneSpec spec = r.prune_spec;
  if (r.density_from_paper) spec.density = l.weight_density;
  return prune_mask(matrix, shape, spec);
}

MatrixShape shape_of_matrix(const ModelLayer& l) {
  return {l.rows(), l.cols(), l.kernel_h, l.kernel_w};
}

// Every encoding the recipe lists of `m` (`what` names the matrix in errors).
std::vector<Encoded> encode_all(const CodeMatrix& m, const LayerRecipe& r, const ModelLayer& l,
                                const std::string& what) {
  std::vector<Encoded> out;
  for (const EncodingRecipe& e : r.encodings) {
    EncodeSpec enc = e.spec;
    enc.kernel_h = l.kernel_h, enc.kernel_w = l.kernel_w;  // scnn blocks per input channel
    try {
      out.push_back(encode(e.format, m, enc));
    } catch (const std::invalid_argument& err) {  // a field too narrow for this layer's matrix
      throw sim::ConfigError(r.recipe_path + ": layer '" + l.name + "': the " + e.format +
                             " encoding cannot store " + what + ": " + err.what());
    }
  }
  return out;
}

// Every encoding the recipe lists, the stored code width and the fixed-point rule.
void encode_layer(CompressedLayer& c, const LayerRecipe& r, std::vector<std::int32_t> codes,
                  const std::vector<std::vector<float>>* calibration_refs) {
  const ModelLayer& l = c.layer;
  CodeMatrix m = code_matrix(c.quantized, std::move(codes), l.rows(), l.cols());
  c.encodings = encode_all(m, r, l, "it");
  c.code_bits = m.code_bits;
  set_fixed_point(c, m, r, calibration_refs);
}

void finish_layer(CompressedLayer& c, const LayerRecipe& r) {
  c.input = quantize_activations(c.input_float, r.act_bits);
  c.reference_input = r.activations == "reference";
  c.row = make_row(c, r.huffman);
  const auto nonzero = std::count_if(c.input.q.begin(), c.input.q.end(),
                                     [](std::int32_t v) { return v != 0; });
  c.row.act_density = c.input.q.empty() ? 0.0 : double(nonzero) / double(c.input.q.size());
  std::tie(c.row.act_target, c.row.act_source) = act_target(c.layer, r);
  if (r.activations == "reference") c.row.act_source = "reference";
}

CompressedLayer compress_layer(const ModelLayer& l, const LayerRecipe& r, std::uint64_t seed,
                               const std::vector<float>* reference,
                               const std::vector<std::vector<float>>* calibration_refs) {
  CompressedLayer c;
  c.layer = l;
  const std::vector<float> lstm_matrix =
      l.kind == OpKind::kLstm ? l.matrix() : std::vector<float>();
  const std::vector<float>& matrix = l.kind == OpKind::kLstm ? lstm_matrix : l.weights.data;
  c.mask = layer_mask(l, r, matrix, shape_of_matrix(l));
  c.quantized = quantize(matrix, c.mask, l.rows(), l.cols(), r.quant);
  encode_layer(c, r, c.quantized.codes, calibration_refs);
  c.layer.set_matrix(c.quantized.values);
  c.input_float = layer_input(l, r, seed, reference);
  finish_layer(c, r);
  if (wants_lstm_rule(l, r)) set_lstm_rule(c, r, float_lstm_sequence(l, c.input_float, r.fixed_point.lstm.utterances));
  return c;
}

// The same from a layer the caller gives up (its weights loaded): no float copy of the weights
// beyond the one quantization writes its values over, the mask and codes freed once used.
CompressedLayer compress_owned_layer(ModelLayer&& l, const LayerRecipe& r, std::uint64_t seed,
                                     const LayerCallbacks& callbacks) {
  std::vector<float> matrix = l.kind == OpKind::kLstm ? l.matrix() : std::move(l.weights.data);
  CompressedLayer c;
  c.input_float = layer_input(l, r, seed, nullptr);
  const std::vector<float> float_h =
      wants_lstm_rule(l, r) ? float_lstm_sequence(l, c.input_float, r.fixed_point.lstm.utterances)
                            : std::vector<float>();
  l.weights.data = {}, l.recurrent.data = {};
  c.layer = std::move(l);  // geometry, bias and projection only from here
  if (callbacks.original) callbacks.original(c.layer, matrix, c.input_float);
  std::vector<std::uint8_t> mask = layer_mask(c.layer, r, matrix, shape_of_matrix(c.layer));
  c.quantized =
      quantize(std::move(matrix), std::move(mask), c.layer.rows(), c.layer.cols(), r.quant);
  mask = {};
  encode_layer(c, r, std::move(c.quantized.codes), nullptr);  // no reference activations here
  c.quantized.codes = {};
  finish_layer(c, r);
  if (wants_lstm_rule(c.layer, r)) set_lstm_rule(c, r, float_h);
  return c;
}

// The float model's activations on one seeded input, if any layer's recipe wants them: one run
// serves every layer. Empty when no layer does.
std::vector<std::vector<float>> reference_activations(const Model& model, const Recipe& recipe) {
  const auto wants = [&](const ModelLayer& l) {
    return recipe.for_layer(l).activations == "reference";
  };
  const bool wanted = std::any_of(model.layers.begin(), model.layers.end(), wants);
  if (!wanted) return {};
  const std::shared_ptr<const ModelRunner> runner = runner_for(model);
  if (!runner)
    throw sim::ConfigError(recipe.path + ": activations/source \"reference\" on model " +
                           model.name +
                           ": reference activations need a model that can run: a built-in "
                           "conv / fc model (lenet-300-100, lenet5, alexnet, vgg16, googlenet, "
                           "resnet18, resnet34, resnet50) or an ONNX model");
  if (const std::string why = runner->unavailable(); !why.empty())
    throw sim::ConfigError(recipe.path + ": activations/source \"reference\" on model " +
                           model.name + ": " + why);
  std::vector<std::vector<float>> acts = runner->run(recipe.seed, {}).layer_inputs;
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    const ModelLayer& l = model.layers[i];
    if (!wants(l)) continue;
    if (acts[i].empty())
      throw sim::ConfigError(model.source + ": layer " + l.name + " did not run on the seeded input "
                             "(an If branch not taken), so it has no reference activations");
    if (acts[i].size() != input_count(l))
      throw sim::ConfigError(fmt::format("{}: layer {} consumed {} values, its geometry says {} "
                                         "(give the input sizes with --input)",
                                         model.source, l.name, acts[i].size(), input_count(l)));
    // A NaN or an infinity has no quantization scale (a model whose constants overflow, or
    // divide by zero, on this input): the trace would hold no number for it.
    if (!std::all_of(acts[i].begin(), acts[i].end(), [](float v) { return std::isfinite(v); }))
      throw sim::ConfigError(model.source + ": layer " + l.name + ": its input in a run on the "
                             "seeded input is not finite (NaN or infinity), so it cannot be "
                             "quantized");
  }
  return acts;
}

// The float model's layer inputs on the calibration seeds, per layer then per calibration
// input, for layers whose product shift is calibrated on reference activations. Empty when none is.
std::vector<std::vector<std::vector<float>>> calibration_activations(const Model& model,
                                                                     const Recipe& recipe) {
  const auto wants = [&](const ModelLayer& l) {
    const LayerRecipe r = recipe.for_layer(l);
    return r.activations == "reference" && r.fixed_point.shift_saturate;
  };
  if (std::none_of(model.layers.begin(), model.layers.end(), wants)) return {};
  std::vector<std::vector<std::vector<float>>> out(model.layers.size());
  std::map<std::uint64_t, std::vector<std::vector<float>>> runs;  // one model run per seed
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    if (!wants(model.layers[i])) continue;
    const FixedPointRecipe& f = recipe.for_layer(model.layers[i]).fixed_point;
    for (int k = 0; k < f.calibration_inputs; ++k) {
      Recipe calib = recipe;
      calib.seed = f.calibration_seed + std::uint64_t(k);
      auto it = runs.find(calib.seed);
      if (it == runs.end()) it = runs.emplace(calib.seed, reference_activations(model, calib)).first;
      out[i].push_back(it->second[i]);
    }
  }
  return out;
}

}  // namespace

CompressedMatrix compress_matrix(std::vector<float> m, std::int64_t rows, std::int64_t cols,
                                 const ModelLayer& l, const LayerRecipe& r,
                                 const std::string& what) {
  CompressedMatrix c;
  std::vector<std::uint8_t> mask = layer_mask(l, r, m, {rows, cols, 1, 1});
  c.quantized = quantize(std::move(m), std::move(mask), rows, cols, r.quant);
  CodeMatrix codes = code_matrix(c.quantized, c.quantized.codes, rows, cols);
  c.encodings = encode_all(codes, r, l, what);
  c.code_bits = codes.code_bits;
  if (c.quantized.spec.scheme != QuantScheme::kNone)
    c.fixed_point = weight_fixed_point(c.quantized, codes.code_bits, r.fixed_point);
  return c;
}

std::vector<float> synthetic_activations(const ModelLayer& l, double density, std::uint64_t seed) {
  Rng rng(mix_seed(seed, "act:" + l.name));
  std::vector<float> x(input_count(l));
  for (float& v : x) v = rng.uniform() < density ? static_cast<float>(std::abs(rng.normal())) : 0.f;
  return x;
}

double CompressionRow::rate() const {
  return double(compressed_bytes) * 8 / (double(weights) * kDenseBitsPerWeight);
}
double CompressionRow::rate_huffman() const {
  return double(compressed_bytes_huffman) * 8 / (double(weights) * kDenseBitsPerWeight);
}

CompressionRow Compressed::total() const {
  CompressionRow t;
  t.layer = "total";
  double wb = 0, ib = 0, wbh = 0, ibh = 0;
  for (const CompressedLayer& c : layers) {
    const CompressionRow& r = c.row;
    t.weights += r.weights, t.nonzeros += r.nonzeros, t.stored_entries += r.stored_entries;
    t.padding_entries += r.padding_entries, t.overhead_bits += r.overhead_bits;
    t.compressed_bytes += r.compressed_bytes, t.compressed_bytes_huffman += r.compressed_bytes_huffman;
    const double e = double(r.stored_entries);
    wb += r.weight_bits * e, ib += r.index_bits * e;
    wbh += r.weight_bits_huffman * e, ibh += r.index_bits_huffman * e;
  }
  const double e = std::max<double>(1.0, double(t.stored_entries));
  t.density = t.weights ? double(t.nonzeros) / double(t.weights) : 0;
  t.weight_bits = wb / e, t.index_bits = ib / e;
  t.weight_bits_huffman = wbh / e, t.index_bits_huffman = ibh / e;
  return t;
}

Compressed compress(const Model& model, const Recipe& recipe, const LayerProgress& progress) {
  check_published_densities(model, recipe);
  Compressed out{model.name, model.source, model.source_hash, recipe.name, {}};
  if (model.load_weights && !wants_reference_activations(model, recipe)) {
    // Weights on demand: one layer at a time, kept whole afterwards.
    LayerCallbacks keep{progress, nullptr, [&](std::size_t, CompressedLayer&& c) {
                          model.load_weights(c.layer);  // shapes and bias as compress_layer's
                          c.layer.set_matrix(c.quantized.values);
                          out.layers.push_back(std::move(c));
                        }};
    compress_layers(model, recipe, keep);
    return out;
  }
  // The float model's runs make weights on demand too (runner_for(): one node's at a time), so
  // at most one layer's original floats are in memory beside the compressed layers.
  const std::vector<std::vector<float>> reference = reference_activations(model, recipe);
  const auto calibration = calibration_activations(model, recipe);
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    const ModelLayer* l = &model.layers[i];
    if (progress) progress(i, model.layers.size(), l->name);
    ModelLayer loaded;
    if (model.load_weights) loaded = l->geometry(), model.load_weights(loaded), l = &loaded;
    out.layers.push_back(compress_layer(*l, recipe.for_layer(*l), recipe.seed,
                                        reference.empty() ? nullptr : &reference[i],
                                        calibration.empty() ? nullptr : &calibration[i]));
  }
  return out;
}


bool wants_reference_activations(const Model& model, const Recipe& recipe) {
  return std::any_of(model.layers.begin(), model.layers.end(), [&](const ModelLayer& l) {
    return recipe.for_layer(l).activations == "reference";
  });
}

void compress_layers(const Model& model, const Recipe& recipe, const LayerCallbacks& callbacks) {
  if (wants_reference_activations(model, recipe))
    throw sim::ConfigError(model.name + ": activations \"reference\" need the whole float model");
  check_published_densities(model, recipe);
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    if (callbacks.progress) callbacks.progress(i, model.layers.size(), model.layers[i].name);
    ModelLayer l = model.layers[i];  // geometry only when the model makes weights on demand
    if (model.load_weights) model.load_weights(l);
    const LayerRecipe r = recipe.for_layer(l);
    CompressedLayer c = compress_owned_layer(std::move(l), r, recipe.seed, callbacks);
    if (callbacks.compressed) callbacks.compressed(i, std::move(c));
  }
}

std::string format_compression_table(const Compressed& c) {
  std::string out = fmt::format("{:<22} {:<5} {:>11} {:>7} {:>6} {:>6} {:>6} {:>6} {:>12} {:>8} {:>8}\n",
                                "layer", "kind", "weights", "dens%", "wbits", "wb(H)", "ibits",
                                "ib(H)", "bytes(H)", "rate%", "rate%(H)");
  auto line = [&](const CompressionRow& r) {
    out += fmt::format("{:<22} {:<5} {:>11} {:>7.2f} {:>6.2f} {:>6.2f} {:>6.2f} {:>6.2f} {:>12} {:>8.2f} {:>8.2f}\n",
                       r.layer, r.kind, r.weights, 100 * r.density, r.weight_bits,
                       r.weight_bits_huffman, r.index_bits, r.index_bits_huffman,
                       r.compressed_bytes_huffman, 100 * r.rate(), 100 * r.rate_huffman());
  };
  for (const CompressedLayer& l : c.layers) line(l.row);
  const CompressionRow t = c.total();
  line(t);
  out += fmt::format("compression: {:.1f}x (pruning + quantization), {:.1f}x (+ Huffman)\n",
                     1 / t.rate(), 1 / t.rate_huffman());
  return out;
}

}  // namespace axsim::workloads
