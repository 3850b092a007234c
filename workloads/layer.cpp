// SPDX-License-Identifier: Apache-2.0
#include "workloads/layer.hpp"

#include <stdexcept>

namespace axsim::workloads {

const char* to_string(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv: return "conv";
    case LayerKind::kFullyConnected: return "fc";
    case LayerKind::kLstm: return "lstm";
  }
  return "?";
}

void FixedPoint::throw_no_level(std::int32_t code) {
  throw std::invalid_argument("code " + std::to_string(code) +
                              " has no level in the trace's fixed-point table");
}

const char* to_string(FixedPoint::Accumulate a) {
  return a == FixedPoint::Accumulate::kExact ? "exact" : "shift_saturate";
}

std::int64_t LayerShape::cols() const {
  if (kind == LayerKind::kLstm) return std::int64_t{in_channels} + recurrent_in;
  return std::int64_t{in_channels / groups} * kernel_h * kernel_w;
}

std::uint64_t LayerShape::input_count() const {
  if (kind == LayerKind::kLstm) return std::uint64_t(cols());
  return std::uint64_t(in_channels) * in_h * in_w;
}

std::uint64_t LayerShape::stored_input_count() const {
  if (kind != LayerKind::kLstm) return input_count();
  return std::uint64_t(seq_len) * std::uint64_t(in_channels) + std::uint64_t(recurrent_in);
}

std::uint64_t LayerShape::output_count() const {
  return std::uint64_t(out_channels) * out_h() * out_w();
}

std::uint64_t LayerShape::macs() const {
  const std::uint64_t steps = kind == LayerKind::kLstm ? std::uint64_t(seq_len) : 1;
  return steps * output_count() * std::uint64_t(cols());
}

LayerShape LayerShape::step_shape() const {
  if (kind != LayerKind::kLstm) return *this;
  LayerShape s;
  s.kind = LayerKind::kFullyConnected;
  s.in_channels = static_cast<int>(cols());
  s.out_channels = out_channels;
  return s;
}

const WeightEncoding* Layer::encoding(const std::string& format) const {
  for (const WeightEncoding& e : encodings)
    if (e.format == format) return &e;
  return nullptr;
}

std::vector<std::string> Layer::formats() const {
  std::vector<std::string> out;
  for (const WeightEncoding& e : encodings) out.push_back(e.format);
  return out;
}

std::vector<std::int32_t> step_input(const LayerShape& shape,
                                     const std::vector<std::int32_t>& stored) {
  if (shape.kind != LayerKind::kLstm) return stored;
  const auto in = static_cast<std::ptrdiff_t>(shape.in_channels);
  const auto rec = static_cast<std::ptrdiff_t>(shape.recurrent_in);
  std::vector<std::int32_t> step(stored.begin(), stored.begin() + in);
  step.insert(step.end(), stored.end() - rec, stored.end());
  return step;
}

std::vector<std::int32_t> Layer::step_input() const { return workloads::step_input(shape, input_q); }

}  // namespace axsim::workloads
