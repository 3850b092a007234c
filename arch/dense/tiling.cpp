// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/tiling.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::arch::dense {

namespace {

std::uint64_t half_elements(const SramSpec& s) { return s.capacity_bytes * 8 / s.element_bits / 2; }

int largest_ct(const std::string& layer, const workloads::LayerShape& s, int mt,
               const DenseSpec& spec) {
  const std::uint64_t plane = std::uint64_t(s.in_h) * s.in_w;
  const std::uint64_t kernel = std::uint64_t(mt) * s.kernel_h * s.kernel_w;
  const std::uint64_t by_input = half_elements(spec.input_buffer) / plane;
  const std::uint64_t by_weight = half_elements(spec.weight_buffer) / kernel;
  if (by_input == 0)
    throw sim::ConfigError("layer " + layer + ": one input channel (" + std::to_string(plane) +
                        " values) does not fit half the input buffer");
  if (by_weight == 0)
    throw sim::ConfigError("layer " + layer + ": one channel of " + std::to_string(mt) +
                        " filters does not fit half the weight buffer");
  return static_cast<int>(std::min<std::uint64_t>({by_input, by_weight, std::uint64_t(s.in_channels)}));
}

}  // namespace

TilePlan plan_tiles(const std::string& layer, const workloads::LayerShape& s,
                    const DenseSpec& spec) {
  TilePlan plan;
  const int pixels = s.out_h() * s.out_w();
  plan.mt = std::min(s.out_channels, spec.pe_rows);
  const std::uint64_t out_half = half_elements(spec.output_buffer);
  const std::uint64_t pt_fit = out_half / plan.mt / spec.pe_cols * spec.pe_cols;
  if (pt_fit == 0)
    throw sim::ConfigError("layer " + layer + ": a " + std::to_string(plan.mt) + "x" +
                        std::to_string(spec.pe_cols) +
                        " block of partial sums does not fit half the output buffer");
  plan.pt = static_cast<int>(std::min<std::uint64_t>(pt_fit, pixels));
  plan.ct = largest_ct(layer, s, plan.mt, spec);
  for (int m0 = 0; m0 < s.out_channels; m0 += plan.mt)
    for (int p0 = 0; p0 < pixels; p0 += plan.pt)
      for (int c0 = 0; c0 < s.in_channels; c0 += plan.ct) {
        Tile t;
        t.m0 = m0, t.mt = std::min(plan.mt, s.out_channels - m0);
        t.p0 = p0, t.pt = std::min(plan.pt, pixels - p0);
        t.c0 = c0, t.ct = std::min(plan.ct, s.in_channels - c0);
        t.first_c = c0 == 0;
        t.last_c = c0 + t.ct >= s.in_channels;
        plan.tiles.push_back(t);
      }
  return plan;
}

}  // namespace axsim::arch::dense
