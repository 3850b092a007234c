// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "arch/eie/act_rw.hpp"
#include "arch/eie/messages.hpp"
#include "sim/component.hpp"

namespace axsim::arch::eie {

/// The arithmetic unit's four-stage pipeline (Han et al., ISCA 2016): (1) codebook lookup and
/// address accumulation, (2) destination read and multiply, (3) shift and add, (4) destination
/// write. When stage 2 reads the accumulator stage 3 or 4 is still updating, the bypass forwards
/// the new sum, so back-to-back updates of one row never stall.
class ArithmeticUnit : public sim::Component {
 public:
  static constexpr int kStages = 4;
  ArithmeticUnit(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec, ActRw& act);
  /// Sets the codebook and shift of the layer (shared by every PE).
  void load(const EieLayer* layer) { layer_ = layer; }
  /// One cycle: every stage advances; `in` (if any) enters stage 1.
  void tick(const std::optional<EntryWork>& in);
  bool idle() const { return occupied_ == 0; }
  std::uint64_t ops() const { return ops_.count(); }

 private:
  struct Op {
    bool valid = false;
    std::int64_t row = 0;
    std::int32_t weight = 0, act = 0;
  };
  const EieLayer* layer_ = nullptr;
  int data_bits_;
  ActRw& act_;
  std::array<Op, kStages> stage_{};  ///< stage_[0] is stage 1
  int occupied_ = 0;
  std::int64_t row_ = -1;  ///< address accumulator: row of the last entry
  sim::Counter& ops_;
  sim::Counter& padding_ops_;
  sim::Counter& bypasses_;
  sim::ActionCounts::Id op_;
};

}  // namespace axsim::arch::eie
