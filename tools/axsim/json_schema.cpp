// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/json_schema.hpp"

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "arch/unit.hpp"
#include "sim/error.hpp"
#include "tools/axsim/command_errors.hpp"
#include "workloads/encode/encoding.hpp"

namespace axsim::tools {

using nlohmann::json;

namespace {

constexpr const char* kDraft = "https://json-schema.org/draft/2020-12/schema";
constexpr std::int64_t kInt64Max = INT64_MAX;

json object_of(json properties, const std::vector<std::string>& required = {}) {
  json o = {{"type", "object"}, {"properties", std::move(properties)},
            {"additionalProperties", false}};
  if (!required.empty()) o["required"] = required;
  return o;
}

json integer(std::int64_t lo, std::int64_t hi, const std::string& doc = "") {
  json j = {{"type", "integer"}, {"minimum", lo}, {"maximum", hi}};
  if (!doc.empty()) j["description"] = doc;
  return j;
}

json number(double lo, double hi, const std::string& doc = "") {
  json j = {{"type", "number"}, {"minimum", lo}, {"maximum", hi}};
  if (!doc.empty()) j["description"] = doc;
  return j;
}

json text(const std::string& doc) { return {{"type", "string"}, {"description", doc}}; }
json flag(const std::string& doc) { return {{"type", "boolean"}, {"description", doc}}; }
json one_of_names(std::vector<std::string> names, const std::string& doc = "") {
  json j = {{"enum", std::move(names)}};
  if (!doc.empty()) j["description"] = doc;
  return j;
}

// ---- run configs: the unit params from the registration data ----------------------------------

json param_schema(const arch::ParamDecl& d) {
  json j;
  switch (d.type) {
    case arch::ParamType::kInt:
      j = integer(std::int64_t(d.lo), std::int64_t(d.hi));
      if (!d.required) j["default"] = d.int_default;
      break;
    case arch::ParamType::kNumber:
      j = number(d.lo, d.hi);
      if (!d.required) j["default"] = d.number_default;
      break;
    case arch::ParamType::kBool: j = {{"type", "boolean"}, {"default", d.bool_default}}; break;
    case arch::ParamType::kString:
      j = {{"type", "string"}};
      if (!d.required) j["default"] = d.string_default;
      break;
    case arch::ParamType::kChoice: {
      std::vector<std::string> names;
      for (const arch::Choice& c : d.choices()) names.push_back(c.name);
      j = one_of_names(names);
      if (!d.required) j["default"] = d.string_default;
      break;
    }
    case arch::ParamType::kClock: j = {{"type", "string"}}; break;
    case arch::ParamType::kObject: {
      json props = json::object();
      std::vector<std::string> required;
      for (const arch::ParamDecl& c : d.children) {
        props[c.name] = param_schema(c);
        if (c.required && c.type != arch::ParamType::kObject) required.push_back(c.name);
      }
      j = object_of(std::move(props), required);
      break;
    }
  }
  std::string doc = d.doc;
  if (!d.unit.empty()) doc += " [" + d.unit + "]";
  if (!d.constraint.empty()) doc += " (" + d.constraint + ")";
  if (!doc.empty()) j["description"] = doc;
  return j;
}

json unit_schema() {
  std::vector<std::string> types;
  json cases = json::array();
  for (const arch::UnitInfo& u : arch::UnitRegistry::all()) {
    types.push_back(u.type);
    arch::ParamDecl params = arch::ParamDecl::object("params", u.params, u.summary);
    cases.push_back({{"if", {{"properties", {{"type", {{"const", u.type}}}}}}},
                     {"then", {{"properties", {{"params", param_schema(params)}}}}}});
  }
  json unit = object_of({{"type", one_of_names(types, "the unit (axsim list units)")},
                         {"name", text("names the unit's components (default: the type)")},
                         {"clock", text("one of /clocks")},
                         {"params", {{"type", "object"}}}},
                        {"type", "clock"});
  unit["allOf"] = cases;
  return unit;
}

/// A config's "task" (tools/axsim/task_spec.hpp).
json task_schema() {
  json props = {
      {"kind", one_of_names({"vad", "classify"}, "what is scored: per-frame speech decisions (vad) or one class per input (classify) against labels")},
      {"model", text("the ONNX model the trace was compressed from, relative to the config's folder")},
      {"clips", {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}, {"minLength", 1}}},
                 {"description", "CLIP for CLIP.npy and CLIP.labels.json, relative to the config's folder"}}},
      {"input", text("the graph input a clip feeds")},
      {"input_values", {{"type", "object"}, {"additionalProperties", {{"type", "number"}}},
                        {"description", "the other graph inputs, one value each"}}},
      {"output", text("vad: the node output with one speech probability per frame; classify: with one score per class")},
      {"threshold", {{"type", "number"}, {"minimum", 0}, {"maximum", 1},
                     {"description", "vad: speech when the probability is above it"}}}};
  return object_of(std::move(props), {"model", "clips", "output"});
}

