// SPDX-License-Identifier: Apache-2.0
// Reads a trace's layer sections back into Layers: shape, every stored weight encoding (bytes
// exactly as stored), the quantized inputs and the fixed-point rule. Nothing is decoded here.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "sim/json_input.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/encode/encoding.hpp"

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

int in_range(const json& h, const char* key, int lo, int hi, const std::string& path,
             const std::string& layer) {
  const json& j = h.at(key);
  // A float such as 1e300 would be converted to an integer with undefined behaviour.
  if (!j.is_number_integer())
    bad(path, layer, fmt::format("header: {} is {}, expected an integer {}..{}", key, j.dump(), lo,
                                 hi));
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi)
    bad(path, layer, fmt::format("header: {} is {}, expected {}..{}", key, v, lo, hi));
  return static_cast<int>(v);
}

int positive(const json& h, const char* key, const std::string& path, const std::string& layer) {
  return in_range(h, key, 1, 1 << 30, path, layer);
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
    s.in_h = in_range(h, "in_h", -1, 1 << 20, path, layer);
    s.in_w = in_range(h, "in_w", -1, 1 << 20, path, layer);
    s.kernel_h = positive(h, "kernel_h", path, layer);
    s.kernel_w = positive(h, "kernel_w", path, layer);
    s.stride = positive(h, "stride", path, layer);
    s.pad = in_range(h, "pad", 0, 1 << 20, path, layer);
    s.groups = positive(h, "groups", path, layer);
    if (s.in_h <= 0 || s.in_w <= 0 || s.pad < 0 || s.out_h() <= 0 || s.out_w() <= 0)
      bad(path, layer, "convolution input size unknown (symbolic in the model): compress it "
                       "again with --input NAME=N,C,H,W");
    if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0)
      bad(path, layer, "header: channels are not a multiple of groups");
  } else if (s.kind == LayerKind::kLstm) {
    s.seq_len = positive(h, "seq_len", path, layer);
    s.recurrent_in = in_range(h, "recurrent_in", 0, 1 << 30, path, layer);
  }
  if (h.at("rows").get<std::int64_t>() != s.rows() || h.at("cols").get<std::int64_t>() != s.cols())
    bad(path, layer, fmt::format("header: rows x cols {} x {} do not match the shape ({} x {})",
                                 h.at("rows").get<std::int64_t>(), h.at("cols").get<std::int64_t>(),
                                 s.rows(), s.cols()));
  const std::string problem = shape_problem(s);
  if (!problem.empty()) bad(path, layer, "header: " + problem);
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
  const auto count = [&](const char* key) {
    return std::size_t(in_range(f, key, 0, 1 << 24, path, tl.name));
  };
  fp.levels = table<std::int32_t>(tl, "fixed_point.levels", count("levels"), path);
  fp.code_offset = in_range(f, "code_offset", -(1 << 24), 0, path, tl.name);
  fp.weight_bits = in_range(f, "weight_bits", 0, 32, path, tl.name);
  fp.weight_scale = f.at("weight_scale");
  fp.row_scales = table<float>(tl, "fixed_point.row_scales", count("row_scales"), path);
  fp.accumulate = f.at("accumulate").get<std::string>() == "shift_saturate"
                      ? FixedPoint::Accumulate::kShiftSaturate
                      : FixedPoint::Accumulate::kExact;
  fp.product_shift = in_range(f, "product_shift", 0, 62, path, tl.name);
  fp.accumulator_bits = in_range(f, "accumulator_bits", 2, 32, path, tl.name);
  return fp;
}

WeightEncoding replay_encoding(const TraceLayer& tl, const json& e, const std::string& path) {
  WeightEncoding w;
  w.format = e.at("format");
  const std::vector<std::string> known = encoding_names();
  if (std::find(known.begin(), known.end(), w.format) == known.end())
    bad(path, tl.name, "encoding \"" + w.format + "\" is not one this axsim reads");
  w.code_bits = in_range(e, "code_bits", 1, 32, path, tl.name);
  w.signed_codes = e.at("signed_codes");
  w.num_pes = in_range(e, "num_pes", 1, 4096, path, tl.name);
  w.index_bits = in_range(e, "index_bits", 1, 16, path, tl.name);
  w.pointer_bits = in_range(e, "pointer_bits", 1, 32, path, tl.name);
  const json& size = e.at("bytes");
  if (!size.is_number_unsigned())
    bad(path, tl.name, "encoding " + w.format + ": bytes is " + size.dump() +
                           ", expected a byte count");
  w.bytes = blob(tl, e.at("blob").get<std::string>(), size.get<std::size_t>(), path);
  return w;
}

