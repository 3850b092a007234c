// SPDX-License-Identifier: Apache-2.0
#include "workloads/reference/useful_macs.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads {

namespace {

// Non-zero inputs of one channel on the strided lattices: grid (ry, rx) holds the positions
// y = ry + sh i, x = rx + sw j (sh, sw: the strides along the rows and the columns), as a 2-D
// prefix sum, so any rectangle of a lattice is counted in O(1).
class LatticeCounts {
 public:
  LatticeCounts(const std::int32_t* plane, int h, int w, int sh, int sw)
      : sh_(sh), sw_(sw), rows_((h + sh - 1) / sh + 1), cols_((w + sw - 1) / sw + 1) {
    sums_.assign(std::size_t(sh) * sw * rows_ * cols_, 0);
    for (int ry = 0; ry < sh; ++ry)
      for (int rx = 0; rx < sw; ++rx) {
        std::uint32_t* g = sums_.data() + offset(ry, rx);
        for (int i = 1; i < rows_; ++i)
          for (int j = 1; j < cols_; ++j) {
            const int y = ry + (i - 1) * sh, x = rx + (j - 1) * sw;
            const std::uint32_t nz = y < h && x < w && plane[y * w + x] != 0;
            g[i * cols_ + j] = nz + g[(i - 1) * cols_ + j] + g[i * cols_ + j - 1] -
                               g[(i - 1) * cols_ + j - 1];
          }
      }
  }
  /// Non-zero inputs at y = y0 + sh i (i < ny), x = x0 + sw j (j < nx).
  std::uint64_t count(int y0, int ny, int x0, int nx) const {
    if (ny <= 0 || nx <= 0) return 0;
    const std::uint32_t* g = sums_.data() + offset(y0 % sh_, x0 % sw_);
    const int i0 = y0 / sh_, j0 = x0 / sw_, i1 = i0 + ny, j1 = j0 + nx;
    return std::uint64_t(g[i1 * cols_ + j1]) - g[i0 * cols_ + j1] - g[i1 * cols_ + j0] +
           g[i0 * cols_ + j0];
  }

 private:
  std::size_t offset(int ry, int rx) const {
    return (std::size_t(ry) * sw_ + rx) * std::size_t(rows_) * cols_;
  }
  int sh_, sw_, rows_, cols_;
  std::vector<std::uint32_t> sums_;
};

// The output indices o in [0, n_out) whose input position o x stride + d lies in [0, n_in):
// the first such o and how many.
struct Span {
  int first = 0, count = 0;
};
Span valid_outputs(int d, int stride, int n_in, int n_out) {
  const int lo = d >= 0 ? 0 : (-d + stride - 1) / stride;
  const int hi = std::min(n_out - 1, (n_in - 1 - d) >= 0 ? (n_in - 1 - d) / stride : -1);
  return {lo, std::max(0, hi - lo + 1)};
}

}  // namespace

std::uint64_t useful_macs(const Layer& layer) {
  if (layer.shape.step_shape().kind != LayerKind::kFullyConnected)
    return useful_macs(layer.shape, weight_levels(layer), layer.step_input());
  // A product of the step's matrix: each column's non-zero weights times whether its input is
  // non-zero, counted from the stored entries (no dense matrix).
  if (layer.encodings.empty()) throw std::invalid_argument("layer " + layer.name + " stores no weights");
  const WeightEncoding& e = layer.encodings.front();
  const std::vector<std::uint64_t> per_column =
      column_counts(e.format, e.bytes, e.signed_codes, layer.shape.rows(), layer.shape.cols(),
                    e.code_bits, decode_spec(e, layer.shape),
                    [&](std::int32_t code) { return layer.fixed_point.level(code) != 0; });
  const std::vector<std::int32_t> input = layer.step_input();
  if (input.size() != per_column.size())
    throw std::invalid_argument("useful MACs: " + std::to_string(input.size()) + " inputs for " +
                                std::to_string(per_column.size()) + " columns");
  std::uint64_t useful = 0;
  for (std::size_t c = 0; c < input.size(); ++c) useful += input[c] != 0 ? per_column[c] : 0;
  return useful;
}

std::uint64_t useful_macs(const LayerShape& shape, const std::vector<std::int32_t>& levels,
                          const std::vector<std::int32_t>& input) {
  const LayerShape s = checked_step_shape(shape, levels, input, "useful MACs");
  const int cg = s.in_channels / s.groups, mg = s.out_channels / s.groups;
  const std::size_t plane = std::size_t(s.in_h) * s.in_w;
  std::vector<LatticeCounts> channels;
  channels.reserve(std::size_t(s.in_channels));
  for (int c = 0; c < s.in_channels; ++c)
    channels.emplace_back(input.data() + std::size_t(c) * plane, s.in_h, s.in_w, s.stride_h, s.stride_w);
  std::vector<Span> rows, cols;  // per kernel row / column: the outputs it reaches
  for (int r = 0; r < s.kernel_h; ++r)
    rows.push_back(valid_outputs(r - s.pad_h, s.stride_h, s.in_h, s.out_h()));
  for (int q = 0; q < s.kernel_w; ++q)
    cols.push_back(valid_outputs(q - s.pad_w, s.stride_w, s.in_w, s.out_w()));
  std::uint64_t useful = 0;
  std::size_t wi = 0;
  for (int m = 0; m < s.out_channels; ++m)
    for (int c = 0; c < cg; ++c) {
      const LatticeCounts& nz = channels[std::size_t(m / mg) * cg + c];
      for (int r = 0; r < s.kernel_h; ++r)
        for (int q = 0; q < s.kernel_w; ++q, ++wi) {
          if (levels[wi] == 0) continue;
          const Span ys = rows[std::size_t(r)], xs = cols[std::size_t(q)];
          useful += nz.count(ys.first * s.stride_h + r - s.pad_h, ys.count,
                             xs.first * s.stride_w + q - s.pad_w, xs.count);
        }
    }
  return useful;
}

}  // namespace axsim::workloads
