// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/core.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "arch/cpu/cpu_stats.hpp"
#include "arch/cpu/schedulers.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cpu {

namespace {
using workloads::cpu::InsnClass;
}  // namespace

Core::Core(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
           const CoreSpec& spec, std::uint32_t line_bytes)
    : Ticked(ctx, parent, "core", "cpu.core", clock),
      spec_(spec),
      blocks_(spec.kind == "cgooo"),
      front_(std::make_unique<FrontEnd>(ctx, this, spec.front, line_bytes)),
      lsq_(std::make_unique<LoadStoreQueue>(ctx, this, spec.lsq)),
      scheduler_(make_scheduler(spec)),
      costs_(std::make_unique<CoreCosts>(*this, spec)),
      compiler_(spec),
      alus_used_(blocks_ ? spec.blocks.clusters : 1, 0),
      retired_(declared_counter(*this, cpu_component_stats(), "instructions")),
      loads_(declared_counter(*this, cpu_component_stats(), "loads")),
      stores_(declared_counter(*this, cpu_component_stats(), "stores")),
      squashes_(declared_counter(*this, cpu_component_stats(), "squashes")),
      blocks_committed_(declared_counter(*this, cpu_component_stats(), "blocks")) {}

Core::~Core() = default;

void Core::connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp,
                   sim::Channel<MemRequest>& l1d_req, sim::Channel<MemResponse>& l1d_resp) {
  front_->connect(l1i_req, l1i_resp);
  lsq_->connect(l1d_req, l1d_resp);
}

void Core::start(workloads::cpu::CpuTraceReader& trace) {
  trace_ = &trace;
  front_->start(trace);
  lsq_->reset();
  scheduler_->squash(0, 0);
  rob_.clear();
  last_writer_.fill(kNoSeq);
  free_registers_ = spec_.rename_registers;
  block_closed_ = true;
  block_size_ = 0;
  events_ = {};
  squash_at_ = kNoSeq;
  starting_ = true;  // the phase starts at the core's first tick
  done_ = false;
  slept_as_ = sim::CycleCategory::kMemoryWait;
  wake();
}

Uop* Core::in_rob(std::uint64_t seq) {
  if (rob_.empty() || seq < rob_.front().seq || seq > rob_.back().seq) return nullptr;
  return &rob_[seq - rob_.front().seq];
}
const Uop* Core::in_rob(std::uint64_t seq) const { return const_cast<Core*>(this)->in_rob(seq); }

bool Core::tick() {
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  if (starting_) {
    starting_ = false;
    start_cycle_ = finish_cycle_ = div_free_ = cycle;
    stack_.start(cycle);
  }
  stack_.charge_to(cycle, slept_as_);
  take_loads(cycle);
  const std::uint32_t committed = commit(cycle);
  std::fill(alus_used_.begin(), alus_used_.end(), 0);
  mul_used_ = fp_used_ = mem_used_ = issued_ = 0;
  const std::uint32_t looked = scheduler_->select(cycle, *this);
  costs_->select_cycle(scheduler_->waiting(), scheduler_->busy_windows(), looked);
  if (squash_at_ != kNoSeq) squash(std::exchange(squash_at_, kNoSeq));
  std::uint32_t dispatched = 0;
  const Stall stall = dispatch(cycle, dispatched);
  const bool fetching = front_->tick(cycle);
  lsq_->send(cycle);
  const sim::CycleCategory cat =
      issued_ > 0 || committed > 0 ? sim::CycleCategory::kCompute : category(stall);
  stack_.charge_to(cycle + 1, cat);
  slept_as_ = cat;
  if (front_->finished() && rob_.empty() && lsq_->drained()) {
    finish_cycle_ = cycle + 1;
    stack_.close(finish_cycle_, sim::CycleCategory::kDrain);
    done_ = true;
    progress();
    return false;
  }
  if (issued_ > 0 || committed > 0 || dispatched > 0) progress();
  if (issued_ > 0 || committed > 0 || dispatched > 0 || fetching || lsq_->has_unsent()) return true;
  return sleep(cycle);
}

bool Core::sleep(std::uint64_t cycle) {
  while (!events_.empty() && events_.top() <= cycle) events_.pop();
  std::uint64_t at = front_->next_change(cycle);
  if (!events_.empty()) at = std::min(at, events_.top());
  if (at == cycle + 1) return true;
  if (at != kNever) wake_at(clock().to_ticks({at}));
  return false;  // else a cache response wakes the core
}

void Core::take_loads(std::uint64_t cycle) {
  finished_loads_.clear();
  lsq_->take_responses(finished_loads_);
  for (std::uint64_t seq : finished_loads_) {
    Uop* u = in_rob(seq);
    AXSIM_ASSERT(u != nullptr);
    finish(*u, cycle + latency(*u) - 1);  // the data arrived: the operation's own latency
  }
}

void Core::finish(Uop& u, std::uint64_t done) {
  u.done = done;
  schedule(done);
  scheduler_->wake_up(u);
  costs_->completed(u, scheduler_->busy_windows());
  if (u.mispredicted) front_->resolved(done);
}

