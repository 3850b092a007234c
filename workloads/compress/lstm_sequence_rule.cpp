// SPDX-License-Identifier: Apache-2.0
// The front-end's half of the LSTM sequence rule (workloads/lstm_rule.hpp): it chooses the
// formats, quantizes bias and projection, and tabulates the gate functions.
#include "workloads/compress/lstm_sequence_rule.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/error.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/reference/lstm_sequence.hpp"

namespace axsim::workloads {

namespace {

float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

// -log2(scale) when the scale is a power of two; throws naming `what` otherwise.
int fraction_of(double scale, const LayerRecipe& r, const std::string& layer,
                const std::string& what) {
  int e = 0;
  if (!(scale > 0) || std::frexp(scale, &e) != 0.5)
    throw sim::ConfigError(r.recipe_path + ": layer '" + layer + "': fixed_point.lstm needs " +
                           what + " whose scale is a power of two (quantize with scheme "
                           "\"uniform\" and \"power_of_two\": true, or a codebook scheme), one per "
                           "tensor, summed exactly");
  return 1 - e;
}

int fraction_of(const FixedPoint& fp, const LayerRecipe& r, const std::string& layer,
                const std::string& what) {
  if (!fp.row_scales.empty() || fp.accumulate != FixedPoint::Accumulate::kExact)
    return fraction_of(0.0, r, layer, what);
  return fraction_of(fp.weight_scale, r, layer, what);
}

// f tabulated over [-range, range) in the gate-input format, outputs with `frac` bits.
GateTable tabulate(double (*f)(double), const LstmRecipe& lr, int frac) {
  GateTable t;
  const std::int64_t span = std::int64_t{2} * lr.input_range << lr.gate_input_frac_bits;
  t.step_shift = int(std::log2(double(span / lr.segments)));
  t.lo = -span / 2;
  const double step = std::ldexp(1.0, t.step_shift - lr.gate_input_frac_bits);
  const double lo = -double(lr.input_range);
  auto at = [&](double x) { return std::int32_t(std::lround(std::ldexp(f(x), frac))); };
  for (int i = 0; i < lr.segments; ++i) {
    const double x0 = lo + i * step;
    if (lr.piecewise_linear) {
      t.base.push_back(at(x0));
      t.slope.push_back(at(x0 + step) - t.base.back());
    } else {
      t.base.push_back(at(x0 + step / 2));
      t.slope.push_back(0);
    }
  }
  return t;
}

double sigmoid_d(double x) { return 1 / (1 + std::exp(-x)); }
double tanh_d(double x) { return std::tanh(x); }

std::vector<std::int32_t> fixed_bias(const ModelLayer& l, int frac) {
  const std::size_t rows = std::size_t(l.rows());
  std::vector<std::int32_t> b(rows, 0);
  if (l.bias.data.size() != 2 * rows) return b;
  for (std::size_t i = 0; i < rows; ++i) {
    const double v = std::ldexp(double(l.bias.data[i]) + l.bias.data[rows + i], frac);
    b[i] = std::int32_t(std::clamp(std::round(v), -2147483647.0, 2147483647.0));
  }
  return b;
}

void set_projection(CompressedLayer& c, const LayerRecipe& r, LstmRule& rule) {
  ModelLayer& l = c.layer;
  CompressedMatrix p = compress_matrix(l.projection.data, l.recurrent_in, l.out_channels, l, r,
                                       "its projection");
  rule.projection_frac_bits = fraction_of(p.fixed_point, r, l.name, "a projection");
  rule.projection_levels = p.fixed_point.levels;
  rule.projection_code_offset = p.fixed_point.code_offset;
  rule.projection_weight_bits = p.fixed_point.weight_bits;
  for (std::size_t i = 0; i < p.encodings.size(); ++i) {
    const EncodeSpec& s = r.encodings[i].spec;
    const Encoded& e = p.encodings[i];
    rule.projection.push_back({e.format, p.code_bits, e.signed_codes, s.num_pes, s.index_bits,
                               s.pointer_bits, e.bytes, s.channels});
    c.projection_stats.push_back(e.stats);
  }
  l.projection.data = std::move(p.quantized.values);
}

// The shifts the reader accepts (workloads/compress/trace_lstm.cpp), refused here by recipe key.
void check_formats(const LstmRule& rule, const LayerRecipe& r, const std::string& layer) {
  const auto refuse = [&](const std::string& why) {
    throw sim::ConfigError(r.recipe_path + ": layer '" + layer + "': fixed_point.lstm: " + why);
  };
  const int gf = rule.gate_frac_bits;
  if (rule.weight_frac_bits + rule.act_frac_bits < rule.gate_input_frac_bits)
    refuse(fmt::format("gate_input_frac_bits {} exceeds the products' {} fraction bits (weights "
                       "{} + activations {})", rule.gate_input_frac_bits,
                       rule.weight_frac_bits + rule.act_frac_bits, rule.weight_frac_bits,
                       rule.act_frac_bits));
  if (2 * gf < rule.cell_frac_bits || 2 * gf < rule.act_frac_bits)
    refuse(fmt::format("gate_bits {} leave {} fraction bits, fewer than half the cell's {} or "
                       "the activations' {}", gf + 2, gf, rule.cell_frac_bits, rule.act_frac_bits));
  if (std::abs(rule.cell_frac_bits - rule.gate_input_frac_bits) > 30)
    refuse("cell and gate-input fraction bits differ by more than 30");
}

double sqnr_db(const std::vector<float>& y, const std::vector<std::int32_t>& q, int frac) {
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < y.size() && i < q.size(); ++i) {
    const double e = double(y[i]) - std::ldexp(double(q[i]), -frac);
    signal += double(y[i]) * y[i], noise += e * e;
  }
  return noise > 0 ? 10 * std::log10(signal / noise) : 1e9;
}

// The layer with its stored weights as floats (the quantized values), bias and projection.
ModelLayer stored_float(const CompressedLayer& c) {
  ModelLayer l = c.layer.geometry();
  l.weights.data.resize(std::size_t(l.rows()) * std::size_t(l.in_channels));
  l.recurrent.data.resize(std::size_t(l.rows()) * std::size_t(l.recurrent_in));
  l.set_matrix(c.quantized.values);
  l.bias = c.layer.bias;
  l.projection = c.layer.projection;
  return l;
}

std::vector<float> dequantized(const QuantizedActivations& a) {
  std::vector<float> x;
  for (std::int32_t q : a.q) x.push_back(float(q) * a.scale);
  return x;
}

}  // namespace

