// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/sparse_pe.hpp"

#include "arch/common/datapath_costs.hpp"

namespace axsim::arch::sparse {

namespace {

// The queue: depth entries, visible the cycle after the broadcast, and a registered full flag
// (a slot freed this cycle is usable from the next), as a hardware FIFO.
sim::ChannelSpec queue_spec(const PeParts& p) {
  return {static_cast<std::size_t>(p.queue_depth), 1, 1, 1};
}

}  // namespace

SparsePe::SparsePe(sim::SimContext& ctx, sim::Component* parent, const std::string& name,
                   const sim::ClockDomain& clock, const PeParts& parts)
    : Ticked(ctx, parent, name, parts.type + ".pe", clock),
      queue_(ctx, this, "act_queue", clock, queue_spec(parts)),
      ptr_(ctx, this, parts.type + ".ptr_read", parts.ptr),
      spmat_(ctx, this, parts.type + ".spmat_read", parts.spmat_width_bits, parts.spmat),
      arith_(ctx, this, parts.type + ".arith", parts.mac),
      push_(actions().declare("act_queue_push", plus(parts.queue.write_pj, parts.queue.read_pj))) {
  set_area_um2(parts.queue.area_um2);
  set_leakage_mw(parts.queue.leakage_mw);
}

void SparsePe::load(const PeSlice* slice, int entry_bits, const MacRule& rule,
                    DestinationRegisters* dest) {
  ptr_.load(slice);
  spmat_.load(slice, entry_bits);
  arith_.load(rule, dest);
}

bool SparsePe::tick() {
  using sim::CycleCategory;
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  control_->timeline().charge(stack_, cursor_, cycle);  // the cycles it slept
  const std::uint64_t ops = arith_.ops(), waits = spmat_.word_waits();
  const bool draining = !arith_.idle();
  EntryWork entry;
  const bool handed = spmat_.tick(cycle, entry);
  arith_.tick(handed ? &entry : nullptr);
  bool read_pointer = false;
  if (spmat_.can_accept()) {
    if (const std::optional<ActBroadcast> act = queue_.try_recv()) {
      actions().add(push_);
      const ColumnWork column = ptr_.read(*act);
      if (column.begin != column.end) spmat_.push(column);
      else ++empty_done_;
      read_pointer = true;
    }
  }
  stack_.charge_to(cycle + 1, arith_.ops() != ops                             ? CycleCategory::kCompute
                              : spmat_.word_waits() != waits || read_pointer ? CycleCategory::kMemoryWait
                              : draining                                     ? CycleCategory::kDrain
                                                                             : CycleCategory::kIdle);
  if (!idle()) return true;
  control_->pe_idle();
  return false;
}

sim::CycleStack SparsePe::cycle_stack(std::uint64_t end) const {
  sim::CycleStack s = stack_;
  std::size_t cursor = cursor_;
  control_->timeline().charge(s, cursor, end);
  s.close(end, sim::CycleCategory::kDrain);
  return s;
}

std::string SparsePe::state() const {
  return "queue " + queue_.state() + (spmat_.idle() ? "" : ", reading entries") +
         (arith_.idle() ? "" : ", pipeline busy");
}

}  // namespace axsim::arch::sparse
