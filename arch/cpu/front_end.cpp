// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/front_end.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "arch/cpu/cpu_stats.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cpu {

namespace {
constexpr std::uint64_t bit(std::uint8_t reg) { return std::uint64_t{1} << reg; }
}  // namespace

FrontEnd::FrontEnd(sim::SimContext& ctx, sim::Component* parent, const FrontEndSpec& spec,
                   std::uint32_t line_bytes)
    : Component(ctx, parent, "front_end", "cpu.front_end"),
      spec_(spec),
      line_bytes_(line_bytes),
      blocks_fetched_(declared_counter(*this, cpu_component_stats(), "fetch_blocks")),
      taken_branches_(declared_counter(*this, cpu_component_stats(), "taken_branches")),
      mispredicts_(declared_counter(*this, cpu_component_stats(), "branch_mispredicts")),
      replayed_(declared_counter(*this, cpu_component_stats(), "replayed")),
      predictor_(std::make_unique<BranchPredictor>(ctx, this, spec.predictor)) {}

void FrontEnd::connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp) {
  l1i_req_ = &l1i_req, l1i_resp_ = &l1i_resp;
}

void FrontEnd::start(workloads::cpu::CpuTraceReader& trace) {
  trace_ = &trace;
  trace_end_ = !trace_->next(next_);
  queue_.clear();
  blocks_.clear();
  block_base_ = first_unsent_ = 0;
  redirect_ = blocked_ = false;
  resume_ = 0;
}

bool FrontEnd::tick(std::uint64_t cycle) {
  while (const auto r = l1i_resp_->try_recv()) {
    const std::uint64_t seq = block_base_ + std::uint32_t(r->tag - std::uint32_t(block_base_));
    AXSIM_ASSERT(seq - block_base_ < blocks_.size());
    blocks_[seq - block_base_].arrived = cycle;
  }
  // Blocks no queued instruction needs any more (and whose response came) are dropped.
  const std::uint64_t keep =
      queue_.empty() ? block_base_ + blocks_.size() - 1 : queue_.front().first_block;
  while (!blocks_.empty() && block_base_ < keep && blocks_.front().arrived != kNever)
    blocks_.pop_front(), ++block_base_;
  const std::size_t queued = queue_.size();
  fetch(cycle);
  send_blocks();
  return queue_.size() != queued || first_unsent_ != block_base_ + blocks_.size();
}

Uop* FrontEnd::ready(std::uint64_t cycle) {
  if (queue_.empty()) return nullptr;
  Uop& u = queue_.front();
  for (std::uint64_t b = u.first_block; b <= u.last_block; ++b) {
    const std::uint64_t arrived = blocks_[b - block_base_].arrived;
    if (arrived == kNever || arrived + spec_.decode_cycles > cycle) return nullptr;
  }
  return &u;
}

Uop FrontEnd::pop() {
  Uop u = std::move(queue_.front());
  queue_.pop_front();
  return u;
}

void FrontEnd::resolved(std::uint64_t cycle) {
  blocked_ = false;
  resume_ = cycle;
}

void FrontEnd::replay(std::deque<Uop>&& squashed) {
  if (squashed.empty()) return;
  const std::size_t squashed_count = squashed.size();
  replayed_.add(squashed_count);
  const std::uint64_t addr = squashed.front().pc / spec_.fetch_bytes * spec_.fetch_bytes;
  request_block(addr);
  const std::uint64_t seq = block_base_ + blocks_.size() - 1;
  for (auto it = squashed.rbegin(); it != squashed.rend(); ++it) queue_.push_front(std::move(*it));
  for (Uop& u : queue_) {
    u.first_block = u.last_block = seq;  // the right path is fetched again from the first
    u.producers.clear();
    u.issued = u.done = kNever;
    u.loads_pending = 0;
    u.local_dst = 0;
  }
  for (std::size_t i = 0; i < squashed_count; ++i) queue_[i].replayed = true;
  redirect_ = true;
}

std::uint64_t FrontEnd::next_change(std::uint64_t cycle) const {
  std::uint64_t at = kNever;
  if (!blocked_ && resume_ > cycle) at = resume_;
  if (!queue_.empty()) {
    const Uop& u = queue_.front();
    std::uint64_t ready = 0;
    for (std::uint64_t b = u.first_block; b <= u.last_block; ++b)
      ready = std::max(ready, blocks_[b - block_base_].arrived);
    if (ready != kNever && ready + spec_.decode_cycles > cycle)
      at = std::min(at, ready + spec_.decode_cycles);
  }
  return at;
}

