// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/inorder_core.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "arch/cpu/cpu_stats.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cpu {

namespace {
using workloads::cpu::InsnClass;
constexpr std::uint32_t kStoreTag = 0x80000000u;

bool is_store_access(const workloads::cpu::StaticInsn& s, const workloads::cpu::MemAccess& a) {
  return s.mem[a.op].store;
}
}  // namespace

InOrderCore::InOrderCore(sim::SimContext& ctx, sim::Component* parent,
                         const sim::ClockDomain& clock, const CoreSpec& spec,
                         std::uint32_t line_bytes)
    : Ticked(ctx, parent, "core", "cpu.inorder_core", clock),
      spec_(spec),
      line_bytes_(line_bytes),
      loads_(spec.blocking_loads ? 1 : spec.max_loads),
      retired_(declared_counter(*this, cpu_component_stats(), "instructions")),
      loads_sent_(declared_counter(*this, cpu_component_stats(), "load_requests")),
      stores_sent_(declared_counter(*this, cpu_component_stats(), "store_requests")),
      blocks_fetched_(declared_counter(*this, cpu_component_stats(), "fetch_blocks")),
      taken_branches_(declared_counter(*this, cpu_component_stats(), "taken_branches")),
      mispredicts_(declared_counter(*this, cpu_component_stats(), "branch_mispredicts")),
      predictor_(std::make_unique<BranchPredictor>(ctx, this, spec.predictor)) {}

void InOrderCore::connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp,
                          sim::Channel<MemRequest>& l1d_req, sim::Channel<MemResponse>& l1d_resp) {
  l1i_req_ = &l1i_req, l1i_resp_ = &l1i_resp, l1d_req_ = &l1d_req, l1d_resp_ = &l1d_resp;
}

void InOrderCore::start(workloads::cpu::CpuTraceReader& trace) {
  trace_ = &trace;
  trace_end_ = !trace_->next(next_);
  queue_.clear();
  blocks_.clear();
  block_base_ = 0;
  first_unsent_ = 0;
  redirect_ = false;
  fetch_blocked_ = false;
  fetch_resume_ = 0;
  reg_ready_.fill(0);
  for (Load& l : loads_) l = Load{};
  loads_busy_ = stores_busy_ = 0;
  mem_out_.clear();
  starting_ = true;  // the phase starts at the core's first tick (tick() sets the cycles)
  done_ = false;
  slept_as_ = sim::CycleCategory::kMemoryWait;
  wake();
}

bool InOrderCore::tick() {
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  if (starting_) {
    starting_ = false;
    start_cycle_ = finish_cycle_ = div_free_ = last_ready_ = cycle;
    stack_.start(cycle);
  }
  stack_.charge_to(cycle, slept_as_);
  take_responses(cycle);
  std::uint32_t issued = 0;
  mul_used_ = fp_used_ = 0;
  wait_until_ = kNever;
  const Stall stall = issue(cycle, issued);
  const std::size_t queued = queue_.size();
  fetch(cycle);
  if (!fetch_blocked_ && fetch_resume_ > cycle) wait_until_ = std::min(wait_until_, fetch_resume_);
  send_blocks();
  send_memory();
  const sim::CycleCategory cat = issued > 0 ? sim::CycleCategory::kCompute : category(stall);
  stack_.charge_to(cycle + 1, cat);
  if (drained()) {
    finish_cycle_ = std::max(cycle + 1, last_ready_);
    if (finish_cycle_ > cycle + 1) {  // a last result still in a unit's pipeline
      slept_as_ = sim::CycleCategory::kDrain;
      wake_at(clock().to_ticks({finish_cycle_ - 1}));
      last_ready_ = 0;
      return false;
    }
    stack_.close(finish_cycle_, sim::CycleCategory::kDrain);
    done_ = true;
    progress();
    return false;
  }
  slept_as_ = cat;
  if (issued > 0 || queue_.size() != queued || !mem_out_.empty()) return true;
  if (wait_until_ != kNever) wake_at(clock().to_ticks({std::max(wait_until_, cycle + 1)}));
  return false;  // else a response wakes the core
}

