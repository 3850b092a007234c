// SPDX-License-Identifier: Apache-2.0
// The core's in-order ends: dispatch (renaming, CG-OoO's blocks) and commit.
#include <algorithm>
#include <bit>

#include "arch/cpu/core.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cpu {

std::uint32_t Core::registers_needed(const Uop& u) const {
  if (spec_.rename_registers == 0) return 0;
  return std::uint32_t(std::popcount(u.dst & ~u.local_dst));
}

/// CG-OoO: a block ends after a branch or at window_entries instructions. Tentative until the
/// instruction dispatches.
void Core::assign_block(Uop& u) {
  if (!blocks_) return;
  const bool fresh = block_closed_ || block_size_ >= spec_.blocks.window_entries;
  u.block = fresh ? block_id_ + 1 : block_id_;
  u.local_dst = u.dst & compiler_.local_mask(u.index);
  u.priority = compiler_.priority(u.index);
}

/// Producers by register; CG-OoO's local sources come from the same block's window.
void Core::rename(Uop& u) {
  u.producers.clear();
  u.local_src = 0;
  for (std::uint64_t s = u.src; s != 0; s &= s - 1) {
    const std::uint64_t p = last_writer_[std::countr_zero(s)];
    const Uop* w = p == kNoSeq ? nullptr : in_rob(p);
    if (w == nullptr) continue;
    u.producers.push_back(p);
    if (w->block == u.block && (w->local_dst & s & -s) != 0) u.local_src |= s & -s;
  }
  for (std::uint64_t d = u.dst; d != 0; d &= d - 1) last_writer_[std::countr_zero(d)] = u.seq;
}

/// CG-OoO: the compiler's pass over the block just dispatched (block_compiler.hpp).
void Core::learn_block() {
  std::vector<const Uop*> block;
  for (std::uint64_t seq = block_first_seq_; const Uop* u = in_rob(seq); ++seq) {
    if (u->block != block_id_) break;
    block.push_back(u);
  }
  compiler_.learn(block);
}

Core::Stall Core::dispatch(std::uint64_t cycle, std::uint32_t& dispatched) {
  while (dispatched < spec_.front.width) {
    Uop* next = front_->ready(cycle);
    if (next == nullptr) {
      if (front_->finished()) return Stall::kDrain;
      return front_->waiting_for_redirect(cycle) && front_->empty() ? Stall::kRedirect
                                                                    : Stall::kFetch;
    }
    assign_block(*next);
    if ((!blocks_ && rob_.size() >= spec_.rob) || registers_needed(*next) > free_registers_ ||
        !lsq_->has_room(*next) || !scheduler_->has_room(*next)) {
      // CG-OoO: a block that alone fills the queues or the registers ends there, so that it can
      // commit and free them.
      if (blocks_ && !block_closed_ && !rob_.empty() && rob_.front().block == block_id_ &&
          next->block == block_id_) {
        learn_block();
        block_closed_ = true;
      }
      return Stall::kStructure;
    }
    const bool new_block = blocks_ && next->block != block_id_;
    if (new_block) {
      if (!block_closed_) learn_block();  // split at the size limit
      block_id_ = next->block;
      block_first_seq_ = next->seq;
      block_size_ = 0;
    }
    block_closed_ = false;
    rob_.push_back(front_->pop());
    Uop& u = rob_.back();
    free_registers_ -= registers_needed(u);
    rename(u);
    u.earliest = cycle + spec_.issue_cycles;
    schedule(u.earliest);
    lsq_->allocate(u);
    scheduler_->insert(u);
    costs_->dispatched(u, new_block);
    ++block_size_;
    if (blocks_ && u.ends_block) {
      learn_block();
      block_closed_ = true;
    }
    ++dispatched;
  }
  return Stall::kNone;
}

/// CG-OoO: the oldest block is dispatched whole and every instruction in it is done.
bool Core::block_complete(std::uint64_t cycle) const {
  const std::uint64_t block = rob_.front().block;
  if (block == block_id_ && !block_closed_ && !front_->finished()) return false;
  for (const Uop& u : rob_) {
    if (u.block != block) break;
    if (u.done == kNever || u.done > cycle) return false;
  }
  return true;
}

void Core::retire_head() {
  Uop& u = rob_.front();
  lsq_->commit(u);
  scheduler_->committed(u);
  costs_->committed(u, rob_.size() == 1 || rob_[1].block != u.block);
  free_registers_ += registers_needed(u);
  for (std::uint64_t d = u.dst; d != 0; d &= d - 1)
    if (last_writer_[std::countr_zero(d)] == u.seq) last_writer_[std::countr_zero(d)] = kNoSeq;
  retired_.add();
  rob_.pop_front();
}

std::uint32_t Core::commit(std::uint64_t cycle) {
  std::uint32_t n = 0;
  if (blocks_) {
    for (std::uint32_t b = 0; b < spec_.commit_width && !rob_.empty() && block_complete(cycle);
         ++b) {
      const std::uint64_t block = rob_.front().block;
      while (!rob_.empty() && rob_.front().block == block) retire_head(), ++n;
      blocks_committed_.add();
    }
    return n;
  }
  while (n < spec_.commit_width && !rob_.empty() && rob_.front().done != kNever &&
         rob_.front().done <= cycle)
    retire_head(), ++n;
  return n;
}

}  // namespace axsim::arch::cpu
