// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/tiling.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::arch::dense {

namespace {

std::uint64_t half_elements(const SramSpec& s) { return s.capacity_bytes * 8 / s.element_bits / 2; }

// Input channels per c-block: as many as the weight half holds for mt filters and, when whole
// planes are loaded (not banded), as many planes as the input half holds.
int largest_ct(const std::string& layer, const workloads::LayerShape& s, int mt,
               const DenseSpec& spec, bool banded) {
  const std::uint64_t plane = std::uint64_t(s.in_h) * s.in_w;
  const std::uint64_t kernel = std::uint64_t(mt) * s.kernel_h * s.kernel_w;
  const std::uint64_t by_input =
      banded ? std::uint64_t(s.in_channels) : half_elements(spec.input_buffer) / plane;
  const std::uint64_t by_weight = half_elements(spec.weight_buffer) / kernel;
  if (by_input == 0)
    throw sim::ConfigError("layer " + layer + ": neither one input channel (" +
                           std::to_string(plane) + " values) nor the input rows of one output "
                           "row in every channel fit half the input buffer");
  if (by_weight == 0)
    throw sim::ConfigError("layer " + layer + ": one channel of " + std::to_string(mt) +
                        " filters does not fit half the weight buffer");
  return static_cast<int>(std::min<std::uint64_t>({by_input, by_weight, std::uint64_t(s.in_channels)}));
}

// Output rows per band for an input that does not fit half the input buffer: the most rows
// whose input rows of every channel fit, at most (rows - 1) x stride + R of them; 0 when not
// even one row's do.
int rows_per_band(const workloads::LayerShape& s, const DenseSpec& spec) {
  const std::uint64_t half = half_elements(spec.input_buffer);
  const std::uint64_t row = std::uint64_t(s.in_channels) * s.in_w;
  if (row * s.in_h <= half) return 0;  // fits whole: no bands
  int rows = 0;
  while (rows < s.out_h() &&
         row * std::uint64_t(std::min(s.in_h, rows * s.stride_h + s.kernel_h)) <= half)
    ++rows;
  return rows;
}

// Whether whole planes would be reloaded for every output-channel block: the input needs more
// than the two c-blocks the input halves keep between tiles.
bool planes_reload(const workloads::LayerShape& s, int mt, const DenseSpec& spec) {
  const std::uint64_t by_input = half_elements(spec.input_buffer) / (std::uint64_t(s.in_h) * s.in_w);
  const std::uint64_t by_weight =
      half_elements(spec.weight_buffer) / (std::uint64_t(mt) * s.kernel_h * s.kernel_w);
  const std::uint64_t ct = std::min<std::uint64_t>({by_input, by_weight, std::uint64_t(s.in_channels)});
  return ct == 0 || (std::uint64_t(s.in_channels) + ct - 1) / ct > 2;
}

// The input rows output rows [r0, r1) read (padding rows excluded).
void band_input(const workloads::LayerShape& s, int r0, int r1, Tile& t) {
  t.in_y0 = std::max(0, r0 * s.stride_h - s.pad_h);
  t.in_rows = std::min(s.in_h, (r1 - 1) * s.stride_h - s.pad_h + s.kernel_h) - t.in_y0;
}

}  // namespace

TilePlan plan_tiles(const std::string& layer, const workloads::LayerShape& s,
                    const DenseSpec& spec) {
  TilePlan plan;
  const int out_w = s.out_w();
  plan.mt = std::min(s.out_channels, spec.pe_rows);
  const std::uint64_t out_half = half_elements(spec.output_buffer);
  const std::uint64_t pt_fit = out_half / plan.mt / spec.pe_cols * spec.pe_cols;
  if (pt_fit == 0)
    throw sim::ConfigError("layer " + layer + ": a " + std::to_string(plan.mt) + "x" +
                        std::to_string(spec.pe_cols) +
                        " block of partial sums does not fit half the output buffer");
  const int rows = rows_per_band(s, spec);
  plan.banded = rows > 0 && planes_reload(s, plan.mt, spec);
  plan.band_rows = plan.banded ? rows : s.out_h();
  plan.bands = (s.out_h() + plan.band_rows - 1) / plan.band_rows;
  plan.pt = static_cast<int>(std::min<std::uint64_t>(pt_fit, std::uint64_t(plan.band_rows) * out_w));
  plan.ct = largest_ct(layer, s, plan.mt, spec, plan.banded);
  for (int band = 0; band < plan.bands; ++band) {
    const int r0 = band * plan.band_rows, r1 = std::min(s.out_h(), r0 + plan.band_rows);
    for (int m0 = 0; m0 < s.out_channels; m0 += plan.mt)
      for (int p0 = r0 * out_w; p0 < r1 * out_w; p0 += plan.pt)
        for (int c0 = 0; c0 < s.in_channels; c0 += plan.ct) {
          Tile t;
          t.m0 = m0, t.mt = std::min(plan.mt, s.out_channels - m0);
          t.p0 = p0, t.pt = std::min(plan.pt, r1 * out_w - p0);
          t.c0 = c0, t.ct = std::min(plan.ct, s.in_channels - c0);
          t.first_c = c0 == 0;
          t.last_c = c0 + t.ct >= s.in_channels;
          if (plan.banded) {  // one block per band: its rows of every channel
            t.in_c0 = 0, t.in_ct = s.in_channels, t.input_block = band;
            band_input(s, r0, r1, t);
          } else {  // whole planes of the tile's channels
            t.in_c0 = t.c0, t.in_ct = t.ct, t.input_block = t.c0;
            t.in_y0 = 0, t.in_rows = s.in_h;
          }
          plan.tiles.push_back(t);
        }
  }
  return plan;
}

}  // namespace axsim::arch::dense
