// SPDX-License-Identifier: Apache-2.0
// Elementwise operators, matrix products, Softmax and LSTM of the ONNX executor.
#include "workloads/onnx/onnx_exec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace axsim::workloads::onnx_exec {

Values equal(const Op& op) {
  const OnnxValue &a = op.input(0), &b = op.input(1);
  if ((a.type == Type::kFloat) != (b.type == Type::kFloat)) op.fail("inputs differ in type");
  const Dims out = broadcast_shape(a.shape, b.shape, op);
  std::vector<std::int64_t> y =
      a.type == Type::kFloat
          ? zip(a.f, a.shape, b.f, b.shape, out, [](float x, float z) { return std::int64_t(x == z); })
          : zip(a.i, a.shape, b.i, b.shape, out, [](std::int64_t x, std::int64_t z) { return std::int64_t(x == z); });
  return {OnnxValue::ints(out, std::move(y), Type::kBool)};
}

Values arithmetic(const Op& op) {
  const OnnxValue &a = op.input(0), &b = op.input(1);
  const std::string& t = op.n.op_type();
  const Dims out = broadcast_shape(a.shape, b.shape, op);
  if (t == "Pow") {  // the exponent may be of another type (opset 12+)
    if (a.type != Type::kFloat) op.fail("only a float base is supported");
    return {OnnxValue::floats(out, zip(a.f, a.shape, as_floats(b), b.shape, out,
                                       [](float x, float e) { return std::pow(x, e); }))};
  }
  if (a.type != b.type) op.fail("inputs differ in type");
  const char kind = t[0] == 'S' ? '-' : t[0] == 'M' ? '*' : t[0] == 'D' ? '/' : '+';
  if (a.type == Type::kFloat) {
    auto f = [kind](float x, float z) {
      return kind == '+' ? x + z : kind == '-' ? x - z : kind == '*' ? x * z : x / z;
    };
    return {OnnxValue::floats(out, zip(a.f, a.shape, b.f, b.shape, out, f))};
  }
  auto f = [&op, kind](std::int64_t x, std::int64_t z) {
    if (kind == '/' && z == 0) op.fail("integer division by zero");
    return kind == '+' ? x + z : kind == '-' ? x - z : kind == '*' ? x * z : x / z;
  };
  return {OnnxValue::ints(out, zip(a.i, a.shape, b.i, b.shape, out, f), a.type)};
}

float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

Values unary(const Op& op) {
  const std::string& t = op.n.op_type();
  const OnnxValue& x = op.input(0);
  if (t == "Identity") return {x};
  if (t == "Neg" && x.type != Type::kFloat) {
    OnnxValue y = x;
    for (std::int64_t& v : y.i) v = -v;
    return {y};
  }
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  const float alpha = op.attr_float("alpha", 0.2f), beta = op.attr_float("beta", 0.5f);
  for (float& v : y.f) {
    if (t == "Relu") v = std::max(v, 0.f);
    else if (t == "Sigmoid") v = sigmoid(v);
    else if (t == "Tanh") v = std::tanh(v);
    else if (t == "Sqrt") v = std::sqrt(v);
    else if (t == "Log") v = std::log(v);
    else if (t == "Neg") v = -v;
    else if (t == "HardSigmoid") v = std::clamp(alpha * v + beta, 0.f, 1.f);
  }
  return {y};
}

/// The first value of a scalar input (Clip's bounds, Pad's constant): refused when it is empty.
float first_value(const Op& op, const OnnxValue& v, const char* what) {
  if (v.numel() == 0) op.fail(std::string(what) + " is empty");
  return v.type == Type::kFloat ? v.f[0] : float(v.i[0]);
}

/// Clip: bounds are attributes before opset 11, optional inputs from 11 on.
Values clip(const Op& op) {
  float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
  if (op.s.opset < 11) {
    lo = op.attr_float("min", lo), hi = op.attr_float("max", hi);
  } else {
    if (const OnnxValue* m = op.optional(1)) lo = first_value(op, *m, "min");
    if (const OnnxValue* m = op.optional(2)) hi = first_value(op, *m, "max");
  }
  OnnxValue y = OnnxValue::floats(op.input(0).shape, op.floats(0));
  for (float& v : y.f) v = std::min(std::max(v, lo), hi);  // min(max()) as the spec defines it
  return {y};
}

// ---- matrix products -------------------------------------------------------------------------

