// SPDX-License-Identifier: Apache-2.0
// Convolution, pooling and BatchNormalization of the ONNX executor.
#include "workloads/onnx/onnx_exec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace axsim::workloads::onnx_exec {

// ---- convolution and pooling -----------------------------------------------------------------

/// A 1-D or 2-D window operation over [N][C][H][W] (1-D: H = 1), as Conv and MaxPool share it.
struct Window {
  std::int64_t n = 1, c = 1, h = 1, w = 1, kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  std::int64_t pt = 0, pl = 0, pb = 0, pr = 0, oh = 1, ow = 1;
};

/// Output size of one axis; auto_pad SAME_* splits the total padding (extra at the end for
/// SAME_UPPER, at the begin for SAME_LOWER).
std::int64_t window_axis(const Op& op, std::int64_t in, std::int64_t k, std::int64_t s,
                         std::int64_t d, std::int64_t& pad_b, std::int64_t& pad_e, bool ceil_mode) {
  const std::string auto_pad = op.attr_string("auto_pad", "NOTSET");
  const std::int64_t span = (k - 1) * d + 1;
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    const std::int64_t out = (in + s - 1) / s;
    const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * s + span - in);
    pad_b = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
    pad_e = total - pad_b;
    return out;
  }
  if (auto_pad == "VALID") pad_b = pad_e = 0;
  else if (auto_pad != "NOTSET") op.fail("auto_pad " + auto_pad + " is not supported");
  const std::int64_t room = in + pad_b + pad_e - span;
  if (room < 0) op.fail("the window is larger than the padded input");
  std::int64_t out = (ceil_mode ? (room + s - 1) / s : room / s) + 1;
  if (ceil_mode && (out - 1) * s >= in + pad_b) --out;  // the last window must start inside
  return out;
}

Window window(const Op& op, const Dims& x, const Dims& kernel, bool ceil_mode) {
  if ((x.size() != 3 && x.size() != 4) || kernel.size() != x.size() - 2)
    op.fail("only 1-D and 2-D inputs are supported, got " + dims_text(x));
  const bool two_d = x.size() == 4;
  Window g;
  g.n = x[0], g.c = x[1], g.h = two_d ? x[2] : 1, g.w = x.back();
  g.kh = two_d ? kernel[0] : 1, g.kw = kernel.back();
  const std::size_t axes = kernel.size();
  Dims strides = op.attr_ints("strides"), dil = op.attr_ints("dilations"), pads = op.attr_ints("pads");
  if (strides.empty()) strides.assign(axes, 1);
  if (dil.empty()) dil.assign(axes, 1);
  if (pads.empty()) pads.assign(2 * axes, 0);
  if (strides.size() != axes || dil.size() != axes || pads.size() != 2 * axes)
    op.fail("strides, dilations or pads do not match the kernel rank");
  if (two_d) g.sh = strides[0], g.dh = dil[0], g.pt = pads[0], g.pb = pads[2];
  g.sw = strides.back(), g.dw = dil.back();
  g.pl = pads[axes - 1], g.pr = pads[2 * axes - 1];
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) op.fail("strides and dilations must be >= 1");
  g.oh = two_d ? window_axis(op, g.h, g.kh, g.sh, g.dh, g.pt, g.pb, ceil_mode) : 1;
  g.ow = window_axis(op, g.w, g.kw, g.sw, g.dw, g.pl, g.pr, ceil_mode);
  return g;
}

Dims window_output(const Window& g, std::int64_t channels, std::size_t rank) {
  return rank == 4 ? Dims{g.n, channels, g.oh, g.ow} : Dims{g.n, channels, g.ow};
}

/// [lo, hi): the outputs o < count whose input o * stride + offset lies in [0, in).
std::pair<std::int64_t, std::int64_t> valid(std::int64_t offset, std::int64_t stride,
                                            std::int64_t in, std::int64_t count) {
  const std::int64_t lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const std::int64_t last = in - 1 - offset;
  const std::int64_t hi = last < 0 ? 0 : std::min(count, last / stride + 1);
  return {lo, std::max(lo, hi)};
}

/// out += w x the input plane shifted by kernel tap (r, q); padding reads zeros, so taps
/// outside the input are skipped.
void conv_tap(const Window& g, float w, const float* in, float* out, std::int64_t r, std::int64_t q) {
  const auto [y0, y1] = valid(r * g.dh - g.pt, g.sh, g.h, g.oh);
  const auto [x0, x1] = valid(q * g.dw - g.pl, g.sw, g.w, g.ow);
  for (std::int64_t oy = y0; oy < y1; ++oy) {
    const float* row = in + (oy * g.sh + r * g.dh - g.pt) * g.w + q * g.dw - g.pl;
    float* o = out + oy * g.ow;
    for (std::int64_t ox = x0; ox < x1; ++ox) o[ox] += w * row[ox * g.sw];
  }
}

