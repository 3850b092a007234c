// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/branch_predictor.hpp"

#include "arch/common/datapath_costs.hpp"
#include "arch/cpu/cpu_stats.hpp"

namespace axsim::arch::cpu {

namespace {
using workloads::cpu::InsnClass;
constexpr std::uint32_t kPcBits = 48;  // a BTB entry's tag and target, a stack entry

std::uint64_t mask(std::uint32_t bits) { return (std::uint64_t{1} << bits) - 1; }

// One read of a table of `entries` x `bits` (the SRAM model, a register file below it), in
// whole bytes (a 2-bit counter is read with the byte that holds it).
sim::Cost table_read(const sim::TechTable& t, std::uint64_t entries, std::uint32_t bits,
                     std::uint32_t read_bits) {
  return t.sram((entries * bits + 7) / 8, (read_bits + 7) / 8 * 8).read_pj;
}
}  // namespace

BranchPredictor::BranchPredictor(sim::SimContext& ctx, sim::Component* parent,
                                 const PredictorSpec& spec)
    : Component(ctx, parent, "predictor", "cpu.branch_predictor"),
      spec_(spec),
      perfect_(spec.kind == "perfect"),
      local_history_(spec.local_histories, 0),
      local_(std::size_t{1} << spec.local_history_bits, 1),
      global_(std::size_t{1} << spec.global_history_bits, 1),
      choice_(spec.choice_entries, 1),
      btb_(spec.btb_entries),
      ras_(spec.ras_entries, 0),
      branches_(declared_counter(*this, cpu_component_stats(), "branches")),
      wrong_direction_(declared_counter(*this, cpu_component_stats(), "wrong_direction")),
      wrong_target_(declared_counter(*this, cpu_component_stats(), "wrong_target")),
      wrong_return_(declared_counter(*this, cpu_component_stats(), "wrong_return")) {
  const sim::TechTable& t = tech();
  // Tournament: the local history, the local and global counters and the chooser, read together.
  const sim::Cost lh =
      table_read(t, spec.local_histories, spec.local_history_bits, spec.local_history_bits);
  const sim::Cost lc = table_read(t, local_.size(), 2, 2), gc = table_read(t, global_.size(), 2, 2),
                  cc = table_read(t, choice_.size(), 2, 2);
  direction_lookup_ = actions().declare("direction_lookup", plus(plus(lh, lc), plus(gc, cc)));
  // BTB: one set's tags and targets.
  btb_lookup_ = actions().declare(
      "btb_lookup", table_read(t, spec.btb_entries, 2 * kPcBits, spec.btb_ways * 2 * kPcBits));
  ras_access_ = actions().declare("ras_access", t.register_file(spec.ras_entries, kPcBits).read_pj);
}

bool BranchPredictor::direction(std::uint64_t pc, bool taken) {
  actions().add(direction_lookup_);
  std::uint16_t& lh = local_history_[pc % local_history_.size()];
  std::uint8_t& local = local_[lh & mask(spec_.local_history_bits)];
  std::uint8_t& global = global_[global_history_ & mask(spec_.global_history_bits)];
  std::uint8_t& choice = choice_[global_history_ % choice_.size()];
  const bool by_local = local >= 2, by_global = global >= 2;
  const bool predicted = choice >= 2 ? by_global : by_local;
  if (by_local != by_global) train(choice, by_global == taken);
  train(local, taken), train(global, taken);
  lh = std::uint16_t(((lh << 1) | taken) & mask(spec_.local_history_bits));
  global_history_ = ((global_history_ << 1) | taken) & mask(spec_.global_history_bits);
  return predicted == taken;
}

bool BranchPredictor::target(std::uint64_t pc, std::uint64_t target) {
  actions().add(btb_lookup_);
  const std::size_t sets = btb_.size() / spec_.btb_ways;
  BtbEntry* set = &btb_[(pc % sets) * spec_.btb_ways];
  BtbEntry* victim = set;
  for (std::uint32_t w = 0; w < spec_.btb_ways; ++w) {
    BtbEntry& e = set[w];
    if (e.valid && e.pc == pc) {
      const bool right = e.target == target;
      e.target = target, e.last_use = ++btb_clock_;
      return right;
    }
    if (!e.valid || (victim->valid && e.last_use < victim->last_use)) victim = &e;
  }
  *victim = {pc, target, ++btb_clock_, true};
  return false;
}

bool BranchPredictor::mispredicted(const workloads::cpu::StaticInsn& s, std::uint64_t next_pc) {
  branches_.add();
  if (perfect_) return false;
  const std::uint64_t fall = s.pc + s.bytes.size();
  const bool taken = next_pc != fall;
  const auto push = [&] {
    actions().add(ras_access_);
    ras_top_ = (ras_top_ + 1) % ras_.size();
    ras_[ras_top_] = fall;
    if (ras_depth_ < ras_.size()) ++ras_depth_;
  };
  switch (s.cls) {
    case InsnClass::kBranchCond: {
      const bool right = direction(s.pc, taken);
      const bool target_right = !taken || target(s.pc, next_pc);
      if (!right)
        wrong_direction_.add();
      else if (!target_right)
        wrong_target_.add();
      return !right || !target_right;
    }
    case InsnClass::kCall:
    case InsnClass::kCallIndirect:
      push();
      [[fallthrough]];
    case InsnClass::kJump:
    case InsnClass::kJumpIndirect:
      if (target(s.pc, next_pc)) return false;
      wrong_target_.add();
      return true;
    case InsnClass::kReturn: {
      actions().add(ras_access_);
      const bool right = ras_depth_ > 0 && ras_[ras_top_] == next_pc;
      if (ras_depth_ > 0) ras_top_ = (ras_top_ + ras_.size() - 1) % ras_.size(), --ras_depth_;
      if (!right) wrong_return_.add();
      return !right;
    }
    default:
      return false;
  }
}

}  // namespace axsim::arch::cpu
