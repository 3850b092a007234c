// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/layer_image.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch::dlac {

namespace {

const workloads::WeightEncoding& dense_encoding(const workloads::Layer& l) {
  const workloads::WeightEncoding* e = l.encoding("dense");
  if (e == nullptr) throw sim::ConfigError("layer " + l.name + ": dLAC reads the dense encoding");
  return *e;
}

/// The passes of one group: output-channel tiles of pe_rows x B, pixel tiles of pe_cols.
void add_passes(DlacLayer& d, const DlacSpec& s, int group) {
  const int tile_m = s.pe_rows * s.ofm_buffers;
  for (int m0 = group * d.mg; m0 < (group + 1) * d.mg; m0 += tile_m)
    for (int p0 = 0; p0 < d.pixels; p0 += s.pe_cols)
      d.passes.push_back({group, m0, std::min(m0 + tile_m, (group + 1) * d.mg), p0});
}

/// The non-zero levels, if they are one positive and one negative value at most.
void find_ternary(DlacLayer& d) {
  d.ternary = true;
  for (const std::int32_t v : d.levels) {
    std::int32_t& slot = v > 0 ? d.positive : d.negative;
    if (v == 0 || v == slot) continue;
    if (slot != 0) {
      d.ternary = false, d.positive = d.negative = 0;
      return;
    }
    slot = v;
  }
}

}  // namespace

double DlacLayer::weight(int m, std::int32_t lvl) const {
  return workloads::round_to(format, double(lvl) * row_scale[std::size_t(m)]);
}

double DlacLayer::activation(int g, int k, int p) const {
  const int rs = shape.kernel_h * shape.kernel_w;
  const int c = g * cg + k / rs, r = (k % rs) / shape.kernel_w, q = k % shape.kernel_w;
  const int ow = shape.out_w(), oy = p / ow, ox = p % ow;
  const int y = oy * shape.stride - shape.pad + r, xx = ox * shape.stride - shape.pad + q;
  if (y < 0 || y >= shape.in_h || xx < 0 || xx >= shape.in_w) return 0;
  return x[(std::size_t(c) * std::size_t(shape.in_h) + std::size_t(y)) * std::size_t(shape.in_w) + std::size_t(xx)];
}

void check_runnable(const workloads::Layer& l, const DlacSpec& /*spec*/) {
  if (l.shape.kind == workloads::LayerKind::kLstm)
    throw sim::ConfigError("layer " + l.name + ": dLAC runs conv and fc layers (mmOp), not lstm");
  dense_encoding(l);
}

DlacLayer prepare_layer(const workloads::Layer& l, const DlacSpec& s) {
  const workloads::WeightEncoding& e = dense_encoding(l);
  DlacLayer d;
  d.name = l.name, d.shape = l.shape.step_shape(), d.format = s.format, d.relu = l.relu_after;
  d.cg = d.shape.in_channels / d.shape.groups, d.mg = d.shape.out_channels / d.shape.groups;
  d.k_count = int(d.shape.cols()), d.pixels = d.shape.out_h() * d.shape.out_w();
  try {
    d.levels = workloads::decode(workloads::to_encoded(e), d.shape.rows(), d.shape.cols(),
                                 e.code_bits, workloads::decode_spec(e, l.shape)).codes;
    for (std::int32_t& v : d.levels) v = l.fixed_point.level(v);
  } catch (const std::invalid_argument& ex) {
    throw sim::ConfigError("layer " + l.name + ": its dense weights do not decode: " + ex.what());
  }
  d.weight_bits = std::uint64_t(d.levels.size()) * std::uint64_t(e.code_bits);
  const auto& rs = l.fixed_point.row_scales;
  for (int m = 0; m < d.shape.out_channels; ++m)
    d.row_scale.push_back(l.fixed_point.weight_scale * (rs.empty() ? 1.0 : double(rs[std::size_t(m)])));
  const std::vector<std::int32_t> input = l.step_input();
  if (input.size() != d.shape.input_count())
    throw sim::ConfigError("layer " + l.name + ": the trace holds " + std::to_string(input.size()) +
                           " inputs, the layer needs " + std::to_string(d.shape.input_count()));
  d.x.reserve(input.size());
  for (const std::int32_t q : input) d.x.push_back(workloads::round_to(s.format, double(q) * l.input_scale));
  find_ternary(d);
  for (int g = 0; g < d.shape.groups; ++g) add_passes(d, s, g);
  return d;
}

}  // namespace axsim::arch::dlac
