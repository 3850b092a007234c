// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "arch/common/sram_port.hpp"
#include "arch/scnn/layer_plan.hpp"
#include "arch/scnn/product_crossbar.hpp"
#include "arch/scnn/weight_fifo.hpp"
#include "sim/component.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::scnn {

class Sequencer;

/// One SCNN PE (Parashar et al., ISCA 2017, Sec. 4 and Table 3), cycle by cycle. It holds its
/// planar tile's compressed input activations (IARAM) and takes the broadcast weights of each
/// (output-channel group, input channel) block from its weight FIFO, chunk by chunk. Each cycle the
/// F x I multiplier array takes one pair (a vector of up to F non-zero weights, a vector of up to I
/// non-zero activations of the same stride phase): each activation vector, read once per chunk from
/// the IARAM, meets every weight vector of the chunk in turn (input-stationary, the paper's loop
/// order ... W -> H -> Kc -> R -> S). Each product's output coordinate is computed; products that
/// fall between strided outputs or off the plane are dropped, the others enter their
/// multiplier's queue in front of the F·I x A crossbar (ProductCrossbar), which adds one product
/// per bank per cycle into the accumulator buffer of the group. The array stalls when a lane it
/// would write is full. At the end of a group the queues drain and the PE waits at the barrier.
///
/// The PE computes its cycles ahead inside one handler while nothing outside can see or change
/// them: a chunk's pairs, and the queues draining. It sleeps until the cycle its chunk leaves
/// the FIFO (which the sequencer sees) or its group ends.
class ScnnPe : public sim::Ticked {
 public:
  ScnnPe(sim::SimContext& ctx, sim::Component* parent, int index, const sim::ClockDomain& clock,
         const ScnnSpec& spec);
  void set_sequencer(Sequencer* s) { seq_ = s; }
  /// Starts group `g` of `plan` into accumulator buffer g mod 2.
  /// Starts group g of the plan, seen by the PE from the next cycle; the cycles since it left
  /// the barrier (or since the layer began) count as `waited`.
  void start_group(const LayerPlan& plan, int g, sim::CycleCategory waited);
  /// The PE's cycle stack starts at the layer's first cycle.
  void start_layer(std::uint64_t first_cycle) { stack_.start(first_cycle); }
  /// Every PE has finished the group: the PE's cycles since its own end count as barrier.
  void leave_barrier(std::uint64_t cycle) { stack_.charge_to(cycle, sim::CycleCategory::kBarrier); }
  /// The PE's cycles from the layer's first to `end` (exclusive): a pair issued (compute), held
  /// back by a full crossbar queue (queue_full), waiting for weights (memory_wait), its crossbar
  /// queues emptying after its last pair, or the accumulators draining (drain), waiting for the
  /// slowest PE (barrier).
  sim::CycleStack cycle_stack(std::uint64_t end) const {
    sim::CycleStack s = stack_;
    s.close(end, sim::CycleCategory::kDrain);
    return s;
  }
  WeightFifo& fifo() { return fifo_; }
  /// The sequencer pushed a chunk into the FIFO: readable from the next cycle.
  void chunk_arrived() { if (waiting_) wake_at(now() + clock().period_ps()); }
  bool busy() const { return busy_; }
  /// At the barrier by tick t: done with the group, its last products in their banks.
  bool finished_by(sim::Tick t) const { return !busy_ && finished_at_ <= t; }
  sim::Tick finished_at() const { return finished_at_; }
  int channel() const { return c_; }
  Accumulators& accumulators() { return acc_; }
  std::uint64_t useful_products() const { return useful_.count(); }
  std::uint64_t multiply_cycles() const { return multiply_cycles_.count(); }
  bool has_work() const override { return busy_; }
  std::string state() const override;

 private:
  bool tick() override;
  std::uint64_t cycle_now() const { return clock().cycle_at(now()).n; }
  bool sleep_until(std::uint64_t cycle);
  void catch_up(std::uint64_t cycle);  ///< the queues drain through cycles no pair was issued in
  void count_pair(std::uint64_t products);
  void take_chunk();                   ///< the next chunk of the group, at the FIFO's head
  /// Computes the products of weights [w0, w0 + nw) x activations [a0, a0 + na) of the chunk.
  void stage(std::size_t w0, std::size_t nw, std::size_t a0, std::size_t na);
  bool issue_staged();                 ///< sends them to the crossbar queues if all have room
  void run_chunk();
  bool finish_group();
  std::size_t block() const {
    return std::size_t(group_) * std::size_t(plan_->shape.in_channels) + std::size_t(c_);
  }

  ScnnSpec spec_;
  int index_;
  Sequencer* seq_ = nullptr;
  const LayerPlan* plan_ = nullptr;
  const PeTile* tile_ = nullptr;
  WeightFifo fifo_;
  Accumulators acc_;
  ProductCrossbar xbar_;
  int group_ = 0, buffer_ = 0, c_ = 0, cur_c_ = 0;
  int c_step_ = 1;                      ///< the channels a PE takes: every one, or every N-th
  std::size_t chunk_ = 0;               ///< the next chunk: of block (group, c_)
  std::size_t cur_block_ = 0;           ///< the block of the chunk being run
  std::uint32_t w_lo_ = 0, w_hi_ = 0;   ///< the chunk's weights in the block
  bool busy_ = false, waiting_ = false, holding_ = false;
  std::uint64_t local_ = 0;             ///< the first cycle whose state is not computed yet
  sim::CycleStack stack_;               ///< charged up to local_ (or the sequencer's cycle)
  std::uint64_t wait_start_ = 0, saturated_ = 0;
  std::vector<Product> staged_;
  std::vector<int> staged_lane_;
  std::uint32_t staged_count_ = 0;      ///< products of the staged pair that land
  std::uint32_t bank_mask_ = 0, bank_shift_ = 0;  ///< bank = address mod A, row = address / A
  sim::Counter& multiply_cycles_;
  sim::Counter& pairs_;
  sim::Counter& useful_;
  sim::Counter& dropped_;
  sim::Counter& idle_slots_;
  sim::Counter& stall_cycles_;
  sim::Counter& lost_arbitration_;
  sim::Counter& drain_cycles_;
  sim::Counter& fifo_wait_cycles_;
  sim::Counter& saturations_;
  sim::ActionCounts::Id mac_, coord_, xbar_id_;
  SramPort acc_port_;  ///< the accumulator banks (products read-modify-write one entry)
  SramPort iaram_;     ///< one I-vector read per activation vector and chunk
  SramPort fifo_port_; ///< one F-vector read per weight vector and activation vector
  sim::Tick finished_at_ = 0;
  std::vector<std::unique_ptr<sim::Component>> parts_;  ///< area and leakage by Table 4 row
};

}  // namespace axsim::arch::scnn
