// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/dlac/dlac_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch::dlac {

/// One pass of the grid (mmOp): output channels [m0, m_end) of one group, ofm_buffers of them
/// per PE row (row i: m0 + i x B ...), and the pixels p0 .. p0 + pe_cols - 1, one per PE column.
struct Pass {
  int group = 0;
  int m0 = 0, m_end = 0;
  int p0 = 0;
};

/// A conv or fc layer as dLAC runs it, read from the trace: the weight levels decoded from the
/// stored `dense` encoding (2-bit ternary codes, or 16-bit levels for a full-precision layer)
/// through the fixed-point rule, the inputs rounded to the datapath's format, and the passes.
/// Ternary layers (non-zero levels: one positive and one negative value) run without
/// multiplies: each output keeps a sum per sign, scaled at the end (ptWiseOp).
struct DlacLayer {
  std::string name;
  workloads::LayerShape shape;  ///< one step (an fc layer as a 1 x 1 convolution)
  workloads::FloatFormat format = workloads::FloatFormat::kFp16;
  int cg = 1, mg = 1, k_count = 1, pixels = 1;  ///< K = cg x R x S terms per output
  bool relu = false;
  bool ternary = false;
  std::int32_t positive = 0, negative = 0;  ///< the ternary levels
  std::vector<std::int32_t> levels;         ///< [M][K]
  std::vector<double> row_scale;            ///< per output channel: weight_scale x its scale
  std::vector<double> x;                    ///< the inputs [C][H][W], in the format
  std::vector<Pass> passes;
  std::uint64_t weight_bits = 0;            ///< stored bits of the weights

  std::int32_t level(int m, int k) const { return levels[std::size_t(m) * std::size_t(k_count) + std::size_t(k)]; }
  double weight(int m, std::int32_t level) const;
  /// The input term k of output pixel p in group g (0 where the window leaves the plane).
  double activation(int g, int k, int p) const;
};

/// Throws sim::ConfigError naming the layer when dLAC cannot run it (an lstm, no `dense`
/// encoding, codes without levels).
void check_runnable(const workloads::Layer& layer, const DlacSpec& spec);
DlacLayer prepare_layer(const workloads::Layer& layer, const DlacSpec& spec);

}  // namespace axsim::arch::dlac