// Every level fits the rule's weight_bits, and codes that are their own levels fit it too, so a
// unit that checks weight_bits against its datapath can trust every value it decodes.
void check_levels(const Layer& l, const std::string& path) {
  const FixedPoint& fp = l.fixed_point;
  if (fp.weight_bits == 0) return;  // float weights: no unit runs them
  const std::int64_t hi = (std::int64_t{1} << (fp.weight_bits - 1)) - 1;
  for (std::int32_t v : fp.levels)
    if (v > hi || v < -hi - 1)
      bad(path, l.name, fmt::format("level {} does not fit weight_bits {}", v, fp.weight_bits));
  if (fp.levels.empty())
    for (const WeightEncoding& e : l.encodings)
      if (e.code_bits > fp.weight_bits)
        bad(path, l.name, fmt::format("{} codes of {} bits are their own levels, wider than "
                                      "weight_bits {}", e.format, e.code_bits, fp.weight_bits));
}

std::vector<std::int32_t> replay_input(const TraceLayer& tl, const json& a, const Layer& l,
                                       const std::string& path) {
  const auto count = std::size_t(l.shape.stored_input_count());
  const int width = in_range(a, "bytes_per_value", 1, 2, path, l.name);
  const auto& bytes = blob(tl, a.at("blob").get<std::string>(), count * std::size_t(width), path);
  std::vector<std::int32_t> q(count);
  for (std::size_t i = 0; i < count; ++i)
    q[i] = width == 1 ? std::int32_t(std::int8_t(bytes[i]))
                      : std::int32_t(std::int16_t(bytes[2 * i] | (bytes[2 * i + 1] << 8)));
  return q;
}

// What replaying and running the layer decodes: int32 weights, stored inputs, int64 outputs
// (per unit images of the same order), checked before anything is allocated.
void check_budget(const LayerShape& s, const std::string& path, const std::string& layer) {
  const std::uint64_t bytes = sim::bytes_of(s.weight_count(), 4) +
                              sim::bytes_of(s.stored_input_count(), 4) +
                              sim::bytes_of(s.output_count(), 8);
  const std::string refusal = sim::MemoryBudget::refusal(bytes, path + ": layer '" + layer + "'");
  if (!refusal.empty()) throw TraceError(refusal);
}

Layer replay_layer(const TraceLayer& tl, const json& h, const std::string& path) {
  Layer l;
  l.name = tl.name;
  l.shape = replay_shape(h, path, tl.name);
  check_budget(l.shape, path, tl.name);
  for (const json& e : h.at("encodings")) l.encodings.push_back(replay_encoding(tl, e, path));
  l.fixed_point = replay_fixed_point(tl, h.at("fixed_point"), path);
  check_levels(l, path);
  const json& a = h.at("activations");
  l.input_q = replay_input(tl, a, l, path);
  l.input_scale = a.at("scale");
  l.input_bits = in_range(a, "bits", 1, 16, path, tl.name);
  l.relu_after = h.at("relu_after");
  return l;
}

}  // namespace

json parse_trace_header(const std::string& text, const std::string& path,
                        const std::string& layer) {
  json out;
  const std::string source =
      layer.empty() ? path + ": file header" : path + ": layer '" + layer + "': header";
  const std::string error = sim::parse_json(text, source, out);
  if (!error.empty()) throw TraceError(error);
  return out;
}

Workload workload_from_trace(const Trace& trace, const std::string& path) {
  Workload w;
  w.source = path;
  try {
    const json header = parse_trace_header(trace.header_json, path, "");
    w.name = header.at("source_model").at("name").get<std::string>() + "@" +
             header.at("recipe_name").get<std::string>();
  } catch (const json::exception& e) {
    throw TraceError(path + ": file header: " + e.what());
  }
  for (const TraceLayer& tl : trace.layers) {
    try {
      w.layers.push_back(replay_layer(tl, parse_trace_header(tl.header_json, path, tl.name), path));
    } catch (const json::exception& e) {
      bad(path, tl.name, std::string("header: ") + e.what());
    }
  }
  return w;
}

}  // namespace axsim::workloads