bool FrontEnd::finished() const {
  return trace_end_ && queue_.empty() && first_unsent_ == block_base_ + blocks_.size();
}

void FrontEnd::request_block(std::uint64_t addr) {
  blocks_.push_back({addr, kNever});
  blocks_fetched_.add();
}

void FrontEnd::send_blocks() {
  while (first_unsent_ < block_base_ + blocks_.size()) {
    const Block& b = blocks_[first_unsent_ - block_base_];
    if (!l1i_req_->try_send({spec_.fetch_bytes, false, std::uint32_t(first_unsent_), b.addr}))
      return;
    ++first_unsent_;
  }
}

Uop FrontEnd::decode(std::uint64_t first_seq) {
  const workloads::cpu::StaticInsn& s = trace_->statics()[next_.insn];
  Uop u;
  u.seq = next_seq_++;
  u.index = next_.insn;
  u.pc = s.pc;
  u.cls = s.cls;
  for (std::uint8_t r : s.src) u.src |= bit(r);
  for (std::uint8_t r : s.dst) u.dst |= bit(r);
  u.first_block = first_seq;
  u.last_block = block_base_ + blocks_.size() - 1;
  u.ends_block = workloads::cpu::is_branch(s.cls);
  for (const workloads::cpu::MemAccess& a : next_.accesses) {
    const bool store = s.mem[a.op].store;
    (store ? u.has_store : u.has_load) = true;
    const std::uint64_t end = a.addr + std::max<std::uint8_t>(s.mem[a.op].size, 1);
    for (std::uint64_t at = a.addr; at < end; at = (at / line_bytes_ + 1) * line_bytes_) {
      const std::uint64_t stop = std::min(end, (at / line_bytes_ + 1) * line_bytes_);
      u.mem.push_back({stop - at, store, 0, at});
    }
  }
  return u;
}

void FrontEnd::fetch(std::uint64_t cycle) {
  if (blocked_ || cycle < resume_) return;  // a mispredicted branch not resolved
  bool requested = false;                   // new blocks are requested once a cycle (one L1-I port)
  for (std::uint32_t n = 0; n < spec_.width && !trace_end_ && queue_.size() < spec_.fetch_queue;
       ++n) {
    const workloads::cpu::StaticInsn& s = trace_->statics()[next_.insn];
    const std::uint64_t first = s.pc / spec_.fetch_bytes * spec_.fetch_bytes;
    const std::uint64_t last = (s.pc + s.bytes.size() - 1) / spec_.fetch_bytes * spec_.fetch_bytes;
    // A taken branch redirects fetch: its target's block is fetched again, even the same one.
    const bool have = !redirect_ && !blocks_.empty() && blocks_.back().addr == first;
    if ((!have || last != first) && requested) break;
    if (!have) request_block(first);
    const std::uint64_t first_seq = block_base_ + blocks_.size() - 1;
    for (std::uint64_t b = first + spec_.fetch_bytes; b <= last; b += spec_.fetch_bytes)
      request_block(b);
    requested |= !have || last != first;
    redirect_ = false;
    const std::uint64_t fallthrough = s.pc + s.bytes.size();
    const std::uint32_t index = next_.insn;
    queue_.push_back(decode(first_seq));
    trace_end_ = !trace_->next(next_);  // may grow the statics: `s` is not used below
    if (trace_end_) break;              // no branch is predicted across a window's end
    const workloads::cpu::StaticInsn& fetched = trace_->statics()[index];
    const std::uint64_t next_pc = trace_->statics()[next_.insn].pc;
    const bool branch = workloads::cpu::is_branch(fetched.cls);
    if (branch && next_pc != fallthrough) taken_branches_.add();
    if (branch && predictor_->mispredicted(fetched, next_pc)) {
      queue_.back().mispredicted = true;
      mispredicts_.add();
      blocked_ = redirect_ = true;  // the right path is fetched once the branch resolves
      break;
    }
    if (next_pc != fallthrough) {
      redirect_ = true;
      break;  // a taken branch ends the fetch group
    }
  }
}

std::string FrontEnd::state() const {
  return fmt::format("{} instructions fetched, trace {}{}", queue_.size(),
                     trace_end_ ? "ended" : "running", blocked_ ? ", waiting for a branch" : "");
}

}  // namespace axsim::arch::cpu
