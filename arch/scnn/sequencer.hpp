// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/dram_client.hpp"
#include "arch/common/sram_port.hpp"
#include "arch/scnn/pe.hpp"

namespace axsim::arch::scnn {

/// The layer sequencer and DRAM controller (papers.md 2.1): it fetches the compressed weight
/// block of each (output-channel group, input channel) from DRAM in order, as far ahead as the
/// PEs' weight FIFOs hold, and broadcasts it to every PE (with the channel's activations when
/// the input tiles do not fit the IARAMs). At the end of each group it waits for every PE (the
/// inter-PE barrier), then the PEs' post-processing units drain the group's accumulators
/// (halo exchange with neighbours, ReLU, compression into OARAM) while the next group computes
/// in the other accumulator buffer; a group may start only when the group two before it has
/// drained. Every PE writes each broadcast block into its weight FIFO. An input whose tiles do not
/// fit the IARAMs was written to DRAM by the layer before (charged here, first on the DRAM: the
/// stored tensor is this layer's input, after the pooling the units do not model). The drain reads every accumulator entry of the group once; each halo partial sum
/// crosses a neighbour link and is added into its owner's accumulator (read and write).
class Sequencer : public sim::Ticked {
 public:
  Sequencer(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
            const ScnnSpec& spec, Dram& dram, std::vector<ScnnPe*> pes);
  void start_layer(const LayerPlan& plan, std::vector<std::int32_t>& out, bool relu);
  bool done() const { return phase_ == Phase::kDone; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  bool block_ready(int g, int c) const {
    return arrived_[std::size_t(g) * std::size_t(plan_->shape.in_channels) + std::size_t(c)];
  }
  void pe_advanced() { wake(); }
  void pe_finished() { wake(); }
  bool has_work() const override { return phase_ != Phase::kIdle && phase_ != Phase::kDone; }
  std::string state() const override;

 private:
  enum class Phase { kIdle, kCompute, kWaitStart, kDrainLast, kDone };
  bool tick() override;
  void take_responses();
  void issue_fetches();
  std::size_t slowest_block() const;
  void barrier();
  void start_group(int g);
  std::uint64_t drain_cycles(int g) const;
  void count_drain(int g);
  void finish_layer();
  bool wait_until(sim::Tick t);  ///< sleeps until t

  ScnnSpec spec_;
  DramClient dram_;
  std::vector<ScnnPe*> pes_;
  const LayerPlan* plan_ = nullptr;
  std::vector<std::int32_t>* out_ = nullptr;
  bool relu_ = false, spill_inputs_ = false;
  Phase phase_ = Phase::kIdle;
  int group_ = 0;
  std::vector<bool> arrived_;
  std::size_t next_fetch_ = 0;
  sim::Tick start_tick_ = 0, finish_tick_ = 0, group_start_ = 0;
  sim::Tick drain_end_ = 0, drain_end_before_ = 0;  ///< of the last group and the one before
  sim::Counter& barrier_wait_cycles_;
  sim::Counter& drain_cycles_;
  sim::Counter& weight_bytes_;
  sim::Counter& spilled_act_bytes_;
  sim::Counter& output_bytes_;
  sim::Counter& spill_write_bytes_;
  std::uint64_t spill_write_left_ = 0;  ///< the spilled input's write-back, not yet requested
  sim::Counter& groups_;
  SramPort oaram_;     ///< compressed outputs written
  SramPort fifo_;      ///< every PE's weight FIFO takes each broadcast block
  SramPort drain_;     ///< the accumulator banks, read once as a group drains
  sim::ActionCounts::Id halo_link_;
  SramPort halo_acc_;  ///< the owner's accumulator entry a halo sum is added into
};

}  // namespace axsim::arch::scnn
