// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/ese/elementwise.hpp"
#include "arch/ese/pe.hpp"
#include "arch/ese/weight_stream.hpp"

namespace axsim::arch::ese {

/// ESE's controller (Han et al., FPGA 2017: a state machine over the LSTM's products and
/// element-wise operations): per time step of a batch of utterances it broadcasts the inputs of
/// the [W R] product (x_t, then h_{t-1}) one non-zero element per cycle to every PE, waiting
/// for each column's weight chunk to be in the buffers and for every queue to have room (PEs
/// synchronise per element); when the PEs drain, the element-wise unit turns the gate sums into
/// m_t, and the controller broadcasts each m_k to the projection as soon as it exists; when
/// that drains, the projection outputs become h_t while the next step's x_{t+1} part already
/// runs (its gate sums go to registers nobody reads then). Chunks are released as soon as every
/// PE is past them, so the next but one can stream in.
class Controller : public sim::Ticked, public sparse::PeControl {
 public:
  Controller(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
             const EseSpec& spec, std::vector<EsePe*> pes, WeightStreamer& stream,
             ElementwiseUnit& elementwise);
  void start_layer(const EseLayer& layer, std::vector<std::int32_t>& output);
  bool done() const { return phase_ == Phase::kDone; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  const sim::CycleTimeline& timeline() const override { return timeline_; }
  void pe_idle() override {
    if (phase_ == Phase::kGatesDrain || phase_ == Phase::kProjectionDrain) wake();
  }
  bool has_work() const override { return phase_ != Phase::kIdle && phase_ != Phase::kDone; }
  std::string state() const override;

 private:
  enum class Phase {
    kIdle, kGates, kGatesDrain, kCells, kProjection, kProjectionDrain, kLastOutputs, kDone
  };
  enum class Sent { kYes, kSleep, kPoll };
  bool tick() override;
  void mark(sim::CycleCategory cat) { timeline_.mark(clock().cycle_at(now()).n, cat); }
  bool gates();
  bool projection();
  bool drained();
  void start_step();
  void finish_step();
  void finish();
  void record_outputs();
  void advance();
  bool wait(sim::CycleCategory why, sim::Counter* counter);
  /// Broadcasts (col, value) of `lane` if the chunk `item` is in the buffers and every queue
  /// has room; otherwise marks why and says whether to sleep or poll.
  Sent send(std::uint64_t item, std::uint32_t col, std::int32_t value, std::uint16_t lane);
  void open(std::uint64_t item);
  void close_product(bool projection);
  void check_releases();
  std::uint64_t round() const { return group_ * std::uint64_t(layer_->steps()) + std::uint64_t(step_); }
  std::int32_t gate_input(std::uint32_t col, std::size_t lane) const;

  EseSpec spec_;
  std::vector<EsePe*> pes_;
  WeightStreamer& stream_;
  ElementwiseUnit& elementwise_;
  const EseLayer* layer_ = nullptr;
  std::vector<std::int32_t>* output_ = nullptr;
  Phase phase_ = Phase::kIdle;
  std::uint64_t group_ = 0, groups_ = 0;
  int step_ = 0;
  std::uint32_t col_ = 0;
  std::uint16_t lane_ = 0;
  bool outputs_pending_ = false;  ///< the outputs of step out_step_ are being made
  std::uint64_t out_group_ = 0;
  int out_step_ = 0;
  std::uint64_t opened_ = 0;  ///< chunks below this have had their last broadcast
  sim::Counter* waiting_ = nullptr;  ///< what the cycles asleep count as
  std::uint64_t sent_ = 0;        ///< broadcasts this layer
  struct Pending {
    std::uint64_t item, broadcasts;  ///< released once every PE finished that many
  };
  std::deque<Pending> pending_;
  std::size_t scan_ = 0;  ///< PEs already past pending_.front()
  sim::Tick start_tick_ = 0, finish_tick_ = 0, blocked_since_ = sim::kTickNever;
  sim::CycleTimeline timeline_;
  sim::Counter& broadcasts_;
  sim::Counter& queue_full_cycles_;
  sim::Counter& weight_wait_cycles_;
  sim::Counter& elementwise_wait_cycles_;
  sim::Counter& barrier_cycles_;
  sim::Counter& steps_;
};

}  // namespace axsim::arch::ese