json config_schema() {
  json props = {
      {"axsim_config", {{"const", 1}, {"description", "config format version"}}},
      {"name", text("config name, stored as runs.config_name")},
      {"description", text("free text")},
      {"reproduces", text("the paper setup the config reproduces, or why it reproduces none")},
      {"tech", {{"type", "string"}, {"minLength", 1},
                {"description", "technology table, relative to the config's folder"}}},
      {"seed", integer(0, kInt64Max, "seed of the workload's generated weights and activations")},
      {"watchdog_cycles", integer(1000, std::int64_t{1} << 40, "cycles without progress before a run fails")},
      {"workload", text("a built-in workload, a topology file (.json) or trace:FILE")},
      {"recipe", text("compression recipe for built-in workloads, relative to the config's folder")},
      {"layer_kinds", {{"type", "array"}, {"uniqueItems", true},
                       {"items", one_of_names({"conv", "fc", "lstm"})},
                       {"description", "run only the layers of these kinds"}}},
      {"layers", {{"type", "array"}, {"uniqueItems", true},
                  {"items", {{"type", "string"}, {"minLength", 1}}},
                  {"description", "run only these layers, by name (each must be in the workload)"}}},
      {"infeasible", one_of_names({"report", "fail"},
                                  "a layer that does not fit the design: recorded (report) or "
                                  "failing the run (fail)")},
      {"clocks", {{"type", "object"}, {"minProperties", 1},
                  {"additionalProperties", {{"type", "string"}}},
                  {"description", "clock domains: {\"NAME\": \"FREQUENCY\"}, e.g. \"800MHz\""}}},
      {"unit", unit_schema()},
      {"task", task_schema()}};
  return object_of(std::move(props),
                   {"axsim_config", "name", "reproduces", "tech", "workload", "clocks", "unit"});
}

// ---- recipes ------------------------------------------------------------------------------------

json density_or_paper(const std::string& doc) {
  return {{"description", doc},
          {"oneOf", {{{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}},
                     {{"const", "paper"}}}}};
}

