// SPDX-License-Identifier: Apache-2.0
#include "workloads/model/model.hpp"

#include <stdexcept>

namespace axsim::workloads {

std::size_t Tensor::numel() const {
  std::size_t n = shape.empty() ? 0 : 1;
  for (std::int64_t d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

const char* to_string(OpKind kind) {
  switch (kind) {
    case OpKind::kConv: return "conv";
    case OpKind::kFullyConnected: return "fc";
    case OpKind::kLstm: return "lstm";
  }
  return "?";
}

std::int64_t ModelLayer::rows() const {
  return kind == OpKind::kLstm ? 4 * std::int64_t(out_channels) : out_channels;
}

std::int64_t ModelLayer::cols() const {
  switch (kind) {
    case OpKind::kConv: return std::int64_t(in_channels / groups) * kernel_h * kernel_w;
    case OpKind::kFullyConnected: return in_channels;
    case OpKind::kLstm: return std::int64_t(in_channels) + recurrent_in;
  }
  return 0;
}

float ModelLayer::matrix_at(std::int64_t r, std::int64_t c) const {
  if (kind == OpKind::kLstm && c >= in_channels)
    return recurrent.data[std::size_t(r * recurrent_in + (c - in_channels))];
  const std::int64_t w_cols = kind == OpKind::kLstm ? in_channels : cols();
  return weights.data[std::size_t(r * w_cols + c)];
}

std::vector<float> ModelLayer::matrix() const {
  if (kind != OpKind::kLstm) return weights.data;
  std::vector<float> m(std::size_t(rows() * cols()));
  for (std::int64_t r = 0; r < rows(); ++r)
    for (std::int64_t c = 0; c < cols(); ++c) m[std::size_t(r * cols() + c)] = matrix_at(r, c);
  return m;
}

void ModelLayer::set_matrix(const std::vector<float>& m) {
  if (m.size() != std::size_t(rows() * cols()))
    throw std::logic_error("set_matrix: size mismatch for layer " + name);
  if (kind != OpKind::kLstm) {
    weights.data = m;
    return;
  }
  for (std::int64_t r = 0; r < rows(); ++r)
    for (std::int64_t c = 0; c < cols(); ++c) {
      const float v = m[std::size_t(r * cols() + c)];
      if (c < in_channels) weights.data[std::size_t(r * in_channels + c)] = v;
      else recurrent.data[std::size_t(r * recurrent_in + (c - in_channels))] = v;
    }
}

ModelLayer ModelLayer::geometry() const {
  ModelLayer g;
  g.name = name, g.kind = kind;
  g.weights.shape = weights.shape, g.recurrent.shape = recurrent.shape, g.bias.shape = bias.shape;
  g.projection.shape = projection.shape;
  g.in_channels = in_channels, g.in_h = in_h, g.in_w = in_w, g.out_channels = out_channels;
  g.kernel_h = kernel_h, g.kernel_w = kernel_w, g.groups = groups;
  g.stride_h = stride_h, g.stride_w = stride_w, g.pad_h = pad_h, g.pad_w = pad_w;
  g.seq_len = seq_len, g.recurrent_in = recurrent_in;
  g.weight_density = weight_density, g.act_density = act_density;
  g.act_density_source = act_density_source;
  g.relu_after = relu_after, g.pool_after = pool_after, g.pool_stride = pool_stride;
  g.folded_norm = folded_norm;
  return g;
}

LayerShape shape_of(const ModelLayer& l) {
  LayerShape s;
  s.in_channels = l.in_channels, s.out_channels = static_cast<int>(l.rows());
  switch (l.kind) {
    case OpKind::kConv:
      s.kind = LayerKind::kConv;
      s.in_h = l.in_h, s.in_w = l.in_w, s.kernel_h = l.kernel_h, s.kernel_w = l.kernel_w;
      s.stride_h = l.stride_h, s.stride_w = l.stride_w, s.pad_h = l.pad_h, s.pad_w = l.pad_w;
      s.groups = l.groups;
      break;
    case OpKind::kFullyConnected: s.kind = LayerKind::kFullyConnected; break;
    case OpKind::kLstm:
      s.kind = LayerKind::kLstm;
      s.seq_len = l.seq_len, s.recurrent_in = l.recurrent_in;
      break;
  }
  return s;
}

}  // namespace axsim::workloads
