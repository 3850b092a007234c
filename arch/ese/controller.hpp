// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "arch/ese/elementwise.hpp"
#include "arch/ese/pe.hpp"
#include "arch/ese/weight_stream.hpp"

namespace axsim::arch::ese {

class Controller;

/// One channel's broadcast (Han et al., FPGA 2017: "each channel is configured with 32 PEs to
/// balance between computation and data transfer"): it owns the columns j = c, c + C, ... of
/// every product, streams their weights and broadcasts their non-zero inputs, one per cycle, to
/// its PEs, which synchronise per element (a full queue holds the channel). Its PEs' sleeping
/// cycles count by its own timeline.
struct Channel : sparse::PeControl {
  Controller* owner = nullptr;
  std::uint32_t index = 0;  ///< c: its columns are c, c + C, ...
  std::vector<EsePe*> pes;
  std::uint32_t k = 0;    ///< its next local column
  std::uint16_t lane = 0;
  std::uint64_t sent = 0;         ///< broadcasts this layer
  std::uint64_t opened = 0;       ///< chunks below this have had its last broadcast
  std::deque<std::uint64_t> left; ///< `sent` when it left each chunk not yet released
  std::size_t scan = 0;           ///< its PEs known past left.front()
  sim::Counter* blocked = nullptr;  ///< what its cycles count as while it cannot send
  std::uint64_t blocked_since = 0;
  sim::CycleTimeline line;
  const sim::CycleTimeline& timeline() const override { return line; }
  void pe_idle() override;
};

/// ESE's controller: a state machine over the LSTM's products and element-wise operations. Per
/// time step of a batch of utterances the channels broadcast the inputs of the [W R] product
/// (x_t, then h_{t-1}), each waiting for its columns' weight chunk to be in the buffers; when
/// every PE has drained, the element-wise unit sums the channels' partial sums and turns them
/// into m_t, and each m_k is broadcast to the projection as soon as it exists; when that
/// drains, the projection outputs become h_t while the next step's x_{t+1} part already runs
/// (its sums go to registers nobody reads then). A chunk is released once every channel has
/// left it and every PE is past its last broadcast, so the next but one can stream in.
class Controller : public sim::Ticked {
 public:
  Controller(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
             const EseSpec& spec, const std::vector<EsePe*>& pes, WeightStreamer& stream,
             ElementwiseUnit& elementwise);
  void start_layer(const EseLayer& layer, std::vector<std::int32_t>& output);
  bool done() const { return phase_ == Phase::kDone; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  void pe_idle() {
    if (phase_ == Phase::kGatesDrain || phase_ == Phase::kProjectionDrain) wake();
  }
  bool has_work() const override { return phase_ != Phase::kIdle && phase_ != Phase::kDone; }
  std::string state() const override;

 private:
  enum class Phase {
    kIdle, kGates, kGatesDrain, kCells, kProjection, kProjectionDrain, kLastOutputs, kDone
  };
  enum class Sent { kYes, kDone, kSleep, kPoll };
  bool tick() override;
  std::uint64_t cycle() const { return clock().cycle_at(now()).n; }
  void mark_all(sim::CycleCategory cat);
  bool broadcast(bool projection);
  Sent advance(Channel& ch, bool projection);
  Sent block(Channel& ch, sim::Counter& why, sim::CycleCategory cat);
  void unblock(Channel& ch);
  bool release_due() const;
  void next_input(Channel& ch) const;
  bool wait_all(sim::CycleCategory cat, sim::Counter& why);
  bool drained();
  void start_step();
  void finish_step();
  void finish();
  void record_outputs();
  void open(Channel& ch, std::uint64_t item);
  void check_releases();
  std::uint64_t round() const { return group_ * std::uint64_t(layer_->steps()) + std::uint64_t(step_); }
  std::int32_t input(bool projection, std::uint32_t col, std::size_t lane, bool* ready) const;

  EseSpec spec_;
  std::vector<std::unique_ptr<Channel>> channels_;
  WeightStreamer& stream_;
  ElementwiseUnit& elementwise_;
  const EseLayer* layer_ = nullptr;
  std::vector<std::int32_t>* output_ = nullptr;
  Phase phase_ = Phase::kIdle;
  std::uint64_t group_ = 0, groups_ = 0;
  int step_ = 0;
  bool outputs_pending_ = false;  ///< the outputs of step out_step_ are being made
  std::uint64_t out_group_ = 0;
  int out_step_ = 0;
  sim::Tick start_tick_ = 0, finish_tick_ = 0;
  sim::Counter* waiting_ = nullptr;  ///< while the whole controller sleeps on one thing
  std::uint64_t waiting_since_ = 0;
  sim::Counter& broadcasts_;
  sim::Counter& queue_full_cycles_;
  sim::Counter& weight_wait_cycles_;
  sim::Counter& elementwise_wait_cycles_;
  sim::Counter& barrier_cycles_;
  sim::Counter& steps_;
};

}  // namespace axsim::arch::ese
