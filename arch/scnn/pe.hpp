// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/sram_port.hpp"
#include "arch/scnn/layer_plan.hpp"
#include "sim/component.hpp"

namespace axsim::arch::scnn {

class Sequencer;

/// One SCNN PE (papers.md 2.1): it holds its planar tile's compressed input activations
/// (IARAM), takes the broadcast weights of each (output-channel group, input channel) block
/// from its weight FIFO, and each cycle multiplies a vector of up to F non-zero weights by a
/// vector of up to I non-zero activations (the Cartesian product): each activation vector, read
/// once from the IARAM, meets every weight vector of the block in turn (input-stationary: the
/// weights are re-read from the FIFO for every activation vector, papers.md 2.1 loop order).
/// Each product's output coordinate is computed (a strided layer runs each stride phase as its own sub-convolution,
/// so products between strided outputs are not formed) and the product is sent through the F*I x A crossbar to the
/// accumulator bank its address maps to (address mod A); a bank retires one product per cycle
/// and buffers bank_queue_depth more, and the array stalls while a bank holds more (bank
/// conflicts). Products that fall off the output plane (at its edges) are computed and
/// dropped. At the end of a group the PE waits at the inter-PE barrier.
class ScnnPe : public sim::Ticked {
 public:
  ScnnPe(sim::SimContext& ctx, sim::Component* parent, int index, const sim::ClockDomain& clock,
         const ScnnSpec& spec);
  void set_sequencer(Sequencer* s) { seq_ = s; }
  /// Starts group `g` of `plan`, accumulating real products into `out` ([K][OH][OW]).
  void start_group(const LayerPlan& plan, int g, std::vector<std::int32_t>& out);
  /// The block of input channel c is in the weight FIFO (or any block: re-check).
  void block_arrived() { if (waiting_for_block_) wake(); }
  bool busy() const { return busy_; }
  sim::Tick finished_at() const { return finished_at_; }
  int channel() const { return c_; }
  std::uint64_t useful_products() const { return useful_.count(); }
  bool has_work() const override { return busy_; }
  std::string state() const override;

 private:
  bool tick() override;
  bool next_pair();  ///< moves to the next activation vector; false at group end
  std::size_t block() const { return std::size_t(group_) * std::size_t(plan_->shape.in_channels) + std::size_t(c_); }
  std::uint64_t multiply();  ///< one F x I product set: accumulates; returns its cycles
  std::uint64_t drain_banks();

  ScnnSpec spec_;
  int index_;
  Sequencer* seq_ = nullptr;
  const LayerPlan* plan_ = nullptr;
  const PeTile* tile_ = nullptr;
  std::vector<std::int32_t>* out_ = nullptr;
  int group_ = 0, c_ = 0, phase_ = 0;
  std::size_t wi_ = 0, ai_ = 0;  ///< first weight / activation of the current vectors
  bool busy_ = false, waiting_for_block_ = false;
  std::vector<std::uint32_t> bank_pending_;  ///< products waiting at each accumulator bank
  sim::Counter& pairs_;
  sim::Counter& useful_;
  sim::Counter& dropped_;
  sim::Counter& idle_slots_;
  sim::Counter& conflict_cycles_;
  sim::Counter& fifo_wait_cycles_;
  sim::ActionCounts::Id mac_, coord_, xbar_;
  SramPort acc_;    ///< the accumulator banks (products read-modify-write one entry)
  SramPort iaram_;  ///< one I-vector read per activation vector
  SramPort fifo_;   ///< one F-vector read per weight vector
  sim::Tick wait_start_ = 0, finished_at_ = 0;
};

}  // namespace axsim::arch::scnn
