// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <deque>
#include <vector>

#include "arch/common/dram/dram_client.hpp"
#include "arch/dense/dram_format.hpp"
#include "arch/dense/pe_array.hpp"
#include "arch/dense/weight_image.hpp"

namespace axsim::arch::dense {

/// Control and DMA: plans the tiles of a layer, fetches each tile's weights and inputs from DRAM
/// into a free buffer half while the PE array computes the previous tile (double buffering),
/// reuses a block already resident in either half, hands ready tiles to the PE array, and
/// writes each finished block of outputs back to DRAM. The layer ends with the last write.
class Controller : public sim::Ticked {
 public:
  Controller(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
             const DenseSpec& spec, Buffers buffers, Dram& dram, PeArray& pe);
  /// `weights` is the layer's stored encoding as the unit reads it; `dram_output` the output
  /// tensor in DRAM, written as blocks finish (after the layer's ReLU).
  void start_layer(const workloads::Layer& layer, const WeightImage& weights,
                   std::vector<std::int32_t>& dram_output);
  bool done() const { return layer_ != nullptr && finished_; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  bool has_work() const override { return layer_ != nullptr && !finished_; }
  std::string state() const override;

 private:
  enum Tag : std::uint32_t { kWeightLoad, kInputLoad, kOutputWrite };
  struct Resident {
    std::int64_t block = -1;  ///< which block the half holds, -1 for none
  };
  bool tick() override;
  bool prepare_next_tile();
  bool choose_slot(std::array<Resident, 2>& halves, std::int64_t block, int& slot, bool& load,
                   bool weights) const;
  void on_response(const MemResponse& r);
  void on_tile_done();
  void fill_weights(const Tile& t);
  void fill_inputs(const Tile& t);
  template <typename Sink>
  void for_each_input_run(const Tile& t, Sink&& sink) const;
  std::uint64_t weight_block_bytes(const Tile& t);
  std::uint64_t input_block_bytes(const Tile& t);
  std::uint64_t output_block_bytes(const Tile& t, const std::int32_t* outputs);
  std::uint64_t account(const DramBlock& block);
  void plan_residency();

  DenseSpec spec_;
  Buffers buf_;
  DramClient dram_;
  PeArray& pe_;
  const workloads::Layer* layer_ = nullptr;
  const WeightImage* image_ = nullptr;
  std::vector<std::int16_t> inputs_;     ///< the layer's (step) input activations in DRAM
  std::uint64_t weight_bits_fetched_ = 0;
  std::uint64_t weight_base_ = 0, input_base_ = 0, output_base_ = 0;  ///< DRAM addresses
  std::vector<std::int32_t>* dram_output_ = nullptr;
  TilePlan plan_;
  std::size_t next_tile_ = 0, tiles_done_ = 0;
  bool loads_issued_ = false;
  int groups_started_ = 0;
  std::array<Resident, 2> weight_halves_, input_halves_;
  std::deque<Tile> in_flight_;  ///< sent to the PE array, not yet done (they pin their halves)
  bool finished_ = false;
  bool input_resident_ = false, output_resident_ = false;  ///< this layer's, see resident_activations
  sim::Tick start_tick_ = 0, finish_tick_ = 0;
  sim::Counter& tiles_stat_;
  sim::Tick ready_since_ = sim::kTickNever;  ///< when the next tile's operands were all loaded
  sim::Counter& ready_wait_cycles_;
  sim::Counter& raw_dram_bytes_;
  sim::Counter& weight_bytes_;
  sim::Counter& resident_bytes_;
};

}  // namespace axsim::arch::dense
