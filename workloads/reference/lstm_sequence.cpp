// SPDX-License-Identifier: Apache-2.0
// The fixed-point LSTM over a whole sequence, straight from the rule in workloads/lstm_rule.hpp:
// dense loops over the decoded matrices, one time step after another.
#include "workloads/reference/lstm_sequence.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads {

namespace {

struct LevelMatrix {
  std::int64_t rows = 0, cols = 0;
  std::vector<std::int32_t> levels;
  std::vector<std::uint32_t> col_nonzeros;  ///< per column: non-zero levels
};

LevelMatrix with_counts(std::int64_t rows, std::int64_t cols, std::vector<std::int32_t> levels) {
  LevelMatrix m{rows, cols, std::move(levels), std::vector<std::uint32_t>(std::size_t(cols), 0)};
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c)
      if (m.levels[std::size_t(r * cols + c)] != 0) ++m.col_nonzeros[std::size_t(c)];
  return m;
}

// y = M x, exact; counts the useful products.
std::vector<std::int64_t> product(const LevelMatrix& m, const std::vector<std::int32_t>& x,
                                  std::uint64_t& useful) {
  std::vector<std::int64_t> y(std::size_t(m.rows), 0);
  for (std::int64_t r = 0; r < m.rows; ++r) {
    const std::int32_t* row = m.levels.data() + r * m.cols;
    std::int64_t acc = 0;
    for (std::int64_t c = 0; c < m.cols; ++c) acc += std::int64_t{row[c]} * x[std::size_t(c)];
    y[std::size_t(r)] = acc;
  }
  for (std::int64_t c = 0; c < m.cols; ++c)
    if (x[std::size_t(c)] != 0) useful += m.col_nonzeros[std::size_t(c)];
  return y;
}

void check_layer(const Layer& l) {
  if (l.shape.kind != LayerKind::kLstm || !l.lstm)
    throw std::invalid_argument("layer " + l.name + " is not an lstm with a sequence rule");
  const LstmRule& r = *l.lstm;
  if (std::int64_t{4} * r.hidden != l.shape.rows() || r.bias.size() != std::size_t(l.shape.rows()))
    throw std::invalid_argument("layer " + l.name + ": the sequence rule's hidden size and bias "
                                "do not match the matrix");
  if (r.utterances < 1 || l.shape.seq_len % r.utterances != 0)
    throw std::invalid_argument("layer " + l.name + ": utterances do not divide the sequence");
  if (r.has_projection() ? false : l.shape.recurrent_in != r.hidden)
    throw std::invalid_argument("layer " + l.name + ": recurrent input without a projection "
                                "must be the hidden size");
}

}  // namespace

std::int64_t gate_value(const GateTable& t, std::int64_t x) {
  const std::int64_t span = std::int64_t(t.segments()) << t.step_shift;
  const std::int64_t u = std::clamp<std::int64_t>(x - t.lo, 0, span - 1);
  const std::size_t i = std::size_t(u >> t.step_shift);
  const std::int64_t d = u - (std::int64_t(i) << t.step_shift);
  return std::int64_t{t.base[i]} + round_shift(std::int64_t{t.slope[i]} * d, t.step_shift);
}

std::vector<std::int32_t> projection_levels(const Layer& l) {
  const LstmRule& r = *l.lstm;
  const WeightEncoding& e = r.projection.front();
  LayerShape p;
  p.kind = LayerKind::kFullyConnected, p.in_channels = r.hidden;
  p.out_channels = l.shape.recurrent_in;
  CodeMatrix m = decode(to_encoded(e), p.rows(), p.cols(), e.code_bits, decode_spec(e, p));
  for (std::int32_t& v : m.codes) v = r.projection_level(v);
  return std::move(m.codes);
}

