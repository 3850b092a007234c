// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/dense/dense_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch::dense {

/// One unit of work for the PE array: output channels [m0, m0+mt) x output pixels [p0, p0+pt),
/// reducing over input channels [c0, c0+ct). The c-blocks of one (m, p) block are consecutive;
/// partial sums stay in the output buffer between them.
struct Tile {
  int m0 = 0, mt = 0, p0 = 0, pt = 0, c0 = 0, ct = 0;
  bool first_c = true, last_c = true;
  int weight_slot = 0, input_slot = 0, output_slot = 0;  ///< buffer halves, set by the controller
};

/// How a layer is cut to fit the buffers (each buffer is split in two halves for double
/// buffering: one is computed from while the other is filled or drained).
struct TilePlan {
  int mt = 0, pt = 0, ct = 0;
  std::vector<Tile> tiles;
};

/// Plans the tiles of `shape` for `spec`; throws ConfigError naming the layer and buffer when
/// even one input channel does not fit.
TilePlan plan_tiles(const std::string& layer, const workloads::LayerShape& shape,
                    const DenseSpec& spec);

}  // namespace axsim::arch::dense