std::uint32_t Core::latency(const Uop& u) const {
  switch (u.cls) {
    case InsnClass::kMultiply:
      return spec_.mul_cycles;
    case InsnClass::kDivide:
      return spec_.div_cycles;
    case InsnClass::kFloat:
    case InsnClass::kVector:
      return spec_.fp_cycles;
    default:
      return spec_.alu_cycles;
  }
}

bool Core::operands_ready(const Uop& u, std::uint64_t cycle) const {
  for (std::uint64_t p : u.producers) {
    const Uop* w = in_rob(p);
    if (w == nullptr) continue;  // committed
    std::uint64_t ready = w->done;
    if (ready == kNever) return false;
    // CG-OoO: a global value from another cluster's segment takes longer.
    if (blocks_ && w->block != u.block &&
        w->window / spec_.blocks.grf_segments != u.window / spec_.blocks.grf_segments)
      ready += spec_.blocks.far_segment_cycles;
    if (ready > cycle) return false;
  }
  return true;
}

bool Core::unit_free(const Uop& u, std::uint64_t cycle, std::uint32_t cluster) {
  const std::uint32_t alus = spec_.alus / std::uint32_t(alus_used_.size());
  if (u.is_load() || u.is_store()) return mem_used_ < spec_.mem_issue;
  switch (u.cls) {
    case InsnClass::kMultiply:
      return mul_used_ < spec_.mul_units;
    case InsnClass::kDivide:
      return div_free_ <= cycle;
    case InsnClass::kFloat:
    case InsnClass::kVector:
      return fp_used_ < spec_.fp_units;
    default:
      return alus_used_[cluster] < alus;
  }
}

bool Core::try_issue(Uop& u, std::uint64_t cycle, std::uint32_t cluster) {
  if (u.issued != kNever || cycle < u.earliest || !operands_ready(u, cycle) ||
      !unit_free(u, cycle, cluster))
    return false;
  std::uint32_t sent = 0;
  if (u.is_load()) {
    const LoadStoreQueue::LoadIssue r = lsq_->issue_load(u, cycle);
    if (!r.issued) return false;
    sent = r.sent;
    loads_.add();
  }
  u.issued = cycle;
  ++issued_;
  costs_->issued(u);
  if (u.is_load() || u.is_store()) {
    ++mem_used_;
  } else if (u.cls == InsnClass::kMultiply) {
    ++mul_used_;
  } else if (u.cls == InsnClass::kDivide) {
    div_free_ = cycle + spec_.div_cycles;
    schedule(div_free_);
  } else if (u.cls == InsnClass::kFloat || u.cls == InsnClass::kVector) {
    ++fp_used_;
  } else {
    ++alus_used_[cluster];
  }
  if (u.is_store()) {
    stores_.add();
    const std::uint64_t clash = lsq_->issue_store(u);
    if (clash != kNoSeq) squash_at_ = std::min(squash_at_, clash);
  }
  u.loads_pending = sent;
  if (!u.is_load())
    finish(u, cycle + latency(u));
  else if (sent == 0)
    finish(u, cycle + spec_.lsq.forward_cycles);
  return true;
}

void Core::squash(std::uint64_t seq) {
  std::uint64_t from = seq;  // CG-OoO squashes whole blocks
  if (blocks_)
    while (from > rob_.front().seq && in_rob(from - 1)->block == in_rob(seq)->block) --from;
  squashes_.add();
  // The scheduler and the queues point into the reorder buffer: they let go first.
  scheduler_->squash(from, blocks_ ? in_rob(from)->block : 0);
  lsq_->squash(from);
  std::deque<Uop> squashed;
  while (!rob_.empty() && rob_.back().seq >= from) {
    free_registers_ += registers_needed(rob_.back());
    squashed.push_front(std::move(rob_.back()));
    rob_.pop_back();
  }
  last_writer_.fill(kNoSeq);
  for (const Uop& u : rob_)
    for (std::uint64_t d = u.dst; d != 0; d &= d - 1) last_writer_[std::countr_zero(d)] = u.seq;
  block_closed_ = true;
  front_->replay(std::move(squashed));
}

std::string Core::state() const {
  return fmt::format("{} in flight, {} waiting to issue, {} free registers; {}; {}", rob_.size(),
                     scheduler_->waiting(), free_registers_, front_->state(), lsq_->state());
}

sim::CycleCategory Core::category(Stall s) const {
  if (!rob_.empty()) {
    const Uop& head = rob_.front();
    if (head.is_load() && head.issued != kNever && head.done == kNever)
      return sim::CycleCategory::kMemoryWait;
    if (s == Stall::kStructure) return sim::CycleCategory::kQueueFull;
    return sim::CycleCategory::kCompute;  // waiting on dependences and latencies
  }
  switch (s) {
    case Stall::kRedirect:
      return sim::CycleCategory::kIdle;
    case Stall::kDrain:
      return sim::CycleCategory::kDrain;
    default:
      return sim::CycleCategory::kMemoryWait;  // fetch
  }
}

}  // namespace axsim::arch::cpu