LstmSequenceOutput lstm_sequence_reference(const Layer& l) {
  check_layer(l);
  const LstmRule& r = *l.lstm;
  const LayerShape& s = l.shape;
  const LevelMatrix wr = with_counts(s.rows(), s.cols(), weight_levels(l));
  const LevelMatrix p = r.has_projection()
                            ? with_counts(s.recurrent_in, r.hidden, projection_levels(l))
                            : LevelMatrix{};
  const auto in = std::size_t(s.in_channels), rec = std::size_t(s.recurrent_in);
  const auto h_units = std::size_t(r.hidden);
  const std::vector<std::int32_t> h0(l.input_q.end() - std::ptrdiff_t(rec), l.input_q.end());
  std::vector<std::int32_t> x(in + rec), h = h0;
  std::vector<std::int64_t> c(h_units, 0);
  const int steps = s.seq_len / r.utterances;
  std::vector<std::int32_t> m(h_units);
  const int gf = r.gate_frac_bits;
  LstmSequenceOutput out;
  for (int t = 0; t < s.seq_len; ++t) {
    if (t % steps == 0) h = h0, std::fill(c.begin(), c.end(), 0);  // a new utterance
    std::copy_n(l.input_q.begin() + std::ptrdiff_t(std::size_t(t) * in), in, x.begin());
    std::copy(h.begin(), h.end(), x.begin() + std::ptrdiff_t(in));
    const std::vector<std::int64_t> acc = product(wr, x, out.useful_macs);
    const int pre_shift = r.weight_frac_bits + r.act_frac_bits - r.gate_input_frac_bits;
    auto pre = [&](std::size_t gate, std::size_t k) {
      const std::size_t row = gate * h_units + k;
      return round_shift(acc[row], pre_shift) + r.bias[row];
    };
    for (std::size_t k = 0; k < h_units; ++k) {
      const std::int64_t i = gate_value(r.sigmoid, pre(0, k)), o = gate_value(r.sigmoid, pre(1, k));
      const std::int64_t f = gate_value(r.sigmoid, pre(2, k)), g = gate_value(r.tanh, pre(3, k));
      c[k] = saturate(round_shift(f * c[k], gf) + round_shift(i * g, 2 * gf - r.cell_frac_bits),
                      r.cell_bits);
      const std::int64_t tc =
          gate_value(r.tanh, round_shift(c[k], r.cell_frac_bits - r.gate_input_frac_bits));
      m[k] = std::int32_t(saturate(round_shift(o * tc, 2 * gf - r.act_frac_bits), r.act_bits));
    }
    if (r.has_projection()) {
      const std::vector<std::int64_t> y = product(p, m, out.useful_macs);
      for (std::size_t k = 0; k < rec; ++k)
        h[k] = std::int32_t(saturate(round_shift(y[k], r.projection_frac_bits), r.act_bits));
    } else {
      h = m;
    }
    out.h.insert(out.h.end(), h.begin(), h.end());
  }
  const std::uint64_t per_step = s.weight_count() + (r.has_projection() ? rec * h_units : 0);
  out.dense_macs = per_step * std::uint64_t(s.seq_len);
  return out;
}

std::vector<float> lstm_sequence_on(const Layer& layer, const std::vector<float>& x) {
  check_layer(layer);
  const auto in = std::size_t(layer.shape.in_channels), rec = std::size_t(layer.shape.recurrent_in);
  if (x.empty() || x.size() % in != 0 || x.size() / in > std::size_t(1) << 24)
    throw std::invalid_argument("layer " + layer.name + ": the inputs are not whole time steps");
  Layer l = layer;
  l.shape.seq_len = int(x.size() / in);
  l.lstm->utterances = 1;
  const double qmax = double((std::int64_t{1} << (l.input_bits - 1)) - 1);
  std::vector<std::int32_t> q(x.size() + rec);
  for (std::size_t k = 0; k < x.size(); ++k)
    q[k] = std::int32_t(std::clamp(std::round(double(x[k]) / l.input_scale), -qmax, qmax));
  std::copy(layer.input_q.end() - std::ptrdiff_t(rec), layer.input_q.end(), q.end() - std::ptrdiff_t(rec));
  l.input_q = std::move(q);
  const std::vector<std::int32_t> h = lstm_sequence_reference(l).h;
  std::vector<float> out(h.size());
  for (std::size_t k = 0; k < h.size(); ++k) out[k] = float(double(h[k]) * l.input_scale);
  return out;
}

}  // namespace axsim::workloads
