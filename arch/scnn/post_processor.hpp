// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/common/sram_port.hpp"
#include "arch/scnn/layer_plan.hpp"
#include "arch/scnn/pe.hpp"
#include "sim/component.hpp"

namespace axsim::arch::scnn {

class Sequencer;

/// The PEs' post-processing units and the halo links between them (Parashar et al., ISCA 2017,
/// Sec. 4), draining one output-channel group's accumulator buffer after the barrier, cycle by
/// cycle:
/// - every PE sends the partial sums of its region that other PEs own (its halo), in raster
///   order, `halo_sums_per_cycle` per cycle, over a link of `halo_link_cycles` latency into the
///   owner's inbound queue (`halo_queue_depth` sums; a full queue holds the sender back);
/// - every owner adds `halo_sums_per_cycle` arrived sums per cycle into its entries;
/// - every PPU takes `ppu_outputs_per_cycle` of its own outputs per cycle in raster order
///   (ReLU, then into the layer's output: the OARAM), waiting at an output whose halo sums have
///   not all been added.
/// The drain uses only the group's buffer, which nothing else touches until it is done (the
/// next group computes in the other one), so start_drain() computes every cycle of it at once
/// and tells the sequencer the cycle after its last, when the buffer is free again.
/// Simplification: a sum goes straight to its owner over one link, diagonal neighbours and an fc
/// layer's any-to-any reduction included (no multi-hop routing, no link contention between
/// senders beyond the owner's inbound queue); `halo_sums_beyond_neighbours` counts the sums
/// a mesh would route over more than one link.
class PostProcessor : public sim::Component {
 public:
  PostProcessor(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                const ScnnSpec& spec, std::vector<ScnnPe*> pes);
  void set_sequencer(Sequencer* s) { seq_ = s; }
  /// Drains group g of `plan` into `out` ([K][OH][OW]) from now.
  void start_drain(const LayerPlan& plan, int g, std::vector<std::int32_t>& out, bool relu);
  /// A drain is under way at tick t.
  bool draining(sim::Tick t) const { return t < done_at_; }
  sim::Tick done_at() const { return done_at_; }
  std::string state() const override;

 private:
  struct HaloSum {
    std::uint32_t owner = 0, addr = 0;
    std::int32_t value = 0;
    std::uint64_t arrives = 0;  ///< cycle it can be added (inbound queue)
  };
  struct PeDrain {
    std::vector<HaloSum> send;            ///< halo sums in raster order
    std::size_t sent = 0;
    std::deque<HaloSum> inbound;
    std::vector<std::uint32_t> own;        ///< own entries' addresses in raster order
    std::vector<std::size_t> out_index;    ///< their index in the layer output
    std::size_t drained = 0;
    std::vector<std::uint16_t> pending;    ///< per entry: halo sums still to be added
  };
  void plan_drain(const LayerPlan& plan, int g);
  void plan_plane(const LayerPlan& plan, int g, int kc);
  void plan_channels(const LayerPlan& plan, int g, int kc);
  bool drain_cycle(std::uint64_t cycle);  ///< one cycle of every PE; false once all is done
  bool adjacent(std::size_t p, std::size_t q) const;

  ScnnSpec spec_;
  std::vector<ScnnPe*> pes_;
  Sequencer* seq_ = nullptr;
  std::vector<PeDrain> pe_;
  std::vector<std::int32_t>* out_ = nullptr;
  int buffer_ = 0;
  const sim::ClockDomain& clock_;
  bool relu_ = false;
  sim::Tick done_at_ = 0;
  std::uint64_t saturated_ = 0;
  sim::Counter& drain_cycles_;
  sim::Counter& halo_sums_;
  sim::Counter& far_sums_;
  sim::Counter& halo_wait_;
  sim::Counter& link_blocked_;
  sim::Counter& saturations_;
  SramPort drain_;     ///< accumulator entries read as the group drains (own and halo)
  sim::ActionCounts::Id halo_link_;
  SramPort halo_acc_;  ///< the owner's entry a halo sum is added into
};

}  // namespace axsim::arch::scnn
