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
///
/// The tile reads its inputs from an input block held in one half of the input buffer: input
/// channels [in_c0, in_c0+in_ct) x input rows [in_y0, in_y0+in_rows), whole rows, identified by
/// `input_block` (tiles with the same id share the loaded block).
struct Tile {
  int m0 = 0, mt = 0, p0 = 0, pt = 0, c0 = 0, ct = 0;
  int in_c0 = 0, in_ct = 0, in_y0 = 0, in_rows = 0;
  std::int64_t input_block = 0;
  bool first_c = true, last_c = true;
  int weight_slot = 0, input_slot = 0, output_slot = 0;  ///< buffer halves, set by the controller
};

/// How a layer is cut to fit the buffers (each buffer is split in two halves for double
/// buffering: one is computed from while the other is filled or drained).
///
/// A layer whose input fits half the input buffer, or fits both halves in at most two c-blocks,
/// loads it as whole planes of ct channels (read once). One that does not is `banded`: it runs in bands of `band_rows` output rows, and the input
/// rows a band needs, of every channel, are loaded once into one half and serve every output
/// channel of the band (the next band loads into the other half). So the input crosses the
/// DRAM once, plus the rows adjacent bands share, and the weights once per band. If not even
/// one output row's input fits, the layer is not banded: whole planes of ct channels are
/// reloaded for every output-channel block. Unbanded, `band_rows` is the output height.
struct TilePlan {
  int mt = 0, pt = 0, ct = 0;
  bool banded = false;
  int band_rows = 0, bands = 1;
  std::vector<Tile> tiles;
};

/// Plans the tiles of `shape` for `spec`; throws ConfigError naming the layer and buffer when
/// neither a band of one output row nor one input channel fits.
TilePlan plan_tiles(const std::string& layer, const workloads::LayerShape& shape,
                    const DenseSpec& spec);

}  // namespace axsim::arch::dense