/// numpy matmul: 1-D operands are promoted and the promoted dim removed again; batch dims
/// broadcast.
OnnxValue matmul(const Op& op, const OnnxValue& a, const Dims& bshape, const std::vector<float>& b) {
  if (a.type != Type::kFloat || a.shape.empty() || bshape.empty()) op.fail("inputs must be float tensors of rank >= 1");
  Dims sa = a.shape, sb = bshape;
  const bool a1 = sa.size() == 1, b1 = sb.size() == 1;
  if (a1) sa.insert(sa.begin(), 1);
  if (b1) sb.push_back(1);
  const std::int64_t m = sa[sa.size() - 2], k = sa.back(), n = sb.back();
  if (sb[sb.size() - 2] != k) op.fail("shapes " + dims_text(a.shape) + " and " + dims_text(bshape) + " do not multiply");
  const Dims ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
  const Dims batch = broadcast_shape(ba, bb, op);
  std::vector<float> y(std::size_t(count(batch) * m * n));
  broadcast(ba, bb, batch, [&](std::int64_t ia, std::int64_t ib, std::int64_t o) {
    const float* pa = a.f.data() + ia * m * k;
    const float* pb = b.data() + ib * k * n;
    float* py = y.data() + o * m * n;
    for (std::int64_t r = 0; r < m; ++r)
      for (std::int64_t j = 0; j < k; ++j)
        for (std::int64_t c = 0; c < n; ++c) py[r * n + c] += pa[r * k + j] * pb[j * n + c];
  });
  Dims shape = batch;
  if (!a1) shape.push_back(m);
  if (!b1) shape.push_back(n);
  return OnnxValue::floats(shape, std::move(y));
}

/// X [..][in] times a layer's weights [out][in] transposed, plus its bias.
OnnxValue dense(const OnnxValue& x, const ModelLayer& l) {
  const std::int64_t in = l.in_channels, out = l.out_channels, rows = std::int64_t(x.f.size()) / in;
  Dims shape = x.shape;
  shape.back() = out;
  std::vector<float> y(std::size_t(rows * out));
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t o = 0; o < out; ++o) {
      float acc = l.bias.data.empty() ? 0.f : l.bias.data[std::size_t(o)];
      for (std::int64_t i = 0; i < in; ++i) acc += x.f[std::size_t(r * in + i)] * l.weights.data[std::size_t(o * in + i)];
      y[std::size_t(r * out + o)] = acc;
    }
  return OnnxValue::floats(shape, std::move(y));
}

OnnxValue transposed2(const OnnxValue& v) {
  const std::int64_t r = v.shape[0], c = v.shape[1];
  OnnxValue t = OnnxValue::floats({c, r}, std::vector<float>(v.f.size()));
  for (std::int64_t i = 0; i < r; ++i)
    for (std::int64_t j = 0; j < c; ++j) t.f[std::size_t(j * r + i)] = v.f[std::size_t(i * c + j)];
  return t;
}

/// Gemm: Y = alpha A' B' + beta C with C broadcast to [M][N].
OnnxValue gemm(const Op& op, const OnnxValue& a_in) {
  const OnnxValue& b_in = op.input(1);
  if (a_in.shape.size() != 2 || b_in.shape.size() != 2 || b_in.type != Type::kFloat) op.fail("A and B must be 2-D float");
  const OnnxValue a = op.attr_int("transA", 0) ? transposed2(a_in) : a_in;
  const OnnxValue b = op.attr_int("transB", 0) ? transposed2(b_in) : b_in;
  OnnxValue y = matmul(op, a, b.shape, b.f);
  const float alpha = op.attr_float("alpha", 1.f), beta = op.attr_float("beta", 1.f);
  for (float& v : y.f) v *= alpha;
  if (const OnnxValue* c = op.optional(2)) {
    const Dims out = broadcast_shape(y.shape, c->shape, op);
    if (out != y.shape) op.fail("C does not broadcast to [M][N]");
    y.f = zip(y.f, y.shape, as_floats(*c), c->shape, out, [&](float v, float z) { return v + beta * z; });
  }
  return y;
}

Values softmax(const Op& op) {
  const OnnxValue& x = op.input(0);
  const std::int64_t axis = op.axis(op.attr_int("axis", op.s.opset < 13 ? 1 : -1), x.shape.size());
  // Before opset 13 the input is coerced to 2-D at `axis`; from 13 on softmax runs along it.
  std::int64_t len = x.shape[std::size_t(axis)], inner = 1;
  for (std::size_t k = std::size_t(axis) + 1; k < x.shape.size(); ++k) inner *= x.shape[k];
  if (op.s.opset < 13) len *= inner, inner = 1;
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  const std::int64_t outer = count(x.shape) / (len * inner);
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < inner; ++i) {
      float* p = y.f.data() + o * len * inner + i;
      float top = -std::numeric_limits<float>::infinity();
      for (std::int64_t k = 0; k < len; ++k) top = std::max(top, p[k * inner]);
      double sum = 0;
      for (std::int64_t k = 0; k < len; ++k) sum += p[k * inner] = std::exp(p[k * inner] - top);
      for (std::int64_t k = 0; k < len; ++k) p[k * inner] = float(p[k * inner] / sum);
    }
  return {y};
}

