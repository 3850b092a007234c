// SPDX-License-Identifier: Apache-2.0
#include "workloads/reference/quantized_layer.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "workloads/parallel.hpp"

namespace axsim::workloads {

Encoded to_encoded(const WeightEncoding& e) {
  Encoded out;
  out.format = e.format;
  out.bytes = e.bytes;
  out.signed_codes = e.signed_codes;
  return out;
}

EncodeSpec decode_spec(const WeightEncoding& e, const LayerShape& shape) {
  EncodeSpec s;
  s.num_pes = e.num_pes, s.index_bits = e.index_bits, s.pointer_bits = e.pointer_bits;
  s.channels = e.channels;
  if (shape.kind == LayerKind::kConv) s.kernel_h = shape.kernel_h, s.kernel_w = shape.kernel_w;
  return s;
}

std::vector<std::int32_t> weight_levels(const Layer& l) {
  if (l.encodings.empty()) throw std::invalid_argument("layer " + l.name + " stores no weights");
  const WeightEncoding& e = l.encodings.front();
  CodeMatrix m = decode(to_encoded(e), l.shape.rows(), l.shape.cols(), e.code_bits,
                              decode_spec(e, l.shape));
  std::vector<std::int32_t> levels = std::move(m.codes);  // in place: one matrix in memory
  const FixedPoint& fp = l.fixed_point;
  for (std::int32_t& v : levels) v = fp.level(v);
  return levels;
}

LayerShape checked_step_shape(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                              const std::vector<std::int32_t>& input, const std::string& what) {
  const LayerShape s = shape.step_shape();
  if (input.size() != s.input_count() || levels.size() != s.weight_count())
    throw std::invalid_argument(what + ": " + std::to_string(input.size()) + " inputs and " +
                                std::to_string(levels.size()) + " weights for a layer of " +
                                std::to_string(s.input_count()) + " and " +
                                std::to_string(s.weight_count()));
  return s;
}

namespace {

// A fully connected step: one dot product per output over a row of the matrix (the general
// loop below gives the same sums, with the bounds checks a convolution needs), for every input
// while the row is in the cache.
std::vector<std::vector<std::int64_t>> fc_sums(
    const LayerShape& s, const std::vector<std::int32_t>& levels,
    const std::vector<std::vector<std::int32_t>>& inputs) {
  const auto cols = std::size_t(s.in_channels);
  std::vector<std::vector<std::int64_t>> out(
      inputs.size(), std::vector<std::int64_t>(std::size_t(s.out_channels)));
  const std::size_t min_rows = (std::size_t{1} << 20) / std::max<std::size_t>(1, cols) + 1;
  parallel_ranges(std::size_t(s.out_channels), min_rows, [&](std::size_t begin, std::size_t end) {
    for (std::size_t m = begin; m < end; ++m) {
      const std::int32_t* row = levels.data() + m * cols;
      for (std::size_t t = 0; t < inputs.size(); ++t) {
        const std::int32_t* x = inputs[t].data();
        std::int64_t acc = 0;
        for (std::size_t c = 0; c < cols; ++c) acc += std::int64_t{row[c]} * x[c];
        out[t][m] = acc;
      }
    }
  });
  return out;
}

bool plain_fc(const LayerShape& s) {
  return s.kind == LayerKind::kFullyConnected && s.groups == 1 && s.in_h == 1 && s.in_w == 1 &&
         s.kernel_h == 1 && s.kernel_w == 1 && s.pad_h == 0 && s.pad_w == 0;
}

}  // namespace

std::vector<std::int64_t> exact_sums(const LayerShape& shape_in,
                                     const std::vector<std::int32_t>& levels,
                                     const std::vector<std::int32_t>& input) {
  const LayerShape s = checked_step_shape(shape_in, levels, input, "reference");
  if (plain_fc(s)) return fc_sums(s, levels, {input}).front();
  const int oh = s.out_h(), ow = s.out_w(), cg = s.in_channels / s.groups;
  const int mg = s.out_channels / s.groups;
  std::vector<std::int64_t> out(s.output_count(), 0);
  for (int m = 0; m < s.out_channels; ++m)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        std::int64_t acc = 0;
        for (int c = 0; c < cg; ++c)
          for (int r = 0; r < s.kernel_h; ++r)
            for (int q = 0; q < s.kernel_w; ++q) {
              const int y = oy * s.stride_h - s.pad_h + r, x = ox * s.stride_w - s.pad_w + q;
              if (y < 0 || y >= s.in_h || x < 0 || x >= s.in_w) continue;
              const std::size_t wi = ((std::size_t(m) * cg + c) * s.kernel_h + r) * s.kernel_w + q;
              const std::size_t ci = std::size_t(m / mg) * cg + c;
              acc += std::int64_t{levels[wi]} * input[(ci * s.in_h + y) * s.in_w + x];
            }
        out[(std::size_t(m) * oh + oy) * ow + ox] = acc;
      }
  return out;
}