void InOrderCore::take_responses(std::uint64_t cycle) {
  while (const auto r = l1i_resp_->try_recv()) {
    const std::uint64_t seq = block_base_ + std::uint32_t(r->tag - std::uint32_t(block_base_));
    AXSIM_ASSERT(seq - block_base_ < blocks_.size());
    blocks_[seq - block_base_].arrived = cycle;
  }
  while (const auto r = l1d_resp_->try_recv()) {
    if (r->tag == kStoreTag) {
      --stores_busy_;
      continue;
    }
    Load& l = loads_[r->tag];
    if (--l.remaining > 0) continue;
    for (std::uint8_t reg : l.dst) reg_ready_[reg] = cycle;
    last_ready_ = std::max(last_ready_, cycle);
    l.busy = false;
    --loads_busy_;
  }
}

void InOrderCore::request_block(std::uint64_t addr) {
  blocks_.push_back({addr, kNever});
  blocks_fetched_.add();
}

void InOrderCore::send_blocks() {
  while (first_unsent_ < block_base_ + blocks_.size()) {
    const Block& b = blocks_[first_unsent_ - block_base_];
    if (!l1i_req_->try_send({spec_.fetch_bytes, false, std::uint32_t(first_unsent_), b.addr}))
      return;
    ++first_unsent_;
  }
}

void InOrderCore::fetch(std::uint64_t cycle) {
  if (fetch_blocked_ || cycle < fetch_resume_) return;  // a mispredicted branch not resolved
  bool requested = false;  // new blocks are requested once a cycle (one L1-I port)
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
    Insn in{next_.insn, first_seq, block_base_ + blocks_.size() - 1, false, {}};
    for (const workloads::cpu::MemAccess& a : next_.accesses) {
      const std::uint64_t end = a.addr + std::max<std::uint8_t>(s.mem[a.op].size, 1);
      for (std::uint64_t at = a.addr; at < end; at = (at / line_bytes_ + 1) * line_bytes_) {
        const std::uint64_t stop = std::min(end, (at / line_bytes_ + 1) * line_bytes_);
        in.mem.push_back({stop - at, is_store_access(s, a), 0, at});
      }
    }
    const std::uint64_t fallthrough = s.pc + s.bytes.size();
    const std::uint32_t index = next_.insn;
    queue_.push_back(std::move(in));
    trace_end_ = !trace_->next(next_);  // may grow the statics: `s` is not used below
    if (trace_end_) break;              // no branch is predicted across a window's end
    const workloads::cpu::StaticInsn& fetched = trace_->statics()[index];
    const std::uint64_t next_pc = trace_->statics()[next_.insn].pc;
    const bool branch = workloads::cpu::is_branch(fetched.cls);
    if (branch && next_pc != fallthrough) taken_branches_.add();
    if (branch && predictor_->mispredicted(fetched, next_pc)) {
      queue_.back().mispredicted = true;
      mispredicts_.add();
      fetch_blocked_ = redirect_ = true;  // the right path is fetched once the branch resolves
      break;
    }
    if (next_pc != fallthrough) {
      redirect_ = true;
      break;  // a taken branch ends the fetch group
    }
  }
}

InOrderCore::Stall InOrderCore::can_issue(const Insn& in, std::uint64_t cycle) {
  for (std::uint64_t b = in.first_block; b <= in.last_block; ++b) {
    const Block& block = blocks_[b - block_base_];
    if (block.arrived == kNever) return Stall::kFetch;
    if (block.arrived + spec_.decode_cycles > cycle) {
      wait_until_ = block.arrived + spec_.decode_cycles;
      return Stall::kFetch;
    }
  }
  const workloads::cpu::StaticInsn& s = trace_->statics()[in.index];
  for (std::uint8_t r : s.src) {
    if (reg_ready_[r] == kNever) return Stall::kLoadData;
    if (reg_ready_[r] > cycle) {
      wait_until_ = reg_ready_[r];
      return Stall::kDependency;
    }
  }
  for (std::uint8_t r : s.dst)  // a later write may not land before a pending load's
    if (reg_ready_[r] == kNever) return Stall::kLoadData;
  switch (s.cls) {
    case InsnClass::kMultiply:
      if (mul_used_ >= spec_.mul_units) return Stall::kStructure;
      break;
    case InsnClass::kDivide:
      if (div_free_ > cycle) {
        wait_until_ = div_free_;
        return Stall::kDependency;
      }
      break;
    case InsnClass::kFloat:
    case InsnClass::kVector:
      if (fp_used_ >= spec_.fp_units) return Stall::kStructure;
      break;
    default:
      break;
  }
  std::uint32_t loads = 0, stores = 0;
  for (const MemRequest& m : in.mem) ++(m.write ? stores : loads);
  if (loads > 0 && loads_busy_ >= (spec_.blocking_loads ? 1u : spec_.max_loads))
    return Stall::kLoadData;
  if (stores > 0 && stores_busy_ + stores > std::max(spec_.store_buffer, stores))
    return Stall::kStructure;
  return Stall::kNone;
}

