// SPDX-License-Identifier: Apache-2.0
// The floating-point rule of a layer: dense loops over the decoded levels, in the order the rule
// fixes, every operation rounded to the format.
#include "workloads/reference/float_layer.hpp"

#include <algorithm>
#include <stdexcept>

#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads {

TernaryLevels ternary_levels(const std::vector<std::int32_t>& levels) {
  TernaryLevels t;
  t.ternary = true;
  for (const std::int32_t v : levels) {
    std::int32_t& slot = v > 0 ? t.positive : t.negative;
    if (v == 0 || slot == v) continue;
    if (slot != 0) return TernaryLevels{};
    slot = v;
  }
  return t;
}

namespace {

struct FloatTerms {
  FloatFormat f;
  LayerShape s;
  std::vector<std::int32_t> levels;
  std::vector<double> x;          ///< the inputs in the format
  std::vector<double> row_scale;  ///< per output row: weight_scale x row scale
  TernaryLevels t;

  double weight(std::int64_t m, std::int32_t level) const {
    return round_to(f, double(level) * row_scale[std::size_t(m)]);
  }

  /// One output: its non-zero terms in ascending (c, r, s), by the rule.
  double output(int m, int oy, int ox) const {
    const int cg = s.in_channels / s.groups, mg = s.out_channels / s.groups;
    double sum = 0, sum_p = 0, sum_n = 0;
    for (int c = 0; c < cg; ++c)
      for (int r = 0; r < s.kernel_h; ++r)
        for (int q = 0; q < s.kernel_w; ++q) {
          const int y = oy * s.stride_h - s.pad_h + r, xx = ox * s.stride_w - s.pad_w + q;
          if (y < 0 || y >= s.in_h || xx < 0 || xx >= s.in_w) continue;
          const std::int32_t w = levels[((std::size_t(m) * cg + c) * s.kernel_h + r) * s.kernel_w + q];
          const double a = x[((std::size_t(m / mg) * cg + c) * s.in_h + y) * s.in_w + xx];
          if (w == 0 || a == 0) continue;
          if (!t.ternary) sum = fadd(f, sum, fmul(f, weight(m, w), a));
          else if (w > 0) sum_p = fadd(f, sum_p, a);
          else sum_n = fadd(f, sum_n, a);
        }
    if (!t.ternary) return sum;
    return fadd(f, fmul(f, weight(m, t.positive), sum_p), fmul(f, weight(m, t.negative), sum_n));
  }
};

}  // namespace

std::vector<std::int32_t> float_reference_output(const Layer& l, FloatFormat format) {
  FloatTerms ft{format, l.shape.step_shape(), weight_levels(l), {}, {}, {}};
  const std::vector<std::int32_t> input = l.step_input();
  checked_step_shape(l.shape, ft.levels, input, "layer " + l.name);
  for (const std::int32_t q : input) ft.x.push_back(round_to(format, double(q) * l.input_scale));
  const auto& rs = l.fixed_point.row_scales;
  for (int m = 0; m < ft.s.out_channels; ++m)
    ft.row_scale.push_back(l.fixed_point.weight_scale * (rs.empty() ? 1.0 : double(rs[std::size_t(m)])));
  ft.t = ternary_levels(ft.levels);
  const int oh = ft.s.out_h(), ow = ft.s.out_w();
  std::vector<std::int32_t> out;
  out.reserve(ft.s.output_count());
  for (int m = 0; m < ft.s.out_channels; ++m)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        double y = ft.output(m, oy, ox);
        if (l.relu_after && !(y > 0)) y = 0;
        out.push_back(float_bits(format, y));
      }
  return out;
}

}  // namespace axsim::workloads
