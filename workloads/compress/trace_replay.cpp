// SPDX-License-Identifier: Apache-2.0
// Reads a trace's layer sections back into Layers: shape, every stored weight encoding (bytes
// exactly as stored), the quantized inputs and the fixed-point rule. Nothing is decoded here,
// but every field is checked against its meaning and every count against the bytes present
// before anything divides, shifts, indexes or allocates with it (TraceFields names the field).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "sim/json_input.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/compress/trace_fields.hpp"
#include "workloads/compress/trace_blobs.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/compress/trace_lstm.hpp"
#include "workloads/encode/encoding.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

// Limits of the fixed-point rule (docs/compression.md, trace contents).
constexpr int kMaxTableEntries = 1 << 24;  // levels, row scales
constexpr int kMaxProductShift = 62;       // an int64 product shifted right
// Weight and activation scales: any finite float (the front-end computes them in float).
constexpr double kMaxScale = std::numeric_limits<float>::max();

[[noreturn]] void bad(const std::string& path, const std::string& layer, const std::string& what) {
  throw TraceError(path + ": layer '" + layer + "': " + what);
}

LayerKind parse_kind(const TraceFields& f) {
  const std::string kind = f.text("/kind");
  if (kind == "conv") return LayerKind::kConv;
  if (kind == "fc") return LayerKind::kFullyConnected;
  if (kind == "lstm") return LayerKind::kLstm;
  f.fail("/kind is \"" + kind + "\", expected conv, fc or lstm");
}

LayerShape replay_shape(const TraceFields& f, const std::string& path, const std::string& layer) {
  LayerShape s;
  s.kind = parse_kind(f);
  const auto positive = [&](const char* key) { return f.int_in(key, 1, 1 << 30); };
  s.in_channels = positive("/in_channels");
  s.out_channels = positive("/out_channels");
  if (s.kind == LayerKind::kConv) {
    s.in_h = f.int_in("/in_h", -1, 1 << 20);
    s.in_w = f.int_in("/in_w", -1, 1 << 20);
    s.kernel_h = positive("/kernel_h");
    s.kernel_w = positive("/kernel_w");
    // "stride" and "pad" are along the rows; along the columns "stride_w" and "pad_w", which
    // traces written before they existed lack (their strides and pads were square).
    s.stride_h = positive("/stride");
    s.pad_h = f.int_in("/pad", 0, 1 << 20);
    s.stride_w = f.has("/stride_w") ? positive("/stride_w") : s.stride_h;
    s.pad_w = f.has("/pad_w") ? f.int_in("/pad_w", 0, 1 << 20) : s.pad_h;
    s.groups = positive("/groups");
    if (s.in_h <= 0 || s.in_w <= 0 || s.out_h() <= 0 || s.out_w() <= 0)
      bad(path, layer, "convolution input size unknown (symbolic in the model): compress it "
                       "again with --input NAME=N,C,H,W");
    if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0)
      bad(path, layer, "header: channels are not a multiple of groups");
  } else if (s.kind == LayerKind::kLstm) {
    s.seq_len = positive("/seq_len");
    s.recurrent_in = f.int_in("/recurrent_in", 0, 1 << 30);
  }
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const std::int64_t rows = f.integer("/rows", 0, max), cols = f.integer("/cols", 0, max);
  if (rows != s.rows() || cols != s.cols())
    bad(path, layer, fmt::format("header: rows x cols {} x {} do not match the shape ({} x {})",
                                 rows, cols, s.rows(), s.cols()));
  const std::string problem = shape_problem(s);
  if (!problem.empty()) bad(path, layer, "header: " + problem);
  return s;
}

FixedPoint::Accumulate parse_accumulate(const TraceFields& f) {
  const std::string a = f.text("/fixed_point/accumulate");
  if (a == "exact") return FixedPoint::Accumulate::kExact;
  if (a == "shift_saturate") return FixedPoint::Accumulate::kShiftSaturate;
  f.fail("/fixed_point/accumulate is \"" + a + "\", expected exact or shift_saturate");
}

