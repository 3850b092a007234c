// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/trace_io.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace axsim::workloads {

using nlohmann::json;

namespace {

json quantization_json(const Quantized& q) {
  return {{"scheme", to_string(q.spec.scheme)}, {"bits", q.spec.bits},
          {"code_bits", q.code_bits},           {"codebook", q.codebook},
          {"scales", q.scales},                 {"zero_points", q.zero_points}};
}

json layer_header(const CompressedLayer& c, const LayerRecipe& r) {
  const ModelLayer& l = c.layer;
  const EncodingStats& s = c.encoded.stats;
  return {{"name", l.name},
          {"kind", to_string(l.kind)},
          {"in_channels", l.in_channels}, {"in_h", l.in_h}, {"in_w", l.in_w},
          {"out_channels", l.out_channels}, {"kernel_h", l.kernel_h}, {"kernel_w", l.kernel_w},
          {"stride", l.stride}, {"pad", l.pad}, {"groups", l.groups},
          {"seq_len", l.seq_len}, {"recurrent_in", l.recurrent_in},
          {"relu_after", l.relu_after},
          {"rows", l.rows()}, {"cols", l.cols()},
          {"density", c.row.density},
          {"quantization", quantization_json(c.quantized)},
          {"encoding", {{"format", c.encoded.format}, {"num_pes", r.encode.num_pes},
                        {"index_bits", r.encode.index_bits}, {"pointer_bits", r.encode.pointer_bits},
                        {"entries", s.entries}, {"padding_entries", s.padding_entries},
                        {"weight_bits", s.weight_bits}, {"index_bits_total", s.index_bits},
                        {"pointer_bits_total", s.pointer_bits},
                        {"signed_codes", c.encoded.signed_codes}}},
          {"activations", {{"bits", c.input.bits}, {"scale", c.input.scale},
                           {"source", r.activations}}},
          {"compressed_bytes", c.row.compressed_bytes},
          {"compressed_bytes_huffman", c.row.compressed_bytes_huffman}};
}

// int8 replay values: the quantized weights on one symmetric 8-bit grid per layer (exact for
// per-tensor 8-bit symmetric uniform quantization, the nearest int8 otherwise).
std::vector<std::uint8_t> weights_i8(const std::vector<float>& values) {
  float max_abs = 0;
  for (float v : values) max_abs = std::max(max_abs, std::abs(v));
  const float scale = max_abs > 0 ? max_abs / 127.f : 1.f;
  std::vector<std::uint8_t> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i)
    out[i] = static_cast<std::uint8_t>(static_cast<std::int8_t>(std::lround(values[i] / scale)));
  return out;
}

std::vector<std::uint8_t> input_i16(const std::vector<std::int32_t>& q) {
  std::vector<std::uint8_t> out(q.size() * 2);
  for (std::size_t i = 0; i < q.size(); ++i) {
    const auto v = static_cast<std::uint16_t>(static_cast<std::int16_t>(std::clamp(q[i], -32768, 32767)));
    out[2 * i] = static_cast<std::uint8_t>(v & 0xff);
    out[2 * i + 1] = static_cast<std::uint8_t>(v >> 8);
  }
  return out;
}

}  // namespace

Trace to_trace(const Compressed& c, const Recipe& recipe, const std::string& axsim_version) {
  Trace t;
  json names = json::array();
  for (const CompressedLayer& l : c.layers) {
    const LayerRecipe r = recipe.for_layer(l.layer);
    TraceLayer tl{l.layer.name, layer_header(l, r).dump(), {}};
    tl.blobs["encoded"] = l.encoded.bytes;
    tl.blobs["weights_i8"] = weights_i8(l.quantized.values);
    tl.blobs["input_i16"] = input_i16(l.input.q);
    t.layers.push_back(std::move(tl));
    names.push_back(l.layer.name);
  }
  const json header = {{"format", "axsim-trace"},
                       {"axsim_version", axsim_version},
                       {"source_model", {{"name", c.model_name}, {"source", c.source},
                                         {"hash", c.source_hash}}},
                       {"recipe_name", recipe.name},
                       {"recipe", json::parse(recipe.json_text)},
                       {"seed", recipe.seed},
                       {"layers", names}};
  t.header_json = header.dump();
  return t;
}

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& layer, const std::string& what) {
  throw TraceError(path + ": layer '" + layer + "': " + what);
}

