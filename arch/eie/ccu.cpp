// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/ccu.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

CentralControl::CentralControl(sim::SimContext& ctx, sim::Component* parent,
                               const sim::ClockDomain& clock, const EieSpec& spec,
                               std::vector<ProcessingElement*> pes)
    : Ticked(ctx, parent, "ccu", "eie.ccu", clock),
      spec_(spec),
      pes_(std::move(pes)),
      broadcasts_(stats().counter("broadcasts", "activations", "non-zero activations broadcast")),
      stall_cycles_(stats().counter("queue_full_cycles", "cycles",
                                    "cycles the broadcast waited for a full activation queue")),
      load_cycles_(stats().counter("load_cycles", "cycles",
                                   "cycles loading source chunks and filling the LNZD tree")),
      writeback_cycles_(stats().counter("writeback_cycles", "cycles",
                                        "cycles writing batches back to the activation SRAMs")),
      ideal_cycles_(stats().counter("ideal_cycles", "cycles",
                                    "entries computed / PEs: the time with perfect balance")),
      load_efficiency_(stats().average("load_efficiency", "%",
                                       "entries computed / (PEs x layer cycles): EIE's load "
                                       "balance (Han et al., ISCA 2016)")),
      lnzd_(actions().declare("lnzd_node_op", lnzd_node_costs(tech(), spec).energy_pj)) {
  const sim::OpCosts node = lnzd_node_costs(tech(), spec);
  set_area_um2(times(node.area_um2, spec.lnzd_nodes(), "the tree's nodes"));
  set_leakage_mw(times(node.leakage_mw, spec.lnzd_nodes(), "the tree's nodes"));
  for (ProcessingElement* pe : pes_) {
    pe->queue().connect(this, pe);
    pe->set_control(this);
  }
}

void CentralControl::start_layer(const EieLayer& layer, int entry_bits,
                                 std::vector<std::int32_t>& output) {
  layer_ = &layer;
  output_ = &output;
  entry_bits_ = entry_bits;
  batch_ = 0;
  start_tick_ = now();
  first_cycle_ = clock().edge_at_or_after(now()) / clock().period_ps();
  timeline_.start(first_cycle_, sim::CycleCategory::kMemoryWait);
  for (ProcessingElement* pe : pes_) pe->start_layer(first_cycle_);
  start_batch();
  wake();
}

bool CentralControl::multi_chunk() const { return layer_->cols > spec_.chunk_cols(); }
bool CentralControl::multi_batch() const { return layer_->batches.size() > 1; }

std::uint64_t CentralControl::sram_cycles(std::uint64_t values) const {
  return pes_.front()->act_rw().sram_words(values);
}

void CentralControl::start_batch() {
  for (ProcessingElement* pe : pes_) pe->start_batch(*layer_, layer_->batches[batch_], entry_bits_);
  next_ = 0;
  chunk_end_ = 0;
  start_chunk();
}

// The source registers take the next chunk from the activation SRAMs (when the input does not
// fit them), then the LNZD pipeline fills: lnzd_levels cycles before the first broadcast.
void CentralControl::start_chunk() {
  chunk_end_ += spec_.chunk_cols();
  wait_ = std::uint64_t(spec_.lnzd_levels());
  if (multi_chunk()) {
    const auto values = std::uint64_t(spec_.regfile_entries);
    for (ProcessingElement* pe : pes_) pe->act_rw().sram_read(values);
    wait_ += sram_cycles(values);
  }
  set_phase(Phase::kLoad);
}

void CentralControl::set_phase(Phase phase) {
  static constexpr sim::CycleCategory kSeenByIdlePe[] = {
      sim::CycleCategory::kIdle,    sim::CycleCategory::kMemoryWait, sim::CycleCategory::kIdle,
      sim::CycleCategory::kBarrier, sim::CycleCategory::kDrain,      sim::CycleCategory::kDrain};
  phase_ = phase;
  mark(kSeenByIdlePe[int(phase)]);
}