// Per-row scales: none (one weight_scale) or one finite scale per output row.
void check_row_scales(const TraceFields& f, const FixedPoint& fp, std::int64_t rows) {
  if (!fp.row_scales.empty() && std::int64_t(fp.row_scales.size()) != rows)
    f.fail(fmt::format("/fixed_point/row_scales is {}, expected 0 or the {} rows",
                       fp.row_scales.size(), rows));
  for (std::size_t r = 0; r < fp.row_scales.size(); ++r)
    if (!std::isfinite(fp.row_scales[r]) || std::abs(fp.row_scales[r]) > kMaxScale)
      f.fail(fmt::format("blob 'fixed_point.row_scales' entry {} is {}, expected a finite scale",
                         r, fp.row_scales[r]));
}

FixedPoint replay_fixed_point(const TraceLayer& tl, const TraceFields& f, std::int64_t rows,
                              const std::string& path) {
  FixedPoint fp;
  fp.levels = trace_table<std::int32_t>(tl, "fixed_point.levels",
                                  std::size_t(f.int_in("/fixed_point/levels", 0, kMaxTableEntries)),
                                  path);
  fp.code_offset = f.int_in("/fixed_point/code_offset", -kMaxTableEntries, 0);
  // levels[code - code_offset] must exist for code 0 (the zero and padding code).
  if (!fp.levels.empty() && -std::int64_t(fp.code_offset) >= std::int64_t(fp.levels.size()))
    f.fail(fmt::format("/fixed_point/code_offset is {}, expected -{}..0 (one of the {} levels "
                       "for code 0)", fp.code_offset, fp.levels.size() - 1, fp.levels.size()));
  fp.weight_bits = f.int_in("/fixed_point/weight_bits", 0, 32);
  fp.weight_scale = f.number("/fixed_point/weight_scale", -kMaxScale, kMaxScale);
  fp.row_scales = trace_table<float>(
      tl, "fixed_point.row_scales",
      std::size_t(f.int_in("/fixed_point/row_scales", 0, kMaxTableEntries)), path);
  check_row_scales(f, fp, rows);
  fp.accumulate = parse_accumulate(f);
  fp.product_shift = f.int_in("/fixed_point/product_shift", 0, kMaxProductShift);
  fp.accumulator_bits = f.int_in("/fixed_point/accumulator_bits", 2, 32);
  return fp;
}

}  // namespace

WeightEncoding replay_encoding(const TraceLayer& tl, const TraceFields& f, const std::string& at,
                               const std::string& path) {
  WeightEncoding w;
  w.format = f.text(at + "format");
  const std::vector<std::string> known = encoding_names();
  if (std::find(known.begin(), known.end(), w.format) == known.end())
    bad(path, tl.name, "encoding \"" + w.format + "\" is not one this axsim reads");
  w.code_bits = f.int_in(at + "code_bits", 1, 32);
  w.signed_codes = f.flag(at + "signed_codes");
  w.num_pes = f.int_in(at + "num_pes", 1, 4096);
  if (f.has(at + "channels")) w.channels = f.int_in(at + "channels", 1, 4096);  // ese only
  w.index_bits = f.int_in(at + "index_bits", 1, 16);
  w.pointer_bits = f.int_in(at + "pointer_bits", 1, 32);
  const auto size = f.integer(at + "bytes", 0, std::numeric_limits<std::int64_t>::max());
  w.bytes = trace_blob(tl, f.text(at + "blob"), std::uint64_t(size), path);
  return w;
}