std::vector<std::vector<std::int64_t>> exact_sums_each(
    const LayerShape& shape, const std::vector<std::int32_t>& levels,
    const std::vector<std::vector<std::int32_t>>& inputs) {
  std::vector<std::vector<std::int64_t>> out;
  if (inputs.empty()) return out;
  const LayerShape s = checked_step_shape(shape, levels, inputs.front(), "reference");
  if (!plain_fc(s)) {
    for (const std::vector<std::int32_t>& x : inputs) out.push_back(exact_sums(shape, levels, x));
    return out;
  }
  for (const std::vector<std::int32_t>& x : inputs)
    checked_step_shape(shape, levels, x, "reference");
  return fc_sums(s, levels, inputs);
}

namespace {

// EIE's rule on one step: acc = saturate(acc + (w x a >> shift)), inputs in ascending order.
std::vector<std::int32_t> shift_saturate(const LayerShape& shape_in,
                                         const std::vector<std::int32_t>& levels,
                                         const std::vector<std::int32_t>& input,
                                         const FixedPoint& fp) {
  const LayerShape s = shape_in.step_shape();
  if (s.kind != LayerKind::kFullyConnected)
    throw std::invalid_argument("reference: shift_saturate accumulation is defined for fc layers");
  const std::int64_t hi = (std::int64_t{1} << (fp.accumulator_bits - 1)) - 1, lo = -hi - 1;
  const auto cols = static_cast<std::size_t>(s.in_channels);
  std::vector<std::int32_t> acc(std::size_t(s.out_channels), 0);
  for (std::size_t j = 0; j < cols; ++j) {
    if (input[j] == 0) continue;
    for (std::size_t r = 0; r < acc.size(); ++r) {
      const std::int64_t w = levels[r * cols + j];
      if (w == 0) continue;
      const std::int64_t v = acc[r] + ((w * input[j]) >> fp.product_shift);
      acc[r] = static_cast<std::int32_t>(std::clamp(v, lo, hi));
    }
  }
  return acc;
}

}  // namespace

std::vector<std::int32_t> reference_output(const Layer& l) {
  const std::vector<std::int32_t> levels = weight_levels(l);
  const std::vector<std::int32_t> input = l.step_input();
  if (input.size() != l.shape.step_shape().input_count())
    throw std::invalid_argument("layer " + l.name + ": " + std::to_string(input.size()) +
                                " input activations, the shape needs " +
                                std::to_string(l.shape.step_shape().input_count()));
  std::vector<std::int32_t> out;
  if (l.fixed_point.accumulate == FixedPoint::Accumulate::kShiftSaturate) {
    out = shift_saturate(l.shape, levels, input, l.fixed_point);
  } else {
    for (std::int64_t v : exact_sums(l.shape, levels, input)) {
      if (v > std::numeric_limits<std::int32_t>::max() || v < std::numeric_limits<std::int32_t>::min())
        throw std::invalid_argument("layer " + l.name + ": an exact output exceeds 32 bits");
      out.push_back(static_cast<std::int32_t>(v));
    }
  }
  if (l.relu_after)
    for (std::int32_t& v : out) v = std::max(v, 0);
  return out;
}

}  // namespace axsim::workloads