bool wants_lstm_rule(const ModelLayer& l, const LayerRecipe& r) {
  return l.kind == OpKind::kLstm && r.fixed_point.lstm.enabled;
}

std::vector<float> float_lstm_sequence(const ModelLayer& l, const std::vector<float>& input,
                                       int utterances) {
  const auto in = std::size_t(l.in_channels), rec = std::size_t(l.recurrent_in);
  const auto hd = std::size_t(l.out_channels), rows = 4 * hd;
  const std::vector<float> wr = l.matrix();
  const std::vector<float> h0(input.end() - std::ptrdiff_t(rec), input.end());
  std::vector<float> x(in + rec), h = h0;
  std::vector<float> c(hd, 0.f), m(hd), g(rows), out;
  const bool bias = l.bias.data.size() == 2 * rows;
  const int steps = l.seq_len / std::max(1, utterances);
  for (int t = 0; t < l.seq_len; ++t) {
    if (t % steps == 0) h = h0, std::fill(c.begin(), c.end(), 0.f);  // a new utterance
    std::copy_n(input.begin() + std::ptrdiff_t(std::size_t(t) * in), in, x.begin());
    std::copy(h.begin(), h.end(), x.begin() + std::ptrdiff_t(in));
    for (std::size_t r = 0; r < rows; ++r) {
      double acc = bias ? double(l.bias.data[r]) + l.bias.data[rows + r] : 0.0;
      for (std::size_t k = 0; k < in + rec; ++k) acc += double(wr[r * (in + rec) + k]) * x[k];
      g[r] = float(acc);
    }
    for (std::size_t k = 0; k < hd; ++k) {
      c[k] = sigmoid(g[2 * hd + k]) * c[k] + sigmoid(g[k]) * std::tanh(g[3 * hd + k]);
      m[k] = sigmoid(g[hd + k]) * std::tanh(c[k]);
    }
    if (l.has_projection()) {
      for (std::size_t j = 0; j < rec; ++j) {
        double acc = 0;
        for (std::size_t k = 0; k < hd; ++k) acc += double(l.projection.data[j * hd + k]) * m[k];
        h[j] = float(acc);
      }
    } else {
      h = m;
    }
    out.insert(out.end(), h.begin(), h.end());
  }
  return out;
}

void set_lstm_rule(CompressedLayer& c, const LayerRecipe& r, const std::vector<float>& float_h) {
  const LstmRecipe& lr = r.fixed_point.lstm;
  const ModelLayer& l = c.layer;
  if (r.act_bits < 2)
    throw sim::ConfigError(r.recipe_path + ": layer '" + l.name + "': fixed_point.lstm needs "
                           "activations of at least 2 bits");
  LstmRule rule;
  rule.hidden = l.out_channels;
  rule.utterances = lr.utterances;
  if (l.seq_len % lr.utterances != 0)
    throw sim::ConfigError(fmt::format("{}: layer '{}': fixed_point.lstm.utterances {} does not "
                                       "divide its {} time steps", r.recipe_path, l.name,
                                       lr.utterances, l.seq_len));
  rule.weight_frac_bits = fraction_of(c.fixed_point, r, l.name, "weights");
  c.input = power_of_two_activations(c.input_float, r.act_bits, 1.0);  // h lies in (-1, 1)
  rule.act_bits = r.act_bits;
  rule.act_frac_bits = fraction_of(double(c.input.scale), r, l.name, "activations");
  rule.gate_input_frac_bits = lr.gate_input_frac_bits;
  rule.gate_frac_bits = lr.gate_bits - 2;
  rule.cell_bits = lr.cell_bits;
  rule.cell_frac_bits = lr.cell_bits - 1 - lr.cell_int_bits;
  rule.bias = fixed_bias(l, lr.gate_input_frac_bits);
  rule.sigmoid = tabulate(sigmoid_d, lr, rule.gate_frac_bits);
  rule.tanh = tabulate(tanh_d, lr, rule.gate_frac_bits);
  check_formats(rule, r, l.name);
  if (l.has_projection()) set_projection(c, r, rule);
  c.lstm = std::move(rule);
  const auto nonzero = std::count_if(c.input.q.begin(), c.input.q.end(),
                                     [](std::int32_t v) { return v != 0; });
  c.row.act_density = c.input.q.empty() ? 0.0 : double(nonzero) / double(c.input.q.size());
  // The rule's outputs as a unit would compute them: from the layer as its trace stores it.
  const Layer stored = layer_from_trace(to_trace_layer(c, r), r.recipe_path);
  const std::vector<std::int32_t> h = lstm_sequence_reference(stored).h;
  c.lstm->sqnr_db = sqnr_db(float_h, h, c.lstm->act_frac_bits);
  c.lstm->rule_sqnr_db = sqnr_db(float_lstm_sequence(stored_float(c), dequantized(c.input), c.lstm->utterances), h,
                                 c.lstm->act_frac_bits);
}

}  // namespace axsim::workloads
