// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dense_layer.hpp"

#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch {

namespace {

const workloads::WeightEncoding& dense_encoding(const workloads::Layer& l, const std::string& unit) {
  const workloads::WeightEncoding* e = l.encoding("dense");
  if (e == nullptr) throw sim::ConfigError("layer " + l.name + ": " + unit + " reads the dense encoding");
  return *e;
}

}  // namespace

std::int64_t DenseLayer::input_index(int g, int k, int p) const {
  const int rs = shape.kernel_h * shape.kernel_w;
  const int c = g * cg + k / rs, r = (k % rs) / shape.kernel_w, q = k % shape.kernel_w;
  const int ow = shape.out_w(), oy = p / ow, ox = p % ow;
  const int y = oy * shape.stride_h - shape.pad_h + r, x = ox * shape.stride_w - shape.pad_w + q;
  if (y < 0 || y >= shape.in_h || x < 0 || x >= shape.in_w) return -1;
  return (std::int64_t{c} * shape.in_h + y) * shape.in_w + x;
}

void check_dense_layer(const workloads::Layer& l, const std::string& unit, bool lstm_steps) {
  if (l.shape.kind == workloads::LayerKind::kLstm && !lstm_steps)
    throw sim::ConfigError("layer " + l.name + ": " + unit + " runs conv and fc layers, not lstm");
  dense_encoding(l, unit);
}

DenseLayer read_dense_layer(const workloads::Layer& l, const std::string& unit) {
  const workloads::WeightEncoding& e = dense_encoding(l, unit);
  DenseLayer d;
  d.name = l.name, d.shape = l.shape.step_shape(), d.relu = l.relu_after;
  d.lstm_step = l.shape.kind == workloads::LayerKind::kLstm;
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
  d.input = l.step_input();
  if (d.input.size() != d.shape.input_count())
    throw sim::ConfigError("layer " + l.name + ": the trace holds " + std::to_string(d.input.size()) +
                           " inputs, the layer needs " + std::to_string(d.shape.input_count()));
  d.input_scale = l.input_scale, d.input_bits = l.input_bits;
  return d;
}

}  // namespace axsim::arch