namespace {

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

// The stored activations: `bits` wide signed values (0/1 for binary ones), 1 or 2 bytes each.
std::vector<std::int32_t> replay_input(const TraceLayer& tl, const TraceFields& f, const Layer& l,
                                       const std::string& path) {
  const auto count = std::size_t(l.shape.stored_input_count());
  if (f.integer("/activations/count", 0, std::numeric_limits<std::int64_t>::max()) !=
      std::int64_t(count))
    f.fail(fmt::format("/activations/count is {}, the shape stores {} inputs",
                       f.at("/activations/count").dump(), count));
  const int width = f.int_in("/activations/bytes_per_value", 1, 2);
  if (width != (l.input_bits <= 8 ? 1 : 2))
    f.fail(fmt::format("/activations/bytes_per_value is {}, expected {} for {}-bit activations",
                       width, l.input_bits <= 8 ? 1 : 2, l.input_bits));
  const auto& bytes = trace_blob(tl, f.text("/activations/blob"), std::uint64_t(count) * width, path);
  const std::int32_t lo = l.input_bits == 1 ? -1 : -(1 << (l.input_bits - 1));
  const std::int32_t hi = l.input_bits == 1 ? 1 : (1 << (l.input_bits - 1)) - 1;
  std::vector<std::int32_t> q(count);
  for (std::size_t i = 0; i < count; ++i) {
    q[i] = width == 1 ? std::int32_t(std::int8_t(bytes[i]))
                      : std::int32_t(std::int16_t(bytes[2 * i] | (bytes[2 * i + 1] << 8)));
    if (q[i] < lo || q[i] > hi)
      bad(path, l.name, fmt::format("input activation {} is {}, outside the {}-bit range {}..{}",
                                    i, q[i], l.input_bits, lo, hi));
  }
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

// The largest |level| a decoded weight can have: the table's, or the widest code's.
std::uint64_t max_abs_level(const Layer& l) {
  std::uint64_t m = 0;
  for (std::int32_t v : l.fixed_point.levels) m = std::max(m, std::uint64_t(std::abs(std::int64_t(v))));
  if (!l.fixed_point.levels.empty()) return m;
  for (const WeightEncoding& e : l.encodings)
    m = std::max(m, std::uint64_t{1} << std::min(e.code_bits, 31));  // int32 codes
  return m;
}

// Sums of products are int64 in the reference and the units: |level| x |input| x the products
// one output adds (cols) must stay below 2^63 whatever the rule, or a sum would overflow.
void check_sum_range(const Layer& l, const std::string& path) {
  std::uint64_t max_input = 0;
  for (std::int32_t v : l.input_q) max_input = std::max(max_input, std::uint64_t(std::abs(v)));
  const std::uint64_t product = max_abs_level(l) * max_input;  // < 2^31 x 2^15
  const auto cols = std::uint64_t(l.shape.cols());
  if (product != 0 && cols > std::uint64_t(std::numeric_limits<std::int64_t>::max()) / product)
    bad(path, l.name, fmt::format("{} products of up to {} x {} per output overflow a 64-bit "
                                  "sum", cols, max_abs_level(l), max_input));
}

Layer replay_layer(const TraceLayer& tl, const json& h, const std::string& path) {
  const TraceFields f(h, path, tl.name);
  Layer l;
  l.name = tl.name;
  l.shape = replay_shape(f, path, tl.name);
  check_budget(l.shape, path, tl.name);
  const std::size_t encodings = f.array_size("/encodings");
  for (std::size_t i = 0; i < encodings; ++i) l.encodings.push_back(replay_encoding(tl, f, "/encodings/" + std::to_string(i) + "/", path));
  l.fixed_point = replay_fixed_point(tl, f, l.shape.rows(), path);
  check_levels(l, path);
  l.input_bits = f.int_in("/activations/bits", 1, 16);
  l.input_scale = f.number("/activations/scale", -kMaxScale, kMaxScale);
  l.input_q = replay_input(tl, f, l, path);
  l.relu_after = f.flag("/relu_after");
  check_sum_range(l, path);
  if (h.contains("lstm") && !h["lstm"].is_null()) l.lstm = replay_lstm(tl, f, l, path);
  return l;
}

}  // namespace

const std::vector<std::uint8_t>& trace_blob(const TraceLayer& l, const std::string& name,
                                            std::uint64_t size, const std::string& path) {
  auto it = l.blobs.find(name);
  if (it == l.blobs.end()) bad(path, l.name, "missing blob '" + name + "'");
  if (it->second.size() != size)
    bad(path, l.name,
        fmt::format("blob '{}' has {} bytes, expected {}", name, it->second.size(), size));
  return it->second;
}

Layer layer_from_trace(const TraceLayer& tl, const std::string& path) {
  try {
    return replay_layer(tl, parse_trace_header(tl.header_json, path, tl.name), path);
  } catch (const json::exception& e) {  // every access is checked; kept as a safety net
    bad(path, tl.name, "header: " + sim::json_error_text(e.what()));
  }
}

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
  const json header = parse_trace_header(trace.header_json, path, "");
  const TraceFields f(header, path, "");
  w.name = f.text("/source_model/name") + "@" + f.text("/recipe_name");
  for (const TraceLayer& tl : trace.layers) w.layers.push_back(layer_from_trace(tl, path));
  return w;
}

}  // namespace axsim::workloads
