// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/layer_image.hpp"

#include <algorithm>

namespace axsim::arch::dlac {

namespace {

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

void check_runnable(const workloads::Layer& l, const DlacSpec& /*spec*/) { check_dense_layer(l, "dLAC"); }

DlacLayer prepare_layer(const workloads::Layer& l, const DlacSpec& s) {
  DlacLayer d;
  static_cast<DenseLayer&>(d) = read_dense_layer(l, "dLAC");
  d.format = s.format;
  d.x.reserve(d.input.size());
  for (const std::int32_t q : d.input) d.x.push_back(workloads::round_to(s.format, double(q) * d.input_scale));
  find_ternary(d);
  for (int g = 0; g < d.shape.groups; ++g) add_passes(d, s, g);
  return d;
}

}  // namespace axsim::arch::dlac
