// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/scnn/scnn_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch::scnn {

/// A non-zero input activation at input coordinates (x, y) of the PE's tile.
struct ActNz {
  std::int32_t x = 0, y = 0;
  std::int32_t value = 0;
};

/// A non-zero weight of output channel k at kernel position (r, s).
struct WeightNz {
  std::int32_t k = 0, r = 0, s = 0;
  std::int32_t value = 0;
};

/// A half-open range [lo, hi) of output coordinates.
struct Range {
  std::int32_t lo = 0, hi = 0;
  std::int32_t size() const { return hi > lo ? hi - lo : 0; }
};

/// What one PE works on: its planar tile of the input, the non-zero activations of every input
/// channel in it (IARAM, compressed), and the output region its products land in (its own
/// outputs plus the halo that belongs to its neighbours).
struct PeTile {
  Range in_x, in_y;
  Range out_x, out_y;  ///< the accumulator region: outputs its products reach, and its own
  Range own_x, own_y;  ///< the outputs this PE owns (drains); empty for a 1 x 1 (fc) input
  std::vector<std::vector<ActNz>> acts;  ///< per input channel, by stride phase, then (y, x)
  /// act_phase[c][p] .. act_phase[c][p + 1]: the activations of channel c in stride phase p
  std::vector<std::vector<std::uint32_t>> act_phase;
  std::uint64_t iaram_bytes = 0;         ///< compressed input tile (data + indices)
  std::vector<std::uint64_t> channel_bytes;  ///< the same per input channel
};

/// How the input plane is tiled over the PEs: rows x cols tiles, tile (gy, gx) on PE pe(gy, gx).
/// The paper's grid is the PE mesh itself (pe_rows x pe_cols). A layer whose output is one row
/// high (a 1-D convolution, e.g. over audio) would leave all but one mesh row idle, so it runs on
/// every PE as one chain of 1 x N tiles, snaking over the mesh (left to right on even rows, right
/// to left on odd ones) so that consecutive tiles, which exchange halos, sit on neighbouring PEs:
/// our mapping, the paper's networks have no such layer.
struct TileGrid {
  int rows = 1, cols = 1;
  int mesh_cols = 1;   ///< the PE mesh's columns
  bool chain = false;  ///< a 1 x N chain snaking over the mesh
  int pe(int gy, int gx) const;
};
TileGrid tile_grid(const workloads::LayerShape& sh, const ScnnSpec& spec);

/// Output rows [out_lo, out_hi) computed in one pass over the PE grid, from input rows
/// [in_lo, in_hi). A layer whose input tiles do not fit the IARAMs runs in several bands, each
/// fitting (plan_bands()); the others in one band of the whole plane.
struct Band {
  int in_lo = 0, in_hi = 0, out_lo = 0, out_hi = 0;
};

/// A layer as SCNN runs it (PT-IS-CP-sparse, Parashar et al., ISCA 2017, Sec. 4): output channels
/// in groups of Kc, and for each group and input channel the non-zero weights, broadcast to every
/// PE.
struct LayerPlan {
  workloads::LayerShape shape;
  Band band;                     ///< the rows this plan covers
  int kc = 1;                    ///< output channels per group (the accumulators hold one group)
  int groups = 1;
  /// A 1 x 1 input (an fc layer) has no plane to tile: input channel c goes to PE c mod N, every
  /// PE's accumulators hold all of a group's outputs, and output k belongs to PE k mod N.
  bool channel_tiled = false;
  TileGrid grid;
  std::vector<PeTile> tiles;     ///< one per PE, by PE index (grid.pe())
  /// blocks[g * C + c]: the non-zero weights of group g and input channel c, by stride phase,
  /// then (k, r, s); block_phase[b][p] .. block_phase[b][p + 1] are those of phase p.
  std::vector<std::vector<WeightNz>> blocks;
  std::vector<std::vector<std::uint32_t>> block_phase;
  /// block_chunks[b]: cut points (first 0, last the block's size) of the block into the pieces
  /// that stream through the weight FIFO: whole F-vectors of a phase, at most the FIFO's
  /// capacity each (rounded down to F). A block that fits is one chunk; an empty block too.
  std::vector<std::vector<std::uint32_t>> block_chunks;
  /// Stride phases: stride x stride. An activation at (x, y) meets only weights at (r, s) with
  /// x = s - pad and y = r - pad modulo the stride (any other product falls between outputs),
  /// so each phase is multiplied separately, a sub-convolution of its own.
  int phases = 1;
  std::vector<std::uint64_t> block_bytes;  ///< each block compressed (data + indices)
  std::uint64_t output_bytes = 0;          ///< the output compressed (after ReLU if any)
  std::uint64_t input_bytes = 0;           ///< the layer's whole input compressed (per channel)
  std::uint64_t dense_macs = 0;
};

/// Tiles the layer over the PE grid, chooses Kc (the most output channels whose accumulators
/// fit one buffer in every PE), and gathers the non-zeros. Throws sim::ConfigError naming the
/// layer when even one output channel's accumulators do not fit.
/// `band` defaults to the whole plane.
LayerPlan plan_layer(const workloads::Layer& layer, const ScnnSpec& spec, const Band* band = nullptr);

/// The bands a layer runs in: one (the whole plane) if every PE's input tile fits its IARAM (or
/// the layer is fc), else the fewest even bands of output rows whose tiles all fit; if not even
/// single rows fit, one band whose activations stream from DRAM with the weights.
std::vector<Band> plan_bands(const workloads::Layer& layer, const ScnnSpec& spec);

/// Kc alone (what plan_layer checks first), without gathering the non-zeros: the check every
/// layer gets before a run starts. Throws as plan_layer.
int output_group_size(const workloads::Layer& layer, const ScnnSpec& spec);

/// The stride phase of input coordinates (x, y), and of kernel position (r, s): one of
/// stride_h x stride_w.
int act_phase(int x, int y, const workloads::LayerShape& sh);
int weight_phase(int r, int s, const workloads::LayerShape& sh);

/// Bytes of `values` values of data_bits each, uncompressed.
std::uint64_t dense_bytes(std::uint64_t values, int data_bits);

/// Bytes of SCNN's compressed format for `values` (zero-run index per stored value, a padding
/// zero whenever a run exceeds 2^index_bits - 1): stored entries x (data + index bits).
std::uint64_t compressed_bytes(const std::vector<std::int32_t>& values, int data_bits,
                               int index_bits);

}  // namespace axsim::arch::scnn