bool CentralControl::tick() {
  if (blocked_since_ != sim::kTickNever) {
    stall_cycles_.add(static_cast<std::uint64_t>((now() - blocked_since_) / clock().period_ps()));
    blocked_since_ = sim::kTickNever;
    mark(sim::CycleCategory::kIdle);
  }
  switch (phase_) {
    case Phase::kLoad:
      load_cycles_.add();
      if (--wait_ > 0) return true;
      set_phase(Phase::kBroadcast);
      return true;
    case Phase::kBroadcast:
      return broadcast();
    case Phase::kDrain:
      return drain();
    case Phase::kWriteback:
      writeback_cycles_.add();
      if (--wait_ > 0) return true;
      if (++batch_ < layer_->batches.size()) {
        start_batch();
        return true;
      }
      finish();
      return false;
    case Phase::kIdle:
    case Phase::kDone:
      return false;
  }
  return false;
}

bool CentralControl::broadcast() {
  const auto& acts = layer_->activations;
  if (next_ == acts.size() || acts[next_].col >= chunk_end_) {
    if (chunk_end_ < layer_->cols) {
      start_chunk();
      return true;
    }
    set_phase(Phase::kDrain);
    return drain();
  }
  for (ProcessingElement* pe : pes_)
    if (!pe->queue().can_send()) {  // the full queue wakes us when it frees a slot
      blocked_since_ = now();
      mark(sim::CycleCategory::kQueueFull);
      return false;
    }
  const sparse::ActBroadcast msg{acts[next_].col, acts[next_].value, 0};
  for (ProcessingElement* pe : pes_) pe->queue().try_send(msg), pe->expect(msg.col);
  ++next_;
  broadcasts_.add();
  actions().add(lnzd_, std::uint64_t(spec_.lnzd_nodes()));
  progress();
  return true;
}

bool CentralControl::drain() {
  if (!std::all_of(pes_.begin(), pes_.end(), [](const ProcessingElement* pe) { return pe->idle(); }))
    return false;  // the last PE to go idle wakes us
  collect_outputs();
  if (!multi_batch()) {
    finish();
    return false;
  }
  for (ProcessingElement* pe : pes_) pe->act_rw().sram_write(std::uint64_t(pe->local_rows()));
  wait_ = sram_cycles(std::uint64_t(spec_.regfile_entries));
  set_phase(Phase::kWriteback);
  return true;
}

// The destination registers hold the batch; ReLU is applied as they are read out.
void CentralControl::collect_outputs() {
  const Batch& batch = layer_->batches[batch_];
  const auto n = std::int64_t(pes_.size());
  for (std::int64_t k = 0; k < n; ++k) {
    const sparse::DestinationRegisters& dest = pes_[std::size_t(k)]->act_rw().destination();
    for (std::size_t local = 0; local < dest.rows(); ++local) {
      const auto v = static_cast<std::int32_t>(dest.value(0, local));  // saturated to data_bits
      (*output_)[std::size_t(batch.first_row + k + std::int64_t(local) * n)] =
          layer_->relu ? std::max(v, 0) : v;
    }
  }
  progress();
}

void CentralControl::finish() {
  set_phase(Phase::kDone);
  finish_tick_ = now();
  std::uint64_t ops = 0;
  for (const ProcessingElement* pe : pes_) ops += pe->ops();
  const auto cycles = static_cast<double>((finish_tick_ - start_tick_) / clock().period_ps());
  ideal_cycles_.add(ops / pes_.size());
  load_efficiency_.sample(cycles > 0 ? 100.0 * double(ops) / (double(pes_.size()) * cycles) : 100.0);
}

std::string CentralControl::state() const {
  static const char* names[] = {"idle", "load", "broadcast", "drain", "writeback", "done"};
  return fmt::format("{}, batch {}, activation {}/{}", names[int(phase_)], batch_, next_,
                     layer_ ? layer_->activations.size() : 0);
}

}  // namespace axsim::arch::eie
