// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/trace_lstm.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "workloads/compress/trace_blobs.hpp"
#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

constexpr int kMaxTable = 1 << 24;  // bias entries, levels, table segments

json table_json(const GateTable& t, const char* blob) {
  return {{"blob", blob}, {"kind", t.is_lut() ? "lut" : "pwl"}, {"segments", t.segments()},
          {"lo", t.lo}, {"step_shift", t.step_shift}};
}

std::vector<std::int32_t> table_values(const GateTable& t) {
  std::vector<std::int32_t> v = t.base;
  v.insert(v.end(), t.slope.begin(), t.slope.end());
  return v;
}

json projection_json(const CompressedLayer& c) {
  const LstmRule& r = *c.lstm;
  json encodings = json::array();
  for (std::size_t i = 0; i < r.projection.size(); ++i) {
    const WeightEncoding& e = r.projection[i];
    encodings.push_back({{"format", e.format}, {"blob", "projection." + weight_blob_name(e.format)},
                         {"bytes", e.bytes.size()}, {"code_bits", e.code_bits},
                         {"signed_codes", e.signed_codes}, {"num_pes", e.num_pes},
                         {"index_bits", e.index_bits}, {"pointer_bits", e.pointer_bits},
                         {"entries", c.projection_stats[i].entries},
                         {"padding_entries", c.projection_stats[i].padding_entries},
                         {"channels", e.channels}});
  }
  return {{"rows", c.layer.recurrent_in}, {"cols", r.hidden},
          {"levels", r.projection_levels.size()}, {"code_offset", r.projection_code_offset},
          {"weight_bits", r.projection_weight_bits}, {"frac_bits", r.projection_frac_bits},
          {"encodings", encodings}};
}

GateTable replay_table(const TraceLayer& tl, const TraceFields& f, const std::string& at,
                       int gate_frac, const std::string& path) {
  GateTable t;
  const auto n = std::size_t(f.int_in(at + "/segments", 1, kMaxTable));
  t.lo = f.integer(at + "/lo", -(std::int64_t{1} << 40), std::int64_t{1} << 40);
  t.step_shift = f.int_in(at + "/step_shift", 0, 30);
  std::vector<std::int32_t> v = trace_table<std::int32_t>(tl, f.text(at + "/blob"), 2 * n, path);
  t.base.assign(v.begin(), v.begin() + std::ptrdiff_t(n));
  t.slope.assign(v.begin() + std::ptrdiff_t(n), v.end());
  // Gate values lie in [-1, 1]: anything beyond +-2 would let the products overflow.
  const std::int64_t limit = std::int64_t{2} << gate_frac;
  for (std::size_t i = 0; i < n; ++i)
    if (std::abs(std::int64_t{t.base[i]}) > limit ||
        std::abs(std::int64_t{t.base[i]} + t.slope[i]) > limit)
      f.fail(fmt::format("{}: segment {} reaches beyond +-2 in the gate format", at, i));
  return t;
}

// A shift the rule applies, in lo..hi.
void check_shift(const TraceFields& f, const char* what, int shift, int lo, int hi) {
  if (shift < lo || shift > hi)
    f.fail(fmt::format("/lstm: {} is {}, expected {}..{}", what, shift, lo, hi));
}

void check_scale(const TraceFields& f, const char* what, double scale, int frac) {
  if (scale != std::ldexp(1.0, -frac))
    f.fail(fmt::format("/lstm: {} scale {} is not 2^-{}", what, scale, frac));
}

void replay_projection(const TraceLayer& tl, const TraceFields& f, const Layer& l, LstmRule& r,
                       const std::string& path) {
  if (f.integer("/lstm/projection/rows", 1, kMaxTable) != l.shape.recurrent_in ||
      f.integer("/lstm/projection/cols", 1, kMaxTable) != r.hidden)
    f.fail("/lstm/projection is not recurrent_in x hidden");
  r.projection_levels = trace_table<std::int32_t>(
      tl, "projection.levels", std::size_t(f.int_in("/lstm/projection/levels", 0, kMaxTable)),
      path);
  r.projection_code_offset = f.int_in("/lstm/projection/code_offset", -kMaxTable, 0);
  r.projection_weight_bits = f.int_in("/lstm/projection/weight_bits", 2, 24);
  r.projection_frac_bits = f.int_in("/lstm/projection/frac_bits", 0, 62);
  const std::size_t n = f.array_size("/lstm/projection/encodings");
  if (n == 0) f.fail("/lstm/projection/encodings is empty");
  for (std::size_t i = 0; i < n; ++i)
    r.projection.push_back(replay_encoding(
        tl, f, "/lstm/projection/encodings/" + std::to_string(i) + "/", path));
  const std::int64_t hi = (std::int64_t{1} << (r.projection_weight_bits - 1)) - 1;
  if (!r.projection_levels.empty() && -std::int64_t(r.projection_code_offset) >=
                                          std::int64_t(r.projection_levels.size()))
    f.fail("/lstm/projection/code_offset leaves code 0 without a level");
  for (std::int32_t v : r.projection_levels)
    if (v > hi || v < -hi - 1) f.fail(fmt::format("projection level {} does not fit", v));
  if (r.projection_levels.empty())
    for (const WeightEncoding& e : r.projection)
      if (e.code_bits > r.projection_weight_bits)
        f.fail("projection codes are wider than /lstm/projection/weight_bits");
}

}  // namespace

