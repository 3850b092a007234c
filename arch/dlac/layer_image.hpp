// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/dense_layer.hpp"
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

/// A conv or fc layer as dLAC runs it: the weight levels of the stored `dense` encoding (2-bit
/// ternary codes, or 16-bit levels for a full-precision layer), the inputs rounded to the
/// datapath's format, and the passes. Ternary layers (non-zero levels: one positive and one
/// negative value) run without multiplies: each output keeps a sum per sign, scaled at the end
/// (ptWiseOp).
struct DlacLayer : DenseLayer {
  workloads::FloatFormat format = workloads::FloatFormat::kFp16;
  bool ternary = false;
  std::int32_t positive = 0, negative = 0;  ///< the ternary levels
  std::vector<double> x;                    ///< the inputs [C][H][W], in the format
  std::vector<Pass> passes;

  double weight(int m, std::int32_t level) const;
  /// The input term k of output pixel p in group g (0 where the window leaves the plane).
  double activation(int g, int k, int p) const {
    const std::int64_t i = input_index(g, k, p);
    return i < 0 ? 0.0 : x[std::size_t(i)];
  }
};

/// Throws sim::ConfigError naming the layer when dLAC cannot run it (an lstm, no `dense`
/// encoding, codes without levels).
void check_runnable(const workloads::Layer& layer, const DlacSpec& spec);
DlacLayer prepare_layer(const workloads::Layer& layer, const DlacSpec& spec);

}  // namespace axsim::arch::dlac
