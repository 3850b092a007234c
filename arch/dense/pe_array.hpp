// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "arch/dense/buffers.hpp"
#include "arch/dense/tiling.hpp"
#include "sim/channel.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::dense {

/// The pe_rows x pe_cols grid of PEs, each with macs_per_pe 8-bit MAC lanes (int32 accumulate).
/// With zero gating, a MAC with a zero operand is counted as `mac_gated` instead of `mac`: the
/// lane still spends its cycle, so timing does not change.
/// It takes one tile at a time from the controller and computes it cycle by cycle from the
/// operands in the weight and input buffers, accumulating into the output buffer:
/// - output stationary: PE (i, j) keeps the partial sum of output channel m0+i at pixel j of the
///   current pixel group; each cycle it reduces macs_per_pe terms; weights are broadcast along
///   rows, inputs along columns; sums drain to the output buffer after the last term.
/// - weight stationary: PE (i, j) holds macs_per_pe weights of filter m0+i (reduction chunk j);
///   after a load phase, one output pixel streams through per cycle, each row's products are
///   reduced by an adder tree and added to the partial sum in the output buffer.
class PeArray : public sim::Ticked {
 public:
  PeArray(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
          const DenseSpec& spec, Buffers buffers);
  sim::Channel<Tile>& tiles() { return tiles_; }
  sim::Channel<int>& done() { return done_; }
  /// The layer's shape, its tile count and its first cycle (where its cycle stack starts).
  void set_layer(const workloads::LayerShape& shape, std::size_t tiles, std::uint64_t first_cycle);
  /// The array's cycles since the layer's first up to `end` (its last, exclusive), by what it
  /// did: computing, loading weights or waiting for a tile's operands (memory_wait), waiting
  /// to hand a finished tile over (queue_full), idle after its last tile (drain).
  sim::CycleStack cycle_stack(std::uint64_t end) const;
  bool has_work() const override { return active_ || tiles_.has_work(); }
  std::string state() const override;

 private:
  bool tick() override;
  void begin(const Tile& t);
  bool step_output_stationary();
  bool step_weight_stationary();
  std::int16_t input(int pixel, int k) const;
  std::int16_t weight(int row, int k) const;
  void accumulate_output(int row, int pixel, std::int32_t value, bool first);
  void count_macs(std::uint64_t macs, std::uint64_t zero_operand_macs);
  std::uint64_t zero_operand_macs_os(int rows, int cols, int lanes) const;
  std::uint64_t zero_operand_macs_ws(int lanes) const;
  void count_zero_rows(int group, int kg);

  DenseSpec spec_;
  Buffers buf_;
  sim::Channel<Tile> tiles_;
  sim::Channel<int> done_;
  workloads::LayerShape shape_;
  int kernel_ = 1;  ///< kernel_h * kernel_w
  struct KOffset {
    int c, r, s;
  };
  std::vector<KOffset> k_offsets_;  ///< reduction index -> (channel in slot, r, s)
  Tile tile_;
  bool active_ = false, finished_ = false;
  sim::CycleStack stack_;
  sim::CycleCategory waiting_ = sim::CycleCategory::kMemoryWait;  ///< while it sleeps
  std::size_t tiles_left_ = 0;
  int pass_ = 0, passes_ = 0, step_ = 0, steps_ = 0, load_left_ = 0;
  std::vector<std::int32_t> acc_;       ///< output stationary accumulators
  std::vector<std::int32_t> held_;      ///< weight stationary registers [row][k in group]
  std::vector<std::int32_t> row_operands_, col_operands_;  ///< this cycle's broadcast operands
  std::vector<std::int32_t> zero_rows_;  ///< WS, zero gating: rows whose held weight k is 0
  sim::Counter& mac_cycles_;
  sim::Counter& load_cycles_;
  sim::ActionCounts::Id mac_, mac_gated_ = 0;
};

}  // namespace axsim::arch::dense