const std::vector<std::uint8_t>& blob(const TraceLayer& l, const std::string& name,
                                      std::size_t size, const std::string& path) {
  auto it = l.blobs.find(name);
  if (it == l.blobs.end()) bad(path, l.name, "missing blob '" + name + "'");
  if (it->second.size() != size)
    bad(path, l.name, fmt::format("blob '{}' has {} bytes, expected {}", name, it->second.size(), size));
  return it->second;
}

// An LSTM replays as one time step's matrix-vector product: its rows x cols matrix view
// ([W R], papers.md 3) times [x_0; h] (EIE's NT-LSTM, Table III, is run the same way).
LayerShape replay_shape(const json& h) {
  LayerShape s;
  const std::string kind = h.at("kind");
  s.kind = kind == "conv" ? LayerKind::kConv : LayerKind::kFullyConnected;
  s.in_channels = h.at("in_channels"), s.out_channels = h.at("out_channels");
  if (kind == "lstm") s.in_channels = h.at("cols"), s.out_channels = h.at("rows");
  if (s.kind == LayerKind::kConv) {
    s.in_h = h.at("in_h"), s.in_w = h.at("in_w");
    s.kernel_h = h.at("kernel_h"), s.kernel_w = h.at("kernel_w");
    s.stride = h.at("stride"), s.pad = h.at("pad");
  }
  return s;
}

// Expands grouped weights [M][C/g][R][S] to dense [M][C][R][S] with zeros across groups.
std::vector<std::int8_t> expand_groups(const std::vector<std::uint8_t>& w, const LayerShape& s,
                                       int groups) {
  const std::size_t kernel = std::size_t(s.kernel_h) * s.kernel_w;
  const int cg = s.in_channels / groups, mg = s.out_channels / groups;
  std::vector<std::int8_t> out(s.weight_count(), 0);
  for (int m = 0; m < s.out_channels; ++m)
    for (int c = 0; c < cg; ++c)
      for (std::size_t k = 0; k < kernel; ++k)
        out[(std::size_t(m) * s.in_channels + (m / mg) * cg + c) * kernel + k] =
            static_cast<std::int8_t>(w[(std::size_t(m) * cg + c) * kernel + k]);
  return out;
}

// The stored activations the layer consumes: all of them, or for an LSTM the first time step's
// inputs followed by the recurrent state (the blob holds every step, then the state).
std::vector<std::int16_t> replay_input(const TraceLayer& tl, const json& h, const Layer& l,
                                       const std::string& path) {
  const bool lstm = h.at("kind") == "lstm";
  const std::size_t in = h.at("in_channels"), rec = h.at("recurrent_in"), steps = h.at("seq_len");
  const std::size_t stored = lstm ? steps * in + rec : l.shape.input_count();
  const auto& bytes = blob(tl, "input_i16", stored * 2, path);
  std::vector<std::int16_t> all(stored);
  for (std::size_t i = 0; i < stored; ++i)
    all[i] = static_cast<std::int16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  if (!lstm) return all;
  std::vector<std::int16_t> step(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(in));
  step.insert(step.end(), all.end() - static_cast<std::ptrdiff_t>(rec), all.end());
  return step;
}

// Wider activations (e.g. EIE's 16 bits) are rescaled onto the int8 datapath, not clipped.
std::vector<std::int8_t> to_int8(const std::vector<std::int16_t>& q) {
  int max_abs = 0;
  for (std::int16_t v : q) max_abs = std::max(max_abs, std::abs(int(v)));
  const double scale = max_abs > 127 ? 127.0 / max_abs : 1.0;
  std::vector<std::int8_t> out(q.size());
  for (std::size_t i = 0; i < q.size(); ++i)
    out[i] = static_cast<std::int8_t>(std::lround(q[i] * scale));
  return out;
}

