// SPDX-License-Identifier: Apache-2.0
// Reads a trace's layer sections back into Layers: shape, every stored weight encoding (bytes
// exactly as stored), the quantized inputs and the fixed-point rule. Nothing is decoded here.
#include <cstring>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& layer, const std::string& what) {
  throw TraceError(path + ": layer '" + layer + "': " + what);
}

const std::vector<std::uint8_t>& blob(const TraceLayer& l, const std::string& name,
                                      std::size_t size, const std::string& path) {
  auto it = l.blobs.find(name);
  if (it == l.blobs.end()) bad(path, l.name, "missing blob '" + name + "'");
  if (it->second.size() != size)
    bad(path, l.name,
        fmt::format("blob '{}' has {} bytes, expected {}", name, it->second.size(), size));
  return it->second;
}

int positive(const json& h, const char* key, const std::string& path, const std::string& layer) {
  const int v = h.at(key).get<int>();
  if (v < 1) bad(path, layer, fmt::format("header: {} is {}, expected at least 1", key, v));
  return v;
}

LayerKind parse_kind(const std::string& kind, const std::string& path, const std::string& layer) {
  if (kind == "conv") return LayerKind::kConv;
  if (kind == "fc") return LayerKind::kFullyConnected;
  if (kind == "lstm") return LayerKind::kLstm;
  bad(path, layer, "header: kind \"" + kind + "\", expected conv, fc or lstm");
}

LayerShape replay_shape(const json& h, const std::string& path, const std::string& layer) {
  LayerShape s;
  s.kind = parse_kind(h.at("kind").get<std::string>(), path, layer);
  s.in_channels = positive(h, "in_channels", path, layer);
  s.out_channels = positive(h, "out_channels", path, layer);
  if (s.kind == LayerKind::kConv) {
    s.in_h = h.at("in_h"), s.in_w = h.at("in_w");
    s.kernel_h = positive(h, "kernel_h", path, layer);
    s.kernel_w = positive(h, "kernel_w", path, layer);
    s.stride = positive(h, "stride", path, layer), s.pad = h.at("pad");
    s.groups = positive(h, "groups", path, layer);
    if (s.in_h <= 0 || s.in_w <= 0 || s.pad < 0 || s.out_h() <= 0 || s.out_w() <= 0)
      bad(path, layer, "convolution input size unknown (symbolic in the model): compress it "
                       "again with --input NAME=N,C,H,W");
    if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0)
      bad(path, layer, "header: channels are not a multiple of groups");
  } else if (s.kind == LayerKind::kLstm) {
    s.seq_len = positive(h, "seq_len", path, layer);
    s.recurrent_in = h.at("recurrent_in");
  }
  if (h.at("rows").get<std::int64_t>() != s.rows() || h.at("cols").get<std::int64_t>() != s.cols())
    bad(path, layer, fmt::format("header: rows x cols {} x {} do not match the shape ({} x {})",
                                 h.at("rows").get<std::int64_t>(), h.at("cols").get<std::int64_t>(),
                                 s.rows(), s.cols()));
  return s;
}

// A table blob of `count` little-endian 32-bit values (int32 or float32).
template <class T>
std::vector<T> table(const TraceLayer& tl, const std::string& name, std::size_t count,
                     const std::string& path) {
  std::vector<T> out(count);
  if (count == 0) return out;
  const auto& bytes = blob(tl, name, count * 4, path);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t bits = 0;
    for (int b = 0; b < 4; ++b) bits |= std::uint32_t(bytes[4 * i + std::size_t(b)]) << (8 * b);
    std::memcpy(&out[i], &bits, 4);
  }
  return out;
}

FixedPoint replay_fixed_point(const TraceLayer& tl, const json& f, const std::string& path) {
  FixedPoint fp;
  fp.levels = table<std::int32_t>(tl, "fixed_point.levels", f.at("levels"), path);
  fp.code_offset = f.at("code_offset");
  fp.weight_bits = f.at("weight_bits");
  fp.weight_scale = f.at("weight_scale");
  fp.row_scales = table<float>(tl, "fixed_point.row_scales", f.at("row_scales"), path);
  fp.accumulate = f.at("accumulate").get<std::string>() == "shift_saturate"
                      ? FixedPoint::Accumulate::kShiftSaturate
                      : FixedPoint::Accumulate::kExact;
  fp.product_shift = f.at("product_shift");
  fp.accumulator_bits = f.at("accumulator_bits");
  return fp;
}

WeightEncoding replay_encoding(const TraceLayer& tl, const json& e, const std::string& path) {
  WeightEncoding w;
  w.format = e.at("format");
  w.code_bits = e.at("code_bits");
  w.signed_codes = e.at("signed_codes");
  w.num_pes = e.at("num_pes"), w.index_bits = e.at("index_bits");
  w.pointer_bits = e.at("pointer_bits");
  w.bytes = blob(tl, e.at("blob").get<std::string>(), e.at("bytes").get<std::size_t>(), path);
  return w;
}

std::vector<std::int32_t> replay_input(const TraceLayer& tl, const json& a, const Layer& l,
                                       const std::string& path) {
  const LayerShape& s = l.shape;
  const std::size_t count = s.kind == LayerKind::kLstm
                                ? std::size_t(s.seq_len) * std::size_t(s.in_channels) +
                                      std::size_t(s.recurrent_in)
                                : std::size_t(s.input_count());
  const int width = a.at("bytes_per_value");
  if (width != 1 && width != 2) bad(path, l.name, "activations: bytes_per_value must be 1 or 2");
  const auto& bytes = blob(tl, a.at("blob").get<std::string>(), count * std::size_t(width), path);
  std::vector<std::int32_t> q(count);
  for (std::size_t i = 0; i < count; ++i)
    q[i] = width == 1 ? std::int32_t(std::int8_t(bytes[i]))
                      : std::int32_t(std::int16_t(bytes[2 * i] | (bytes[2 * i + 1] << 8)));
  return q;
}

Layer replay_layer(const TraceLayer& tl, const json& h, const std::string& path) {
  Layer l;
  l.name = tl.name;
  l.shape = replay_shape(h, path, tl.name);
  for (const json& e : h.at("encodings")) l.encodings.push_back(replay_encoding(tl, e, path));
  l.fixed_point = replay_fixed_point(tl, h.at("fixed_point"), path);
  const json& a = h.at("activations");
  l.input_q = replay_input(tl, a, l, path);
  l.input_scale = a.at("scale");
  l.input_bits = a.at("bits");
  l.relu_after = h.at("relu_after");
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
      w.layers.push_back(replay_layer(tl, json::parse(tl.header_json), path));
    } catch (const json::exception& e) {
      bad(path, tl.name, std::string("header: ") + e.what());
    }
  }
  return w;
}

}  // namespace axsim::workloads
