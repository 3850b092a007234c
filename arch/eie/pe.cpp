// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/pe.hpp"

#include "arch/eie/ccu.hpp"
#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

namespace {

// The queue: depth entries, visible the cycle after the broadcast, and a registered full flag
// (a slot freed this cycle is usable from the next), as a hardware FIFO.
sim::ChannelSpec queue_spec(const EieSpec& spec) {
  return {static_cast<std::size_t>(spec.act_queue_depth), 1, 1, 1};
}

}  // namespace

ProcessingElement::ProcessingElement(sim::SimContext& ctx, sim::Component* parent, int index,
                                     const sim::ClockDomain& clock, const EieSpec& spec)
    : Ticked(ctx, parent, "pe" + std::to_string(index), "eie.pe", clock),
      index_(index),
      num_pes_(spec.num_pes),
      data_bits_(spec.data_bits),
      queue_(ctx, this, "act_queue", clock, queue_spec(spec)),
      ptr_(ctx, this, "eie.ptr_read", sram_costs(tech(), spec.ptr_sram())),
      spmat_(ctx, this, "eie.spmat_read", spec.spmat_width_bits,
             sram_costs(tech(), spec.spmat_sram())),
      act_rw_(ctx, this, spec),
      arith_(ctx, this, "eie.arith", mac_costs(tech(), spec), act_rw_.destination()),
      push_(actions().declare("act_queue_push", plus(act_queue_costs(tech(), spec).write_pj,
                                                     act_queue_costs(tech(), spec).read_pj))) {
  const sim::SramCosts queue = act_queue_costs(tech(), spec);
  set_area_um2(queue.area_um2);
  set_leakage_mw(queue.leakage_mw);
}

void ProcessingElement::start_batch(const EieLayer& layer, const Batch& batch, int entry_bits) {
  const PeSlice& slice = batch.pes[std::size_t(index_)];
  local_rows_ = static_cast<int>((batch.rows - index_ + num_pes_ - 1) / num_pes_);
  if (local_rows_ < 0) local_rows_ = 0;
  ptr_.load(&slice);
  spmat_.load(&slice, entry_bits);
  arith_.load({&layer.codebook, layer.code_offset, layer.output_shift, data_bits_});
  act_rw_.clear_destination(local_rows_);
}

bool ProcessingElement::tick() {
  using sim::CycleCategory;
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  ccu_->timeline().charge(stack_, cursor_, cycle);  // the cycles it slept
  const std::uint64_t ops = arith_.ops(), waits = spmat_.word_waits();
  const bool draining = !arith_.idle();
  arith_.tick(spmat_.tick(cycle));
  bool read_pointer = false;
  if (spmat_.can_accept()) {
    if (const std::optional<sparse::ActBroadcast> act = queue_.try_recv()) {
      actions().add(push_);
      const sparse::ColumnWork column = ptr_.read(*act);
      if (column.begin != column.end) spmat_.push(column);
      read_pointer = true;
    }
  }
  stack_.charge_to(cycle + 1, arith_.ops() != ops                             ? CycleCategory::kCompute
                              : spmat_.word_waits() != waits || read_pointer ? CycleCategory::kMemoryWait
                              : draining                                     ? CycleCategory::kDrain
                                                                             : CycleCategory::kIdle);
  if (!idle()) return true;
  ccu_->pe_idle();
  return false;
}

sim::CycleStack ProcessingElement::cycle_stack(std::uint64_t end) const {
  sim::CycleStack s = stack_;
  std::size_t cursor = cursor_;
  ccu_->timeline().charge(s, cursor, end);
  s.close(end, sim::CycleCategory::kDrain);
  return s;
}

std::string ProcessingElement::state() const {
  return "queue " + queue_.state() + (spmat_.idle() ? "" : ", reading entries") +
         (arith_.idle() ? "" : ", pipeline busy");
}

}  // namespace axsim::arch::eie
