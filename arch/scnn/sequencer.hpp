// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/common/dram/dram_client.hpp"
#include "arch/common/sram_port.hpp"
#include "arch/scnn/pe.hpp"
#include "arch/scnn/post_processor.hpp"

namespace axsim::arch::scnn {

/// The layer sequencer and DRAM controller (Parashar et al., ISCA 2017, Sec. 4). It fetches the
/// compressed weights of each (output-channel group, input channel) block from DRAM chunk by chunk,
/// in order, with at most the DRAM stream's bandwidth-delay product (latency x bytes per cycle, at
/// least one chunk) requested and not yet broadcast, and broadcasts each arrived chunk into every
/// PE's weight FIFO when all of them have room (with the channel's activations when the input tiles
/// do not fit the IARAMs). At the end of each group it waits for every PE (the inter-PE
/// barrier); the post-processing units then drain the group's accumulator buffer while the next
/// group computes in the other one. Group g + 1 starts when the barrier of g has passed and the
/// drain of g - 1 (the buffer it will use) has finished; a drain starts when its barrier has
/// passed and the drain before it has finished. An input whose tiles do not fit the IARAMs was
/// written to DRAM by the layer before (charged here, first on the DRAM); the layer then runs in
/// bands of output rows whose input tiles fit, each band's input read into the IARAMs before
/// its weights (rows two bands share are read twice) and every weight fetched once per band.
/// Only when even one-row bands do not fit do the activations stream with the weights.
/// A layer whose input channels are dealt over the PEs (a 1 x 1 input, LayerPlan::channel_tiled)
/// has each block written only into the FIFO of the PE holding its channel: in order per PE, a
/// chunk waiting for room in one PE's FIFO not holding back the chunks of other PEs behind it.
class Sequencer : public sim::Ticked {
 public:
  Sequencer(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
            const ScnnSpec& spec, Dram& dram, std::vector<ScnnPe*> pes, PostProcessor& ppu);
  /// Runs the layer's bands (plan_bands()) one after the other.
  void start_layer(const std::vector<LayerPlan>& plans, std::vector<std::int32_t>& out, bool relu);
  bool done() const { return done_; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  /// The layer's first cycle (its cycle stack's start).
  std::uint64_t first_cycle() const { return clock().edge_at_or_after(start_tick_) / clock().period_ps(); }
  /// A PE popped a chunk: the room is writable from the next cycle.
  void chunk_consumed() { wake_at(now() + clock().period_ps()); }
  void pe_finished(sim::Tick at) { wake_at(at); }
  void drain_finishes(sim::Tick at) { wake_at(at); }
  bool has_work() const override { return started_ && !done_; }
  std::string state() const override;

 private:
  struct Chunk {
    std::uint32_t entries = 0;
    std::uint64_t bytes = 0;  ///< weights (padding entries included) and streamed activations
    std::uint64_t weight_bytes = 0;
    int owner = -1;  ///< the one PE that takes it (a dealt layer), or -1: every PE
  };
  bool tick() override;
  void start_band(std::size_t band);
  void list_chunks();
  void take_responses();
  void broadcast();
  void deliver_dealt(std::uint64_t now_cycle);
  void deliver(std::size_t chunk, std::uint64_t now_cycle);
  void issue_fetches();
  void advance_groups();
  void finish_layer();

  ScnnSpec spec_;
  DramClient dram_;
  std::vector<ScnnPe*> pes_;
  PostProcessor& ppu_;
  const std::vector<LayerPlan>* plans_ = nullptr;
  std::size_t band_ = 0;
  const LayerPlan* plan_ = nullptr;  ///< the band running
  std::vector<std::int32_t>* out_ = nullptr;
  bool relu_ = false, spill_inputs_ = false, started_ = false, done_ = false;
  std::vector<Chunk> chunks_;          ///< every chunk of the layer, in fetch order
  std::vector<bool> got_;              ///< chunks the DRAM has returned
  std::vector<bool> sent_;             ///< chunks written into their FIFOs (a dealt layer)
  std::size_t next_fetch_ = 0, next_broadcast_ = 0, arrived_ = 0;
  std::uint64_t input_base_ = 0, chunk_base_ = 0;          ///< DRAM regions of the layer
  std::uint64_t band_fill_offset_ = 0, fetch_offset_ = 0;  ///< within them
  std::uint64_t unbroadcast_bytes_ = 0;  ///< requested, not yet broadcast
  int computing_ = 0;                  ///< the group the PEs work on
  int drains_started_ = 0;
  int barriers_ = 0;                   ///< groups past their barrier
  bool pes_running_ = false;
  sim::Tick start_tick_ = 0, finish_tick_ = 0;
  sim::Counter& barrier_wait_cycles_;
  sim::Counter& broadcast_wait_cycles_;
  sim::Counter& weight_bytes_;
  sim::Counter& spilled_act_bytes_;
  sim::Counter& output_bytes_;
  sim::Counter& spill_write_bytes_;
  std::uint64_t spill_write_left_ = 0;  ///< the spilled input's write-back, not yet requested
  std::uint64_t band_fill_left_ = 0;    ///< the band's input read into the IARAMs, not yet requested
  sim::Counter& groups_;
  sim::Counter& chunks_stat_;
  sim::Counter& bands_;
  SramPort oaram_;  ///< compressed outputs written
  SramPort fifo_;   ///< every PE's weight FIFO takes each broadcast chunk
  sim::Tick blocked_since_ = 0;
  std::size_t blocked_chunk_ = 0;      ///< the chunk a dealt layer's wait started at
  bool blocked_ = false;
};

}  // namespace axsim::arch::scnn