json lstm_json(const CompressedLayer& c) {
  const LstmRule& r = *c.lstm;
  return {{"hidden", r.hidden}, {"utterances", r.utterances}, {"act_bits", r.act_bits}, {"act_frac_bits", r.act_frac_bits},
          {"weight_frac_bits", r.weight_frac_bits},
          {"gate_input_frac_bits", r.gate_input_frac_bits},
          {"gate_frac_bits", r.gate_frac_bits}, {"cell_bits", r.cell_bits},
          {"cell_frac_bits", r.cell_frac_bits},
          {"bias", {{"blob", "lstm.bias"}, {"count", r.bias.size()}}},
          {"sigmoid", table_json(r.sigmoid, "lstm.sigmoid")},
          {"tanh", table_json(r.tanh, "lstm.tanh")},
          {"projection", r.has_projection() ? projection_json(c) : json()},
          {"sqnr_db", std::isfinite(r.sqnr_db) ? r.sqnr_db : 0.0},
          {"rule_sqnr_db", std::isfinite(r.rule_sqnr_db) ? r.rule_sqnr_db : 0.0}};
}

void add_lstm_blobs(const LstmRule& r, TraceLayer& tl) {
  tl.blobs["lstm.bias"] = pack_le32(r.bias);
  tl.blobs["lstm.sigmoid"] = pack_le32(table_values(r.sigmoid));
  tl.blobs["lstm.tanh"] = pack_le32(table_values(r.tanh));
  if (!r.projection_levels.empty()) tl.blobs["projection.levels"] = pack_le32(r.projection_levels);
  for (const WeightEncoding& e : r.projection)
    tl.blobs["projection." + weight_blob_name(e.format)] = e.bytes;
}

LstmRule replay_lstm(const TraceLayer& tl, const TraceFields& f, const Layer& l,
                     const std::string& path) {
  if (l.shape.kind != LayerKind::kLstm) f.fail("/lstm is set on a layer that is not an lstm");
  LstmRule r;
  r.hidden = f.int_in("/lstm/hidden", 1, kMaxTable);
  if (std::int64_t{4} * r.hidden != l.shape.rows()) f.fail("/lstm/hidden is not a quarter of the rows");
  r.utterances = f.int_in("/lstm/utterances", 1, l.shape.seq_len);
  if (l.shape.seq_len % r.utterances != 0) f.fail("/lstm/utterances does not divide seq_len");
  r.act_bits = f.int_in("/lstm/act_bits", 2, 16);
  if (r.act_bits != l.input_bits) f.fail("/lstm/act_bits differs from /activations/bits");
  r.act_frac_bits = f.int_in("/lstm/act_frac_bits", -126, 62);
  r.weight_frac_bits = f.int_in("/lstm/weight_frac_bits", -126, 62);
  r.gate_input_frac_bits = f.int_in("/lstm/gate_input_frac_bits", 0, 24);
  r.gate_frac_bits = f.int_in("/lstm/gate_frac_bits", 2, 22);
  r.cell_bits = f.int_in("/lstm/cell_bits", 4, 32);
  r.cell_frac_bits = f.int_in("/lstm/cell_frac_bits", 0, 30);
  check_scale(f, "activation", l.input_scale, r.act_frac_bits);
  if (!l.fixed_point.row_scales.empty() || l.fixed_point.accumulate != FixedPoint::Accumulate::kExact)
    f.fail("/lstm needs one weight scale and exact sums");
  check_scale(f, "weight", l.fixed_point.weight_scale, r.weight_frac_bits);
  const int gf = r.gate_frac_bits;
  check_shift(f, "the pre-activation shift", r.weight_frac_bits + r.act_frac_bits - r.gate_input_frac_bits, 0, 62);
  check_shift(f, "the cell's product shift", 2 * gf - r.cell_frac_bits, 0, 62);
  check_shift(f, "the hidden output's shift", 2 * gf - r.act_frac_bits, 0, 62);
  check_shift(f, "the cell-to-tanh shift", r.cell_frac_bits - r.gate_input_frac_bits, -30, 30);
  r.bias = trace_table<std::int32_t>(
      tl, f.text("/lstm/bias/blob"),
      std::size_t(f.integer("/lstm/bias/count", 4 * std::int64_t{r.hidden}, 4 * std::int64_t{r.hidden})), path);
  r.sigmoid = replay_table(tl, f, "/lstm/sigmoid", gf, path);
  r.tanh = replay_table(tl, f, "/lstm/tanh", gf, path);
  if (!f.at("/lstm/projection").is_null()) replay_projection(tl, f, l, r, path);
  else if (l.shape.recurrent_in != r.hidden)
    f.fail("/lstm/projection is null but recurrent_in is not the hidden size");
  r.sqnr_db = f.number("/lstm/sqnr_db", -1e12, 1e12);
  r.rule_sqnr_db = f.number("/lstm/rule_sqnr_db", -1e12, 1e12);
  return r;
}

}  // namespace axsim::workloads