json layer_recipe_schema() {
  const json encoding = object_of(
      {{"format", one_of_names(workloads::encoding_names())},
       {"num_pes", integer(1, 4096)}, {"index_bits", integer(1, 16)},
       {"pointer_bits", integer(2, 32)}, {"channels", integer(1, 4096)}});
  return object_of(
      {{"prune", object_of({{"density", density_or_paper("weights kept")},
                            {"granularity", one_of_names({"fine", "vector", "kernel", "filter"})},
                            {"balance_pes", integer(0, 4096)},
                            {"balance_channels", integer(1, 4096)}})},
       {"quantize", object_of({{"scheme", one_of_names({"none", "uniform", "kmeans", "ternary",
                                                        "two_bit", "adaptivfloat", "log"})},
                               {"bits", integer(1, 16)}, {"symmetric", flag("")},
                               {"per_channel", flag("")}, {"exp_bits", integer(1, 8)},
                               {"ternary_threshold", number(0, 1)},
                               {"kmeans_iterations", integer(1, 1000)},
                               {"power_of_two", flag("uniform symmetric: power-of-two scale")}})},
       {"encoding", {{"oneOf", {encoding, {{"type", "array"}, {"minItems", 1}, {"items", encoding}}}}}},
       {"fixed_point",
        object_of({{"weight_bits", integer(2, 24)},
                   {"accumulate", one_of_names({"exact", "shift_saturate"})},
                   {"accumulator_bits", integer(8, 31)},
                   {"calibration", object_of({{"seed", integer(0, kInt64Max)},
                                              {"inputs", integer(1, 64)}})},
                   {"lstm", object_of({{"nonlinearity", one_of_names({"pwl", "lut"})},
                                       {"utterances", integer(1, 1 << 20)},
                                       {"segments", integer(2, 65536)},
                                       {"input_range", integer(1, 64)},
                                       {"gate_input_frac_bits", integer(0, 24)},
                                       {"gate_bits", integer(4, 24)},
                                       {"cell_bits", integer(4, 32)},
                                       {"cell_int_bits", integer(0, 16)}})}})},
       {"huffman", flag("Huffman-code the weights and indices")},
       {"activations",
        object_of({{"source", one_of_names({"synthetic", "reference", "published"})},
                   {"density", density_or_paper("non-zero inputs (synthetic)")},
                   {"fallback_density", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}},
                   {"correlation_px", number(0, 16)}, {"channel_spread", number(0, 4)},
                   {"bits", integer(1, 16)}})}});
}

json recipe_schema() {
  return object_of(
      {{"axsim_recipe", {{"const", 1}}},
       {"name", text("recipe name")},
       {"reproduces", text("the paper setup it reproduces")},
       {"seed", integer(0, kInt64Max)},
       {"defaults", {{"$ref", "#/$defs/layer"}}},
       {"layers", {{"type", "object"},
                   {"additionalProperties", {{"$ref", "#/$defs/layer"}}},
                   {"description", "per-layer overrides by selector: a name, a glob, kind:KIND"}}}},
      {"axsim_recipe", "name"});
}

// ---- sweep specs --------------------------------------------------------------------------------

json sweep_schema() {
  const json values = {{"type", "array"}, {"minItems", 1}};
  const json range = object_of({{"from", {{"type", "number"}}}, {"to", {{"type", "number"}}},
                                {"step", {{"type", "number"}, {"exclusiveMinimum", 0}}},
                                {"times", {{"type", "number"}, {"exclusiveMinimum", 1}}}},
                               {"from", "to"});
  const json key_axis = object_of({{"key", text("config key: a.b.c or a JSON pointer")},
                                   {"name", text("column name in the sweep view")},
                                   {"values", values}, {"range", range}},
                                  {"key"});
  const json random_param = object_of(
      {{"key", text("config key")}, {"name", text("column name")}, {"min", {{"type", "number"}}},
       {"max", {{"type", "number"}}}, {"integer", flag("")}, {"log", flag("")},
       {"choices", values}},
      {"key"});
  const json axis = {{"oneOf",
                      {key_axis,
                       object_of({{"zip", {{"type", "array"}, {"minItems", 1}, {"items", key_axis}}}},
                                 {"zip"}),
                       object_of({{"random", object_of({{"count", integer(1, 1'000'000)},
                                                        {"params", {{"type", "array"},
                                                                    {"items", random_param}}}},
                                                       {"count", "params"})}},
                                 {"random"})}}};
  return object_of(
      {{"axsim_sweep", {{"const", 1}}},
       {"name", text("sweep name: letters, digits, '-', '_', '.'")},
       {"description", text("free text")},
       {"seed", integer(0, kInt64Max)},
       {"check", flag("verify every point's outputs")},
       {"store", one_of_names({"full", "layers"})},
       {"configs", {{"type", "array"}, {"minItems", 1}, {"items", {{"type", "string"}}}}},
       {"axes", {{"type", "array"}, {"items", axis}}}},
      {"axsim_sweep", "name", "configs", "axes"});
}