// ---- LSTM ------------------------------------------------------------------------------------


void lstm_checks(const Op& op) {
  if (op.attr_string("direction", "forward") != "forward") op.fail("only direction=forward is supported");
  op.require_attr("layout", 0);
  op.require_attr("input_forget", 0);
  if (op.has("clip") || op.has("activations") || op.has("activation_alpha") || op.has("activation_beta"))
    op.fail("clip and non-default activations are not supported");
  if (op.optional(7) != nullptr) op.fail("peepholes (input P) are not supported");
}

/// One forward LSTM over X [seq][batch][in] (ONNX gate order i, o, f, c; default activations).
Values lstm_forward(const Op& op, const OnnxValue& x, const LstmWeights& lw) {
  const std::int64_t seq = x.shape[0], batch = x.shape[1], hd = lw.hidden, in = lw.in;
  if (op.optional(4) != nullptr)
    for (std::int64_t v : op.ints(4))
      if (v != seq) op.fail("sequence_lens other than the full length are not supported");
  std::vector<float> h(std::size_t(batch * hd), 0.f), c(h.size(), 0.f);
  if (const OnnxValue* h0 = op.optional(5)) h = h0->f;
  if (const OnnxValue* c0 = op.optional(6)) c = c0->f;
  if (std::int64_t(h.size()) != batch * hd || std::int64_t(c.size()) != batch * hd) op.fail("initial_h/c are not [1][batch][H]");
  OnnxValue y = OnnxValue::floats({seq, 1, batch, hd}, std::vector<float>(std::size_t(seq * batch * hd)));
  std::vector<float> g(std::size_t(4 * hd));
  for (std::int64_t t = 0; t < seq; ++t)
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* xt = x.f.data() + (t * batch + b) * in;
      float* hb = h.data() + b * hd;
      float* cb = c.data() + b * hd;
      if (lw.products) lw.products(xt, hb, g.data());
      for (std::int64_t row = 0; row < 4 * hd; ++row) {
        float acc = lw.b ? lw.b[row] + lw.b[4 * hd + row] : 0.f;
        if (lw.products) {
          g[std::size_t(row)] += acc;
          continue;
        }
        for (std::int64_t k = 0; k < in; ++k) acc += lw.w[row * in + k] * xt[k];
        for (std::int64_t k = 0; k < hd; ++k) acc += lw.r[row * hd + k] * hb[k];
        g[std::size_t(row)] = acc;
      }
      for (std::int64_t k = 0; k < hd; ++k) {
        const float i = sigmoid(g[std::size_t(k)]), o = sigmoid(g[std::size_t(hd + k)]);
        const float f = sigmoid(g[std::size_t(2 * hd + k)]), cand = std::tanh(g[std::size_t(3 * hd + k)]);
        cb[k] = f * cb[k] + i * cand;
        hb[k] = o * std::tanh(cb[k]);
      }
      std::copy(hb, hb + hd, y.f.begin() + (t * batch + b) * hd);
    }
  return {y, OnnxValue::floats({1, batch, hd}, h), OnnxValue::floats({1, batch, hd}, c)};
}

LstmWeights lstm_weights(const Op& op, const OnnxValue& x) {
  const OnnxValue &w = op.input(1), &r = op.input(2);
  if (x.shape.size() != 3 || w.shape.size() != 3 || r.shape.size() != 3 || w.shape[0] != 1 ||
      r.shape[1] != 4 * r.shape[2] || w.shape[1] != r.shape[1] || w.shape[2] != x.shape[2])
    op.fail("X " + dims_text(x.shape) + ", W " + dims_text(w.shape) + ", R " + dims_text(r.shape) +
            " are not [seq][batch][in], [1][4H][in], [1][4H][H]");
  const OnnxValue* b = op.optional(3);
  if (b != nullptr && b->f.size() != std::size_t(8 * r.shape[2])) op.fail("B is not [1][8H]");
  return {op.floats(1).data(), op.floats(2).data(), b ? b->f.data() : nullptr, r.shape[2], x.shape[2]};
}

}  // namespace axsim::workloads::onnx_exec
