// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/aon_cim/analog_layer.hpp"
#include "arch/aon_cim/aon_cim_spec.hpp"
#include "sim/component.hpp"

namespace axsim::arch::aon_cim {

/// The digital periphery: two sets of per-output accumulators (one filled by the tiles' ADC
/// codes while the other is finished), an adder per column ADC for the partial sums across
/// blocks, slices and signs, and `digital_lanes` output units that scale an accumulator back to
/// the layer's integers (drift compensation included), apply ReLU and re-quantize it for the
/// next layer, a lane per output per cycle.
class AonCimPeriphery : public sim::Component {
 public:
  AonCimPeriphery(sim::SimContext& ctx, sim::Component* parent, const AonCimSpec& spec);
  void start_layer(int outputs);
  bool can_open() const;
  /// Zeroed accumulators for `pixel`, filled by AnalogLayer::read_block.
  std::vector<double>& open(int pixel);
  /// The pixel whose accumulators were opened last is converted: queue it for its outputs.
  void close();
  /// One cycle of the output units; returns the pixel finished this cycle (-1 if none).
  int step(const AnalogLayer& layer, std::vector<std::int32_t>& out);
  bool busy() const;
  /// The partial-sum additions of `n` conversions.
  void count_adds(std::uint64_t n) { actions().add(add_, n); }

 private:
  struct Set {
    enum class State { kFree, kFilling, kQueued } state = State::kFree;
    int pixel = -1;
    std::uint64_t order = 0;  ///< queue order
    std::vector<double> acc;
  };
  const AonCimSpec spec_;
  Set sets_[2];
  int outputs_ = 0, filling_ = -1;
  std::uint64_t opened_ = 0;
  std::int64_t outputs_left_ = 0;
  int finishing_ = -1;
  sim::Counter& outputs_done_;
  sim::ActionCounts::Id add_ = 0, output_op_ = 0;
};

}  // namespace axsim::arch::aon_cim
