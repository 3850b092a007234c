// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/sparse_pe/destination.hpp"
#include "arch/common/sparse_pe/messages.hpp"
#include "sim/component.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::sparse {

/// How the pipeline turns a code into a weight and adds a product: weight = levels[code -
/// code_offset] (the code itself when `levels` is null: linear fixed-point weights); acc = acc +
/// (w x a >> product_shift), saturated to accumulator_bits below 64 (EIE's 16-bit datapath),
/// exact otherwise.
struct MacRule {
  const std::vector<std::int32_t>* levels = nullptr;
  int code_offset = 0;
  int product_shift = 0;
  int accumulator_bits = 64;
};

/// The four-stage multiply-accumulate pipeline of a sparse PE (Han et al., ISCA 2016): (1)
/// weight decode and address accumulation, (2) destination read and multiply, (3) shift and
/// add, (4) destination write. When stage 2 reads the accumulator stage 3 or 4 is still
/// updating, the bypass forwards the new sum, so back-to-back updates of one row never stall.
/// `type` is the unit's component type ("eie.arith"); `mac` prices one multiply-accumulate.
/// Loaded with a rule and registers, it must be idle when loaded again.
class MacPipeline : public sim::Component {
 public:
  static constexpr int kStages = 4;
  MacPipeline(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
              const sim::OpCosts& mac);
  /// The rule and the registers the next entries accumulate into.
  void load(const MacRule& rule, DestinationRegisters* dest) { rule_ = rule, dest_ = dest; }
  /// One cycle: every stage advances; `in` (if not null) enters stage 1.
  void tick(const EntryWork* in);
  bool idle() const { return occupied_ == 0; }
  std::uint64_t ops() const { return ops_.count(); }

 private:
  struct Op {
    bool valid = false;
    std::uint16_t lane = 0;
    std::int64_t row = 0;
    std::int32_t weight = 0, act = 0;
  };
  std::int64_t accumulate(std::int64_t acc, const Op& op) const;

  MacRule rule_;
  DestinationRegisters* dest_ = nullptr;
  std::array<Op, kStages> stage_{};  ///< stage_[0] is stage 1
  int occupied_ = 0;
  std::int64_t row_ = -1;  ///< address accumulator: row of the last entry
  sim::Counter& ops_;
  sim::Counter& padding_ops_;
  sim::Counter& bypasses_;
  sim::ActionCounts::Id op_;
};

}  // namespace axsim::arch::sparse
