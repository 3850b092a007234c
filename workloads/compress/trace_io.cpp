// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/trace_io.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "workloads/compress/trace_blobs.hpp"
#include "workloads/compress/trace_lstm.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

// Tables (codebook, scales, zero points, levels) are blobs, so inspect lists their bytes.
json quantization_json(const Quantized& q) {
  return {{"scheme", to_string(q.spec.scheme)}, {"bits", q.spec.bits},
          {"code_bits", q.code_bits},           {"codebook", q.codebook.size()},
          {"scales", q.scales.size()},          {"zero_points", q.zero_points.size()}};
}

json fixed_point_json(const FixedPoint& f) {
  return {{"levels", f.levels.size()},
          {"code_offset", f.code_offset},
          {"weight_bits", f.weight_bits},
          {"weight_scale", f.weight_scale},
          {"row_scales", f.row_scales.size()},
          {"accumulate", to_string(f.accumulate)},
          {"product_shift", f.product_shift},
          {"accumulator_bits", f.accumulator_bits}};
}

json encoding_json(const Encoded& e, const EncodingRecipe& r, int code_bits) {
  const EncodingStats& s = e.stats;
  json j = {{"format", e.format},          {"blob", weight_blob_name(e.format)},
          {"bytes", e.bytes.size()},     {"code_bits", code_bits},
          {"signed_codes", e.signed_codes}, {"num_pes", r.spec.num_pes},
          {"index_bits", r.spec.index_bits}, {"pointer_bits", r.spec.pointer_bits},
          {"entries", s.entries},        {"padding_entries", s.padding_entries},
          {"weight_bits", s.weight_bits}, {"index_bits_total", s.index_bits},
          {"pointer_bits_total", s.pointer_bits}};
  if (e.format == "ese") j["channels"] = r.spec.channels;
  return j;
}

int bytes_per_activation(int bits) { return bits <= 8 ? 1 : 2; }

// The input's encoding and provenance: its non-zero share, and for generated inputs the share
// asked for and where that came from ("fallback_density": the layer had no published one).
json activations_json(const CompressedLayer& c, const LayerRecipe& r) {
  json a = {{"bits", c.input.bits}, {"scale", c.input.scale}, {"source", r.activations},
            {"blob", "input"}, {"count", c.input.q.size()},
            {"bytes_per_value", bytes_per_activation(c.input.bits)},
            {"density", c.row.act_density}};
  if (c.row.act_target >= 0) a["target_density"] = c.row.act_target;
  if (!c.row.act_source.empty()) a["density_source"] = c.row.act_source;
  return a;
}

json layer_header(const CompressedLayer& c, const LayerRecipe& r) {
  const ModelLayer& l = c.layer;
  const LayerShape s = shape_of(l);
  json encodings = json::array();
  for (std::size_t i = 0; i < c.encodings.size(); ++i)
    encodings.push_back(encoding_json(c.encodings[i], r.encodings[i], c.code_bits));
  json h = {{"name", l.name},
          {"kind", to_string(s.kind)},
          {"in_channels", s.in_channels}, {"in_h", s.in_h}, {"in_w", s.in_w},
          {"out_channels", s.out_channels}, {"kernel_h", s.kernel_h}, {"kernel_w", s.kernel_w},
          {"stride", s.stride_h}, {"pad", s.pad_h}, {"stride_w", s.stride_w}, {"pad_w", s.pad_w},
          {"groups", s.groups},
          {"seq_len", s.seq_len}, {"recurrent_in", s.recurrent_in},
          {"relu_after", l.relu_after},
          {"rows", s.rows()}, {"cols", s.cols()},
          {"density", c.row.density},
          {"quantization", quantization_json(c.quantized)},
          {"fixed_point", fixed_point_json(c.fixed_point)},
          {"encodings", encodings},
          {"activations", activations_json(c, r)},
          {"compressed_bytes", c.row.compressed_bytes},
          {"compressed_bytes_huffman", c.row.compressed_bytes_huffman}};
  if (c.lstm) h["lstm"] = lstm_json(c);
  return h;
}

// Signed little-endian integers of 1 or 2 bytes (the activation bits decide).
std::vector<std::uint8_t> pack_activations(const QuantizedActivations& a) {
  const int width = bytes_per_activation(a.bits);
  std::vector<std::uint8_t> out(a.q.size() * std::size_t(width));
  for (std::size_t i = 0; i < a.q.size(); ++i) {
    const auto v = static_cast<std::uint16_t>(static_cast<std::int16_t>(a.q[i]));
    for (int b = 0; b < width; ++b)
      out[i * std::size_t(width) + std::size_t(b)] = static_cast<std::uint8_t>(v >> (8 * b));
  }
  return out;
}

}  // namespace

std::string weight_blob_name(const std::string& format) { return "weights." + format; }

TraceLayer to_trace_layer(const CompressedLayer& l, const LayerRecipe& r) {
  TraceLayer tl{l.layer.name, layer_header(l, r).dump(), {}};
  for (const Encoded& e : l.encodings) tl.blobs[weight_blob_name(e.format)] = e.bytes;
  tl.blobs["input"] = pack_activations(l.input);
  const auto table = [&](const char* name, std::vector<std::uint8_t> bytes) {
    if (!bytes.empty()) tl.blobs[name] = std::move(bytes);
  };
  table("quant.codebook", pack_le32(l.quantized.codebook));
  table("quant.scales", pack_le32(l.quantized.scales));
  table("quant.zero_points", pack_le32(l.quantized.zero_points));
  table("fixed_point.levels", pack_le32(l.fixed_point.levels));
  table("fixed_point.row_scales", pack_le32(l.fixed_point.row_scales));
  if (l.lstm) add_lstm_blobs(*l.lstm, tl);
  return tl;
}

std::string trace_header_json(const Compressed& c, const Recipe& recipe,
                              const std::string& axsim_version) {
  json names = json::array();
  for (const CompressedLayer& l : c.layers) names.push_back(l.layer.name);
  const json header = {{"format", "axsim-trace"},
                       {"axsim_version", axsim_version},
                       {"source_model", {{"name", c.model_name}, {"source", c.source},
                                         {"hash", c.source_hash}}},
                       {"recipe_name", recipe.name},
                       {"recipe", json::parse(recipe.json_text)},
                       {"seed", recipe.seed},
                       {"layers", names}};
  return header.dump();
}

Trace to_trace(const Compressed& c, const Recipe& recipe, const std::string& axsim_version) {
  Trace t;
  for (const CompressedLayer& l : c.layers)
    t.layers.push_back(to_trace_layer(l, recipe.for_layer(l.layer)));
  t.header_json = trace_header_json(c, recipe, axsim_version);
  return t;
}

}  // namespace axsim::workloads
