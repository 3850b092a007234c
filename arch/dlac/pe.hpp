// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/dlac/dlac_spec.hpp"
#include "arch/dlac/layer_image.hpp"
#include "sim/component.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::dlac {

/// A fixed-capacity FIFO of one PE's operands, filled by a buffer and read by the PE.
template <typename T>
class OperandQueue {
 public:
  explicit OperandQueue(int depth) : slots_(std::size_t(depth)) {}
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == slots_.size(); }
  std::size_t size() const { return size_; }
  const T& front() const { return slots_[head_]; }
  void push(const T& v) {
    slots_[(head_ + size_) % slots_.size()] = v;
    ++size_;
  }
  void pop() {
    head_ = (head_ + 1) % slots_.size();
    --size_;
  }

 private:
  std::vector<T> slots_;
  std::size_t head_ = 0, size_ = 0;
};

/// A weight word: term k of a pass (the PE reads its output channels' levels at k).
struct WeightWord {
  int pass = 0, k = 0;
};
/// An activation: term k of the PE column's pixel.
struct Activation {
  int pass = 0, k = 0;
  double value = 0;
};

/// One PE of the grid (`dlac.peI_J`): its operand queues, its ofm_buffers output buffers (a sum,
/// or for ternary weights a sum per sign), the zero-skip control and `lanes` FP multiplier +
/// adder pairs. The grid steps it once per cycle (DlacGrid::tick); it owns its statistics,
/// action counts, area and cycle stack.
class DlacPe : public sim::Component {
 public:
  DlacPe(sim::SimContext& ctx, sim::Component* parent, int row, int col, const DlacSpec& spec);

  /// Starts a layer: its passes that reach this PE, its outputs written into `out`.
  void start_layer(const DlacLayer& layer, std::vector<std::int32_t>& out);
  /// One cycle: discard entries without work, issue up to `lanes` operations, or drain.
  void step(std::uint64_t cycle);
  bool done() const { return state_ == State::kDone; }
  /// Whether a pass's operands go to this PE (it has an output channel and a pixel in it).
  bool active_in(const Pass& p) const {
    return p.m0 + row_ * spec_.ofm_buffers < p.m_end && p.p0 + col_ < layer_->pixels;
  }

  OperandQueue<WeightWord> weights;
  OperandQueue<Activation> activations;

  const sim::CycleStack& cycle_stack() const { return stack_; }
  sim::CycleStack& cycle_stack() { return stack_; }
  std::uint64_t executed() const { return executed_; }

 private:
  enum class State { kAccumulate, kDrain, kDone };
  /// Whether term (b, k) of the head entry is executed (not skipped for a zero operand).
  bool executes(std::int32_t level, double x) const;
  void issue(int m, int b, std::int32_t level, double x);
  void begin_pass();
  void finish_pass();
  int outputs_in_pass() const;

  const DlacSpec spec_;
  const int row_, col_;
  const DlacLayer* layer_ = nullptr;
  std::vector<std::int32_t>* out_ = nullptr;
  std::size_t pass_ = 0;  ///< index into layer_->passes
  int consumed_ = 0;      ///< terms of the pass taken from the queues
  int cursor_ = 0;        ///< next output buffer of the head entry
  int drain_left_ = 0;
  State state_ = State::kDone;
  std::vector<double> sum_, sum_neg_;  ///< per output buffer (sum_: the positive sign if ternary)
  std::uint64_t executed_ = 0;
  sim::CycleStack stack_;
  sim::Counter &adds_, &mults_, &skipped_, &discarded_, &ptwise_;
  sim::ActionCounts::Id add_, mult_, acc_, queue_;
};

}  // namespace axsim::arch::dlac
