// SPDX-License-Identifier: Apache-2.0
#include "workloads/layer.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

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

namespace {

std::string out_of_range(const char* field, std::int64_t v, std::int64_t lo, std::int64_t hi) {
  if (v >= lo && v <= hi) return "";
  return fmt::format("{} is {}, expected {}..{}", field, v, lo, hi);
}

// The fields every kind has, then the geometry of a convolution.
std::string field_problem(const LayerShape& s) {
  using L = ShapeLimits;
  const std::string checks[] = {
      out_of_range("in_channels", s.in_channels, 1, L::kMaxChannels),
      out_of_range("out_channels", s.out_channels, 1, L::kMaxChannels),
      out_of_range("groups", s.groups, 1, L::kMaxChannels),
      out_of_range("in_h", s.in_h, 1, L::kMaxSpatial),
      out_of_range("in_w", s.in_w, 1, L::kMaxSpatial),
      out_of_range("kernel_h", s.kernel_h, 1, L::kMaxSpatial),
      out_of_range("kernel_w", s.kernel_w, 1, L::kMaxSpatial),
      out_of_range("stride_h", s.stride_h, 1, L::kMaxSpatial),
      out_of_range("stride_w", s.stride_w, 1, L::kMaxSpatial),
      out_of_range("pad_h", s.pad_h, 0, s.kernel_h - 1),
      out_of_range("pad_w", s.pad_w, 0, s.kernel_w - 1),
      out_of_range("seq_len", s.seq_len, 1, L::kMaxSeqLen),
      out_of_range("recurrent_in", s.recurrent_in, 0, L::kMaxChannels),
  };
  for (const std::string& c : checks)
    if (!c.empty()) return c;
  if (s.in_channels % s.groups != 0 || s.out_channels % s.groups != 0)
    return fmt::format("groups {} does not divide in_channels {} and out_channels {}", s.groups,
                       s.in_channels, s.out_channels);
  if (s.out_h() < 1 || s.out_w() < 1)
    return fmt::format("output is {} x {}: the {} x {} kernel does not fit the {} x {} input "
                       "padded by {} x {}", s.out_h(), s.out_w(), s.kernel_h, s.kernel_w, s.in_h,
                       s.in_w, s.pad_h, s.pad_w);
  return "";
}

}  // namespace

std::string shape_problem(const LayerShape& s) {
  std::string p = field_problem(s);
  if (!p.empty()) return p;
  // Each factor is below 2^24 or 2^16 here, so a product of two cannot overflow uint64.
  const auto too_many = [](const char* what, std::uint64_t n, std::uint64_t limit) {
    return n <= limit ? std::string()
                      : fmt::format("{} {} values, above the limit of {}", n, what, limit);
  };
  const std::uint64_t cols = std::uint64_t(s.cols()), rows = std::uint64_t(s.rows());
  if (!(p = too_many("columns of", cols, ShapeLimits::kMaxValues)).empty()) return p;
  if (!(p = too_many("weight", rows * cols, ShapeLimits::kMaxValues)).empty()) return p;
  const std::uint64_t in_plane = std::uint64_t(s.in_h) * std::uint64_t(s.in_w);
  if (!(p = too_many("input plane", in_plane, ShapeLimits::kMaxValues)).empty()) return p;
  if (!(p = too_many("input", s.stored_input_count(), ShapeLimits::kMaxValues)).empty()) return p;
  if (!(p = too_many("input", s.input_count(), ShapeLimits::kMaxValues)).empty()) return p;
  if (!(p = too_many("output", s.output_count(), ShapeLimits::kMaxValues)).empty()) return p;
  // outputs < 2^31, cols < 2^31: their product < 2^62; times seq_len < 2^20 may not fit.
  const std::uint64_t per_step = s.output_count() * cols;
  if (std::uint64_t(s.seq_len) > ShapeLimits::kMaxMacs / std::max<std::uint64_t>(per_step, 1))
    return fmt::format("{} steps of {} MACs, above the limit of {}", s.seq_len, per_step,
                       ShapeLimits::kMaxMacs);
  return "";
}

void validate(const LayerShape& shape, const std::string& where) {
  const std::string p = shape_problem(shape);
  if (!p.empty())
    throw std::invalid_argument(where + ": " + to_string(shape.kind) + " layer shape: " + p);
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

bool GateTable::is_lut() const {
  for (std::int32_t s : slope)
    if (s != 0) return false;
  return true;
}

std::int32_t LstmRule::projection_level(std::int32_t code) const {
  if (projection_levels.empty()) return code;
  const std::int64_t i = std::int64_t{code} - projection_code_offset;
  if (i < 0 || i >= std::int64_t(projection_levels.size())) FixedPoint::throw_no_level(code);
  return projection_levels[std::size_t(i)];
}

}  // namespace axsim::workloads