// The value of every code, where one exists per code (see EncodedWeights::code_values).
void code_values(const json& q, EncodedWeights& e) {
  const auto codebook = q.at("codebook").get<std::vector<float>>();
  const auto scales = q.at("scales").get<std::vector<float>>();
  if (!codebook.empty()) {
    e.code_values = codebook;
  } else if (scales.size() == 1 && e.code_bits < 24) {
    const auto zero_points = q.at("zero_points").get<std::vector<int>>();
    const int zp = zero_points.empty() ? 0 : zero_points[0];
    const int levels = 1 << e.code_bits;
    e.code_offset = e.signed_codes ? -levels / 2 : 0;
    for (int i = 0; i < levels; ++i) e.code_values.push_back(float(i + e.code_offset - zp) * scales[0]);
  }
}

EncodedWeights replay_encoding(const TraceLayer& tl, const json& h, const std::string& path) {
  const json& enc = h.at("encoding");
  const json& q = h.at("quantization");
  EncodedWeights e;
  e.format = enc.at("format");
  e.rows = h.at("rows"), e.cols = h.at("cols");
  e.code_bits = q.at("code_bits");
  e.signed_codes = enc.value("signed_codes", false);
  e.num_pes = enc.at("num_pes"), e.index_bits = enc.at("index_bits");
  e.pointer_bits = enc.at("pointer_bits");
  auto it = tl.blobs.find("encoded");
  if (it == tl.blobs.end()) bad(path, tl.name, "missing blob 'encoded'");
  e.bytes = it->second;
  code_values(q, e);
  return e;
}

Layer replay_layer(const TraceLayer& tl, const json& h, const std::string& path) {
  Layer l;
  l.name = tl.name, l.shape = replay_shape(h);
  if (l.shape.kind == LayerKind::kConv && (l.shape.in_h <= 0 || l.shape.in_w <= 0 || l.shape.out_h() <= 0 || l.shape.out_w() <= 0))
    bad(path, tl.name, "convolution input size unknown (symbolic in the model): compress it "
                       "again with --input NAME=N,C,H,W");
  const int groups = h.at("groups");
  const std::uint64_t rows = h.at("rows"), cols = h.at("cols");
  const auto& w = blob(tl, "weights_i8", rows * cols, path);
  l.weights = expand_groups(w, l.shape, groups);
  l.input_q = replay_input(tl, h, l, path);
  l.input = to_int8(l.input_q);
  l.input_scale = h.at("activations").at("scale");
  l.input_bits = h.at("activations").at("bits");
  l.relu_after = h.value("relu_after", false);
  l.encoded = replay_encoding(tl, h, path);
  return l;
}

}  // namespace

Workload workload_from_trace(const Trace& trace, const std::string& path) {
  Workload w;
  w.source = path;
  try {
    const json header = json::parse(trace.header_json);
    w.name = header.at("source_model").at("name").get<std::string>() + "@" +
             header.at("recipe_name").get<std::string>();
  } catch (const json::exception& e) {
    throw TraceError(path + ": file header: " + e.what());
  }
  for (const TraceLayer& tl : trace.layers) {
    try {
      const json h = json::parse(tl.header_json);
      w.layers.push_back(replay_layer(tl, h, path));
    } catch (const json::exception& e) {
      bad(path, tl.name, std::string("header: ") + e.what());
    }
  }
  return w;
}

std::string format_trace_table(const Trace& trace) {
  std::string out = fmt::format("{:<22} {:<5} {:>10} {:>10} {:>7} {:<20} {:<8} {:>12}\n", "layer",
                                "kind", "rows", "cols", "dens%", "quantization", "encoding",
                                "bytes");
  for (const TraceLayer& tl : trace.layers) {
    const json h = json::parse(tl.header_json);
    const json& q = h.at("quantization");
    const std::string quant = fmt::format("{} {}b", q.at("scheme").get<std::string>(),
                                          q.at("bits").get<int>());
    out += fmt::format("{:<22} {:<5} {:>10} {:>10} {:>7.2f} {:<20} {:<8} {:>12}\n", tl.name,
                       h.at("kind").get<std::string>(), h.at("rows").get<std::int64_t>(),
                       h.at("cols").get<std::int64_t>(), 100 * h.at("density").get<double>(),
                       quant, h.at("encoding").at("format").get<std::string>(),
                       tl.blobs.count("encoded") ? tl.blobs.at("encoded").size() : 0);
  }
  return out;
}

}  // namespace axsim::workloads