// ---- topology files -----------------------------------------------------------------------------

json topology_schema() {
  const std::int64_t channels = 1 << 24, spatial = 1 << 16;
  const json common = {
      {"name", text("layer name, unique")},
      {"relu", flag("ReLU after the layer")},
      {"weight_density", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}},
      {"act_density", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}}}};
  auto layer = [&](const char* kind, json props, std::vector<std::string> required) {
    props.update(common);
    props["kind"] = {{"const", kind}};
    required.insert(required.begin(), {"name", "kind"});
    return object_of(std::move(props), required);
  };
  const json conv = layer("conv",
                          {{"in_channels", integer(1, channels)}, {"in_h", integer(1, spatial)},
                           {"in_w", integer(1, spatial)}, {"out_channels", integer(1, channels)},
                           {"kernel", integer(1, spatial)}, {"kernel_w", integer(1, spatial)},
                           {"stride", integer(1, spatial)}, {"pad", integer(0, spatial)},
                           {"groups", integer(1, channels)}, {"pool", integer(0, spatial)},
                           {"pool_stride", integer(1, spatial)}},
                          {"in_channels", "in_h", "out_channels", "kernel"});
  const json fc = layer("fc", {{"in", integer(1, channels)}, {"out", integer(1, channels)}},
                        {"in", "out"});
  const json lstm = layer("lstm",
                          {{"in", integer(1, channels)}, {"hidden", integer(1, channels / 4)},
                           {"recurrent_in", integer(1, channels)},
                           {"seq_len", integer(1, 1 << 20)},
                           {"projection", integer(1, channels)}},
                          {"in", "hidden"});
  return object_of({{"axsim_topology", {{"const", 1}}},
                    {"name", text("model name")},
                    {"description", text("free text")},
                    {"sequential", flag("the layers chain: refuse the file if they do not")},
                    {"layers", {{"type", "array"}, {"minItems", 1},
                                {"items", {{"oneOf", {conv, fc, lstm}}}}}}},
                   {"axsim_topology", "name", "layers"});
}

json schema_of(const std::string& kind) {
  json s;
  if (kind == "config") s = config_schema();
  if (kind == "recipe") {
    s = recipe_schema();
    s["$defs"] = {{"layer", layer_recipe_schema()}};
  }
  if (kind == "sweep") s = sweep_schema();
  if (kind == "topology") s = topology_schema();
  if (s.is_null()) {
    std::string known;
    for (const std::string& k : schema_kinds()) known += (known.empty() ? "" : ", ") + k;
    throw sim::ConfigError("axsim schema: unknown kind \"" + kind + "\" (kinds: " + known + ")");
  }
  s["$schema"] = kDraft;
  s["title"] = "axsim " + kind + " file";
  return s;
}

}  // namespace

const std::vector<std::string>& schema_kinds() {
  static const std::vector<std::string> kinds = {"config", "recipe", "sweep", "topology"};
  return kinds;
}

std::string json_schema_text(const std::string& kind) { return schema_of(kind).dump(2) + "\n"; }

int schema_command(const SchemaOptions& opt) {
  return run_command(
      [&] {
        const std::string text = json_schema_text(opt.kind);
        if (opt.check.empty()) {
          std::cout << text;
          return 0;
        }
        std::ifstream in(opt.check, std::ios::binary);
        if (!in) throw sim::ConfigError(opt.check + ": cannot read it");
        std::ostringstream have;
        have << in.rdbuf();
        if (have.str() == text) return 0;
        std::cerr << "axsim: " << opt.check << " differs from the " << opt.kind
                  << " schema axsim generates; regenerate it with axsim schema " << opt.kind
                  << " > " << opt.check << "\n";
        return 1;
      },
      2);
}

}  // namespace axsim::tools