void InOrderCore::execute(Insn& in, std::uint64_t cycle) {
  const workloads::cpu::StaticInsn& s = trace_->statics()[in.index];
  std::uint32_t latency = spec_.alu_cycles;
  switch (s.cls) {
    case InsnClass::kMultiply:
      latency = spec_.mul_cycles, ++mul_used_;
      break;
    case InsnClass::kDivide:
      latency = spec_.div_cycles;
      div_free_ = cycle + spec_.div_cycles;
      break;
    case InsnClass::kFloat:
    case InsnClass::kVector:
      latency = spec_.fp_cycles, ++fp_used_;
      break;
    default:
      break;
  }
  Load* load = nullptr;
  for (MemRequest& m : in.mem) {
    if (m.write) {
      m.tag = kStoreTag;
      ++stores_busy_;
      stores_sent_.add();
    } else {
      if (load == nullptr) {
        load = &*std::find_if(loads_.begin(), loads_.end(), [](const Load& l) { return !l.busy; });
        load->busy = true;
        load->dst.assign(s.dst.begin(), s.dst.end());
        ++loads_busy_;
      }
      ++load->remaining;
      m.tag = std::uint32_t(load - loads_.data());
      loads_sent_.add();
    }
    mem_out_.push_back(m);
  }
  for (std::uint8_t r : s.dst) reg_ready_[r] = load ? kNever : cycle + latency;
  if (load == nullptr) last_ready_ = std::max(last_ready_, cycle + latency);
  if (in.mispredicted) {  // resolved: fetch goes on from the right path
    fetch_blocked_ = false;
    fetch_resume_ = cycle + latency;
  }
  retired_.add();
  progress();
}

InOrderCore::Stall InOrderCore::issue(std::uint64_t cycle, std::uint32_t& issued) {
  while (issued < spec_.width && !queue_.empty()) {
    const Stall s = can_issue(queue_.front(), cycle);
    if (s != Stall::kNone) return s;
    execute(queue_.front(), cycle);
    queue_.pop_front();
    ++issued;
  }
  // Blocks no queued instruction needs any more (and whose response came) are dropped.
  const std::uint64_t keep =
      queue_.empty() ? block_base_ + blocks_.size() - 1 : queue_.front().first_block;
  while (!blocks_.empty() && block_base_ < keep && blocks_.front().arrived != kNever)
    blocks_.pop_front(), ++block_base_;
  if (!queue_.empty()) return Stall::kNone;
  if (trace_end_) return Stall::kDrain;
  return fetch_blocked_ || cycle < fetch_resume_ ? Stall::kRedirect : Stall::kFetch;
}

void InOrderCore::send_memory() {
  for (std::uint32_t n = 0; n < spec_.mem_ports && !mem_out_.empty(); ++n) {
    if (!l1d_req_->try_send(mem_out_.front())) return;
    mem_out_.pop_front();
  }
}

bool InOrderCore::drained() const {
  return trace_end_ && queue_.empty() && loads_busy_ == 0 && stores_busy_ == 0 &&
         mem_out_.empty() && first_unsent_ == block_base_ + blocks_.size();
}

sim::CycleCategory InOrderCore::category(Stall s) {
  switch (s) {
    case Stall::kFetch:
    case Stall::kLoadData:
      return sim::CycleCategory::kMemoryWait;
    case Stall::kStructure:
      return sim::CycleCategory::kQueueFull;
    case Stall::kDrain:
      return sim::CycleCategory::kDrain;
    case Stall::kRedirect:  // no instruction of the right path yet
      return sim::CycleCategory::kIdle;
    default:
      return sim::CycleCategory::kCompute;
  }
}

std::string InOrderCore::state() const {
  return fmt::format(
      "{} instructions queued, {} loads and {} stores outstanding, {} requests "
      "unsent, trace {}",
      queue_.size(), loads_busy_, stores_busy_, mem_out_.size(), trace_end_ ? "ended" : "running");
}

}  // namespace axsim::arch::cpu
