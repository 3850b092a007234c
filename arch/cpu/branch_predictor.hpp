// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/component.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::arch::cpu {

/// The front end's predictors (CG-OoO's simulator defaults, papers.md: tournament of a local
/// predictor, 2048 2-bit counters over 11-bit local histories, and a global one, 8192 2-bit
/// counters over a 13-bit global history, with an 8192-entry chooser; a 4096-entry BTB; a
/// 16-entry return-address stack).
struct PredictorSpec {
  std::string kind = "tournament";       ///< or "perfect": every branch predicted right
  std::uint32_t local_histories = 2048;  ///< local history table entries (by pc)
  std::uint32_t local_history_bits = 11;
  std::uint32_t global_history_bits = 13;
  std::uint32_t choice_entries = 8192;
  std::uint32_t btb_entries = 4096;
  std::uint32_t btb_ways = 4;
  std::uint32_t ras_entries = 16;
};

/// Predicts each branch the core fetches and, the trace giving the outcome, says whether the
/// prediction was wrong (direction, or target: a BTB miss or a stale target, an empty or wrong
/// return-address stack) and trains on the outcome. Conditional branches take the tournament's
/// direction and, when taken, the BTB's target; jumps and calls the BTB's target (a direct one
/// is known at decode: only a BTB miss costs); returns the stack's top. Counts each structure's
/// accesses as energy actions of the tables' sizes.
class BranchPredictor : public sim::Component {
 public:
  BranchPredictor(sim::SimContext& ctx, sim::Component* parent, const PredictorSpec& spec);
  /// The branch `s` went to `next_pc`: true when the front end predicted otherwise.
  bool mispredicted(const workloads::cpu::StaticInsn& s, std::uint64_t next_pc);

 private:
  bool direction(std::uint64_t pc, bool taken);         ///< predicts, trains; true if right
  bool target(std::uint64_t pc, std::uint64_t target);  ///< looks up, trains; true if right
  static void train(std::uint8_t& counter, bool taken) {
    if (taken && counter < 3) ++counter;
    if (!taken && counter > 0) --counter;
  }
  struct BtbEntry {
    std::uint64_t pc = 0, target = 0, last_use = 0;
    bool valid = false;
  };

  PredictorSpec spec_;
  bool perfect_;
  std::vector<std::uint16_t> local_history_;
  std::vector<std::uint8_t> local_, global_, choice_;
  std::uint64_t global_history_ = 0;
  std::vector<BtbEntry> btb_;
  std::uint64_t btb_clock_ = 0;
  std::vector<std::uint64_t> ras_;  ///< a circular stack
  std::uint32_t ras_top_ = 0, ras_depth_ = 0;
  sim::Counter &branches_, &wrong_direction_, &wrong_target_, &wrong_return_;
  sim::ActionCounts::Id direction_lookup_, btb_lookup_, ras_access_;
};

}  // namespace axsim::arch::cpu
