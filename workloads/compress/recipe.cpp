// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/recipe.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/params.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

// A number, or the string "paper" (take the model's published value).
double number_or_paper(sim::Params& p, const std::string& key, double fallback, bool& from_paper) {
  from_paper = false;
  if (p.has(key) && p.raw().at(key).is_string()) {
    const std::string s = p.required_string(key);
    if (s == "paper") return from_paper = true, fallback;
    p.error(key, "expected a number in (0, 1] or \"paper\", got \"" + s + "\"");
    return fallback;
  }
  return p.optional_number(key, fallback, 1e-6, 1.0);
}

void parse_prune(sim::Params p, LayerRecipe& r) {
  r.prune = true;
  r.prune_spec.density = number_or_paper(p, "density", 1.0, r.density_from_paper);
  const std::string g =
      p.optional_choice("granularity", "fine", {"fine", "vector", "kernel", "filter"});
  r.prune_spec.granularity = parse_prune_granularity(g);
  r.prune_spec.balance_pes = static_cast<int>(p.optional_int("balance_pes", 0, 0, 4096));
  r.prune_spec.balance_channels = static_cast<int>(p.optional_int("balance_channels", 1, 1, 4096));
  if (r.prune_spec.balance_channels > 1 && r.prune_spec.balance_pes == 0)
    p.error("balance_channels", "needs balance_pes");
  if (r.prune_spec.balance_pes > 0 && g != "fine")
    p.error("balance_pes", "load-balanced pruning needs granularity \"fine\"");
  p.reject_unused();
}

void parse_quantize(sim::Params p, LayerRecipe& r) {
  QuantSpec& q = r.quant;
  q.scheme = parse_quant_scheme(p.optional_choice(
      "scheme", "none", {"none", "uniform", "kmeans", "ternary", "two_bit", "adaptivfloat", "log"}));
  q.bits = static_cast<int>(p.optional_int("bits", q.bits, 1, 16));
  q.symmetric = p.optional_bool("symmetric", q.symmetric);
  q.per_channel = p.optional_bool("per_channel", q.per_channel);
  q.exp_bits = static_cast<int>(p.optional_int("exp_bits", q.exp_bits, 1, 8));
  q.ternary_threshold = p.optional_number("ternary_threshold", q.ternary_threshold, 0.0, 1.0);
  q.kmeans_iterations = static_cast<int>(p.optional_int("kmeans_iterations", q.kmeans_iterations, 1, 1000));
  q.power_of_two = p.optional_bool("power_of_two", q.power_of_two);
  if (q.power_of_two && (q.scheme != QuantScheme::kUniform || !q.symmetric || q.per_channel))
    p.error("power_of_two", "a power-of-two scale needs scheme \"uniform\", symmetric, not "
                            "per_channel");
  try {
    validate(q);  // per-scheme limits (uniform bits >= 2, log bits <= 8, ...)
  } catch (const std::invalid_argument& e) {
    p.error("bits", e.what());
  }
  p.reject_unused();
}

EncodingRecipe parse_one_encoding(sim::Params p) {
  EncodingRecipe e;
  e.format = p.optional_choice("format", e.format, encoding_names());
  e.spec.num_pes = static_cast<int>(p.optional_int("num_pes", e.spec.num_pes, 1, 4096));
  e.spec.index_bits = static_cast<int>(p.optional_int("index_bits", e.spec.index_bits, 1, 16));
  e.spec.pointer_bits =
      static_cast<int>(p.optional_int("pointer_bits", e.spec.pointer_bits, 2, 32));
  e.spec.channels = static_cast<int>(p.optional_int("channels", e.spec.channels, 1, 4096));
  p.reject_unused();
  return e;
}

