// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/cpu/core_spec.hpp"
#include "arch/cpu/uop.hpp"

namespace axsim::arch::cpu {

/// CG-OoO's compiler pass over a basic block, made the first time the block runs (the blocks a
/// program executes are the ones a static pass would have to get right), remembered by static
/// instruction:
/// - register allocation: a destination written again later in the block is dead at the
///   block's end, so it is local (the window's LRF), at most `lrf_entries` a block in program
///   order; the others are global. Conservative: a value dead at the end but not rewritten inside
///   the block stays global.
/// - list scheduling (`list_schedule`): each instruction's priority is the longest latency
///   path from it to the block's end through the values it feeds in the block and through the
///   order of loads and stores (no alias analysis), a load counted as `kLoadCycles`; a window
///   looks at its instructions in that order, ties in program order, none ahead of one it
///   depends on.
class BlockCompiler {
 public:
  /// The L1-D hit latency a compiler assumes for a load (CG-OoO's L1: 3 cycles).
  static constexpr std::uint32_t kLoadCycles = 3;
  explicit BlockCompiler(const CoreSpec& spec) : spec_(spec) {}
  /// Learns a block from its instructions in program order (each static only once).
  void learn(const std::vector<const Uop*>& block);
  std::uint64_t local_mask(std::uint32_t index) const {
    return index < plans_.size() ? plans_[index].local_mask : 0;
  }
  std::uint32_t priority(std::uint32_t index) const {
    return spec_.blocks.list_schedule && index < plans_.size() ? plans_[index].priority : 0;
  }

 private:
  struct Plan {
    std::uint64_t local_mask = 0;
    std::uint32_t priority = 0;
    bool learned = false;
  };
  std::uint32_t latency(const Uop& u) const;
  CoreSpec spec_;
  std::vector<Plan> plans_;
};

}  // namespace axsim::arch::cpu