/// Conv of X with weights W [M][C/group][k...] and bias (empty: none).
OnnxValue convolve(const Op& op, const OnnxValue& x, const Dims& wshape, const std::vector<float>& w,
                   const std::vector<float>& bias) {
  if (x.type != Type::kFloat) op.fail("X must be float");
  const Window g = window(op, x.shape, Dims(wshape.begin() + 2, wshape.end()), false);
  const std::int64_t group = op.attr_int("group", 1), m_count = wshape[0];
  if (group < 1 || g.c % group != 0 || m_count % group != 0 || wshape[1] != g.c / group)
    op.fail("weights " + dims_text(wshape) + " and group " + std::to_string(group) +
            " do not fit input " + dims_text(x.shape));
  if (!bias.empty() && std::int64_t(bias.size()) != m_count) op.fail("bias size is not M");
  const std::int64_t cg = g.c / group, mg = m_count / group, plane = g.oh * g.ow, in_plane = g.h * g.w;
  OnnxValue y = OnnxValue::floats(window_output(g, m_count, x.shape.size()),
                                  std::vector<float>(std::size_t(g.n * m_count * plane)));
  for (std::int64_t b = 0; b < g.n; ++b)
    for (std::int64_t m = 0; m < m_count; ++m) {
      float* out = y.f.data() + (b * m_count + m) * plane;
      std::fill(out, out + plane, bias.empty() ? 0.f : bias[std::size_t(m)]);
      const float* wm = w.data() + m * cg * g.kh * g.kw;
      for (std::int64_t c = 0; c < cg; ++c) {
        const float* in = x.f.data() + (b * g.c + (m / mg) * cg + c) * in_plane;
        for (std::int64_t r = 0; r < g.kh; ++r)
          for (std::int64_t q = 0; q < g.kw; ++q, ++wm)
            if (*wm != 0.f) conv_tap(g, *wm, in, out, r, q);
      }
    }
  return y;
}

Values max_pool(const Op& op) {
  if (op.n.output_size() > 1 && !op.n.output(1).empty()) op.fail("the Indices output is not supported");
  const OnnxValue& x = op.input(0);
  const Window g = window(op, x.shape, op.attr_ints("kernel_shape"), op.attr_int("ceil_mode", 0) != 0);
  OnnxValue y = OnnxValue::floats(window_output(g, g.c, x.shape.size()), {});
  y.f.assign(std::size_t(g.n * g.c * g.oh * g.ow), -std::numeric_limits<float>::infinity());
  float* out = y.f.data();
  for (std::int64_t p = 0; p < g.n * g.c; ++p) {
    const float* in = op.floats(0).data() + p * g.h * g.w;
    for (std::int64_t oy = 0; oy < g.oh; ++oy) {
      // Only the taps r whose row oy * sh - pt + r * dh lies inside the input (valid() read
      // with taps for outputs): a 2^16 x 2^16 window costs what the input holds, not its size.
      const auto [r0, r1] = valid(oy * g.sh - g.pt, g.dh, g.h, g.kh);
      for (std::int64_t ox = 0; ox < g.ow; ++ox, ++out) {
        const auto [q0, q1] = valid(ox * g.sw - g.pl, g.dw, g.w, g.kw);
        for (std::int64_t r = r0; r < r1; ++r)
          for (std::int64_t q = q0; q < q1; ++q)
            *out = std::max(*out, in[(oy * g.sh - g.pt + r * g.dh) * g.w + ox * g.sw - g.pl +
                                     q * g.dw]);
      }
    }
  }
  return {y};
}

Values global_average_pool(const Op& op) {
  const OnnxValue& x = op.input(0);
  if (x.shape.size() < 3) op.fail("input must be [N][C][spatial...]");
  const std::int64_t planes = x.shape[0] * x.shape[1], size = count(x.shape) / planes;
  Dims shape(x.shape.size(), 1);
  shape[0] = x.shape[0], shape[1] = x.shape[1];
  std::vector<float> y(static_cast<std::size_t>(planes));
  for (std::int64_t p = 0; p < planes; ++p) {
    double acc = 0;
    for (std::int64_t k = 0; k < size; ++k) acc += op.floats(0)[std::size_t(p * size + k)];
    y[std::size_t(p)] = float(acc / double(size));
  }
  return {OnnxValue::floats(shape, std::move(y))};
}

Values batch_norm(const Op& op) {
  if (op.s.skip_norms.count(onnx_detail::layer_name(op.n)) != 0) return {op.input(0)};
  op.require_attr("training_mode", 0);
  const OnnxValue& x = op.input(0);
  if (x.shape.size() < 2) op.fail("input must be [N][C]...");
  const std::vector<float> &gamma = op.floats(1), &beta = op.floats(2);
  const std::vector<float> &mean = op.floats(3), &var = op.floats(4);
  const float eps = op.attr_float("epsilon", 1e-5f);
  const std::int64_t c_count = x.shape[1], size = count(x.shape) / (x.shape[0] * c_count);
  for (const auto* p : {&gamma, &beta, &mean, &var})
    if (std::int64_t(p->size()) != c_count) op.fail("parameters need one value per channel");
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  for (std::int64_t k = 0; k < std::int64_t(y.f.size()); ++k) {
    const auto c = std::size_t((k / size) % c_count);
    y.f[std::size_t(k)] = (y.f[std::size_t(k)] - mean[c]) / std::sqrt(var[c] + eps) * gamma[c] + beta[c];
  }
  return {y};
}

}  // namespace axsim::workloads::onnx_exec