// "encoding" is one object, or an array of them: several encodings of the same codes.
void parse_encoding(sim::Params& p, LayerRecipe& r) {
  if (!p.raw().at("encoding").is_array()) {
    r.encodings = {parse_one_encoding(p.child("encoding"))};
    return;
  }
  r.encodings.clear();
  for (sim::Params e : p.array_of_objects("encoding")) {
    const std::string where = e.pointer();
    r.encodings.push_back(parse_one_encoding(std::move(e)));
    for (std::size_t i = 0; i + 1 < r.encodings.size(); ++i)
      if (r.encodings[i].format == r.encodings.back().format)
        p.error("encoding", "format \"" + r.encodings.back().format + "\" is listed twice (" +
                                where + ")");
  }
  if (r.encodings.empty()) p.error("encoding", "expected at least one encoding");
}

bool is_power_of_two(std::int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

void parse_lstm(sim::Params p, LstmRecipe& l) {
  l.enabled = true;
  l.piecewise_linear = p.optional_choice("nonlinearity", "pwl", {"pwl", "lut"}) == "pwl";
  l.utterances = static_cast<int>(p.optional_int("utterances", l.utterances, 1, 1 << 20));
  l.segments = static_cast<int>(p.optional_int("segments", l.segments, 2, 1 << 16));
  if (!is_power_of_two(l.segments)) p.error("segments", "expected a power of two");
  l.input_range = static_cast<int>(p.optional_int("input_range", l.input_range, 1, 64));
  if (!is_power_of_two(l.input_range)) p.error("input_range", "expected a power of two");
  l.gate_input_frac_bits =
      static_cast<int>(p.optional_int("gate_input_frac_bits", l.gate_input_frac_bits, 0, 24));
  l.gate_bits = static_cast<int>(p.optional_int("gate_bits", l.gate_bits, 4, 24));
  l.cell_bits = static_cast<int>(p.optional_int("cell_bits", l.cell_bits, 4, 32));
  l.cell_int_bits = static_cast<int>(p.optional_int("cell_int_bits", l.cell_int_bits, 0, 16));
  if (l.cell_int_bits > l.cell_bits - 2)
    p.error("cell_int_bits", "expected at most cell_bits - 2");
  // Each segment spans a whole number of gate-input steps: 2 x range x 2^frac / segments >= 1.
  if ((std::int64_t{2} * l.input_range << l.gate_input_frac_bits) < l.segments)
    p.error("segments", "more segments than gate-input steps in the table's range");
  p.reject_unused();
}

void parse_fixed_point(sim::Params p, LayerRecipe& r) {
  FixedPointRecipe& f = r.fixed_point;
  f.weight_bits = static_cast<int>(p.optional_int("weight_bits", f.weight_bits, 2, 24));
  f.shift_saturate =
      p.optional_choice("accumulate", "exact", {"exact", "shift_saturate"}) == "shift_saturate";
  f.accumulator_bits =
      static_cast<int>(p.optional_int("accumulator_bits", f.accumulator_bits, 8, 31));
  if (p.has("calibration")) {
    sim::Params c = p.child("calibration");
    f.calibration_seed =
        static_cast<std::uint64_t>(c.optional_int("seed", 1000003, 0, INT64_MAX));
    f.calibration_inputs = static_cast<int>(c.optional_int("inputs", 4, 1, 64));
    c.reject_unused();
  }
  if (p.has("lstm")) parse_lstm(p.child("lstm"), f.lstm);
  p.reject_unused();
}

void parse_activations(sim::Params p, LayerRecipe& r) {
  r.activations =
      p.optional_choice("source", r.activations, {"synthetic", "reference", "published"});
  r.act_density = number_or_paper(p, "density", r.act_density, r.act_density_from_paper);
  // Read whatever the source (an override merged onto other defaults may carry them); only
  // "published" uses them.
  r.act_fallback_density = p.optional_number("fallback_density", 0.0, 1e-6, 1.0);
  r.act_correlation_px = p.optional_number("correlation_px", r.act_correlation_px, 0.0, 16.0);
  r.act_channel_spread = p.optional_number("channel_spread", r.act_channel_spread, 0.0, 4.0);
  r.act_bits = static_cast<int>(p.optional_int("bits", r.act_bits, 1, 16));
  p.reject_unused();
}

LayerRecipe parse_layer(sim::Params p) {
  LayerRecipe r;
  if (p.has("prune")) parse_prune(p.child("prune"), r);
  if (p.has("quantize")) parse_quantize(p.child("quantize"), r);
  if (p.has("encoding")) parse_encoding(p, r);
  if (p.has("fixed_point")) parse_fixed_point(p.child("fixed_point"), r);
  r.huffman = p.optional_bool("huffman", r.huffman);
  if (p.has("activations")) parse_activations(p.child("activations"), r);
  p.reject_unused();
  return r;
}

LayerRecipe parse_layer_json(const std::string& path, const json& j, const std::string& pointer,
                             sim::Diagnostics& diag) {
  auto doc = std::make_shared<json>(j);
  return parse_layer(sim::Params::from_json(doc, path, diag, pointer));
}

// nlohmann::json sorts object keys; overrides must apply in the order the file gives them.
std::vector<std::string> keys_in_file_order(const std::string& json_text) {
  std::vector<std::string> keys;
  nlohmann::ordered_json doc;
  sim::parse_json(json_text, "recipe", doc);  // already parsed (and checked) as a json
  if (doc.contains("layers") && doc["layers"].is_object())
    for (auto it = doc["layers"].begin(); it != doc["layers"].end(); ++it) keys.push_back(it.key());
  return keys;
}

// '*' matches any run of characters. Iterative (backtracking only to the last '*'), so a
// selector of many stars takes neither stack nor exponential time.
bool glob_match(const std::string& pattern, const std::string& text) {
  std::size_t p = 0, t = 0, star = std::string::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++, resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p, ++t;
    } else if (star != std::string::npos) {
      p = star + 1, t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool selects(const std::string& selector, const ModelLayer& layer) {
  if (selector.rfind("kind:", 0) == 0) return selector.substr(5) == to_string(layer.kind);
  return glob_match(selector, layer.name);
}

}  // namespace

LayerRecipe Recipe::for_layer(const ModelLayer& layer) const {
  json merged = json::parse(defaults_json);
  for (const auto& [selector, text] : overrides)
    if (selects(selector, layer)) merged.merge_patch(json::parse(text));
  sim::Diagnostics diag;
  LayerRecipe r = parse_layer_json(path, merged, "/defaults", diag);
  diag.throw_if_any();  // only a conflict between two overrides (each valid alone) lands here
  r.recipe_path = path;
  return r;
}

Recipe parse_recipe(const std::string& path, const std::string& json_text) {
  const json doc = sim::parse_config_json(json_text, path);
  sim::Diagnostics diag;
  sim::Params root = sim::Params::from_json(std::make_shared<json>(doc), path, diag);
  Recipe r;
  r.path = path;
  r.json_text = doc.dump();
  root.required_int("axsim_recipe", 1, 1);  // recipe format version: only 1 exists
  r.name = root.required_string("name");
  r.reproduces = root.optional_string("reproduces", "");
  r.seed = static_cast<std::uint64_t>(root.optional_int("seed", 1, 0, INT64_MAX));
  const json defaults = doc.is_object() && doc.contains("defaults") ? doc["defaults"] : json::object();
  r.defaults_json = defaults.dump();
  parse_layer_json(path, defaults, "/defaults", diag);
  root.ignore("defaults");
  if (root.has("layers")) {
    sim::Params layers = root.child("layers");
    layers.keys();  // marks them read; the loop below keeps the file's order (later wins)
    for (const std::string& sel : keys_in_file_order(json_text)) {
      const json& o = doc["layers"][sel];
      json merged = defaults;
      merged.merge_patch(o);
      parse_layer_json(path, o.is_object() ? merged : o,
                       "/layers/" + sim::escape_pointer_token(sel), diag);
      r.overrides.emplace_back(sel, o.dump());
    }
  }
  root.reject_unused();
  diag.throw_if_any();
  return r;
}

Recipe load_recipe(const std::string& path) {
  return parse_recipe(path, sim::read_json_file(path));
}

}  // namespace axsim::workloads
