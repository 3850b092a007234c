// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/sequencer.hpp"

#include <algorithm>
#include <fmt/format.h>


namespace axsim::arch::scnn {

Sequencer::Sequencer(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                     const ScnnSpec& spec, Dram& dram, std::vector<ScnnPe*> pes)
    : Ticked(ctx, parent, "sequencer", "scnn.sequencer", clock),
      spec_(spec),
      dram_(*this, dram),
      pes_(std::move(pes)),
      barrier_wait_cycles_(stats().counter("barrier_wait_cycles", "PE cycles",
                                           "cycles PEs waited at group barriers for the slowest PE")),
      drain_cycles_(stats().counter("drain_cycles", "cycles", "post-processing of each group (halo, ReLU, compression)")),
      weight_bytes_(stats().counter("weight_bytes", "bytes", "compressed weights fetched from DRAM")),
      spilled_act_bytes_(stats().counter("spilled_activation_bytes", "bytes",
                                         "activations streamed from DRAM because the tiles exceed the IARAM")),
      output_bytes_(stats().counter("output_bytes", "bytes", "compressed outputs written (OARAM or DRAM)")),
      spill_write_bytes_(stats().counter("spilled_activation_write_bytes", "bytes",
                                         "the spilled input written to DRAM once (by the layer before)")),
      groups_(stats().counter("groups", "groups", "output-channel groups (K / Kc)")),
      oaram_(*this, spec.oaram_sram(), {"", "oaram_write"}),
      fifo_(*this, spec.weight_fifo_sram(), {"", "weight_fifo_write"}),
      drain_(*this, spec.acc_bank_sram(), {"drain_accumulator_read", ""}),
      halo_link_(actions().declare("halo_link", tech().energy_pj("scnn_halo_partial_sum"))),
      halo_acc_(*this, spec.acc_bank_sram(), {"halo_accumulator_read", "halo_accumulator_write"}) {
  for (ScnnPe* pe : pes_) pe->set_sequencer(this);
}

void Sequencer::start_layer(const LayerPlan& plan, std::vector<std::int32_t>& out, bool relu) {
  plan_ = &plan, out_ = &out, relu_ = relu;
  spill_inputs_ = std::any_of(plan.tiles.begin(), plan.tiles.end(),
                              [&](const PeTile& t) { return t.iaram_bytes > spec_.iaram_bytes; });
  spill_write_left_ = 0;
  if (spill_inputs_)
    for (const PeTile& t : plan.tiles) spill_write_left_ += t.iaram_bytes;
  arrived_.assign(plan.blocks.size(), false);
  next_fetch_ = 0;
  start_tick_ = drain_end_ = drain_end_before_ = now();
  groups_.add(std::uint64_t(plan.groups));
  start_group(0);
  wake();
}

void Sequencer::start_group(int g) {
  group_ = g;
  group_start_ = now();
  phase_ = Phase::kCompute;
  for (ScnnPe* pe : pes_) pe->start_group(*plan_, g, *out_);
}

bool Sequencer::tick() {
  take_responses();
  issue_fetches();
  switch (phase_) {
    case Phase::kCompute:
      if (std::any_of(pes_.begin(), pes_.end(), [](const ScnnPe* pe) { return pe->busy(); }))
        return false;  // woken by the DRAM, a PE moving on, or the last PE finishing
      barrier();
      return phase_ == Phase::kWaitStart || phase_ == Phase::kDrainLast;
    case Phase::kWaitStart:
      if (now() < drain_end_before_) return wait_until(drain_end_before_);
      start_group(group_ + 1);
      return false;
    case Phase::kDrainLast:
      if (now() < drain_end_) return wait_until(drain_end_);
      finish_layer();
      return false;
    case Phase::kIdle:
    case Phase::kDone:
      return false;
  }
  return false;
}

void Sequencer::take_responses() {
  dram_.take_responses([this](const MemResponse& r) {
    if (r.write) return;
    arrived_[r.tag] = true;
    // Every PE's FIFO takes the broadcast block, F entries (data + index) per write.
    fifo_.write_words(fifo_.words_of_bits(plan_->block_bytes[r.tag] * 8) * pes_.size());
    progress();
    for (ScnnPe* pe : pes_) pe->block_arrived();
  });
}

// The block the slowest PE works on: blocks before it have left every weight FIFO.
std::size_t Sequencer::slowest_block() const {
  const auto channels = std::size_t(plan_->shape.in_channels);
  std::size_t slowest = std::size_t(group_ + 1) * channels;
  for (const ScnnPe* pe : pes_)
    if (pe->busy()) slowest = std::min(slowest, std::size_t(group_) * channels + std::size_t(pe->channel()));
  return slowest;
}

// Fetches blocks in order while the blocks between the slowest PE and the next fetch fit the
// weight FIFO plus the DRAM stream's bandwidth-delay product (latency x bytes per cycle: the
// data in flight, which the DRAM interface holds, not the FIFO), so the latency is paid once
// per stream, not per block. The next block is always requested; the DRAM queue bounds the
// requests.
void Sequencer::issue_fetches() {
  if (spill_write_left_ > 0) {
    if (!dram_.try_send({spill_write_left_, true, 0})) return;
    spill_write_bytes_.add(spill_write_left_);
    spill_write_left_ = 0;
  }
  const auto channels = std::size_t(plan_->shape.in_channels);
  const std::uint64_t fifo_bytes = std::uint64_t(spec_.weight_fifo_entries) *
                                   std::uint64_t(spec_.data_bits + spec_.index_bits) / 8;
  const auto window = fifo_bytes + std::uint64_t(double(spec_.dram.latency_cycles) * spec_.dram.bytes_per_cycle);
  while (next_fetch_ < plan_->blocks.size()) {
    const std::size_t slowest = slowest_block();
    std::uint64_t held = 0;
    for (std::size_t b = slowest; b < next_fetch_; ++b) held += plan_->block_bytes[b];
    if (next_fetch_ > slowest && held + plan_->block_bytes[next_fetch_] > window)
      return;  // a PE moving on wakes us
    const std::uint64_t bytes = plan_->block_bytes[next_fetch_];  // may be 0: still a request
    std::uint64_t acts = 0;
    if (spill_inputs_)
      for (const PeTile& t : plan_->tiles) acts += t.channel_bytes[next_fetch_ % channels];
    const std::uint64_t request = std::max<std::uint64_t>(1, bytes + acts);  // 0: still a request
    if (!dram_.try_send({request, false, std::uint32_t(next_fetch_)})) return;
    weight_bytes_.add(bytes);
    spilled_act_bytes_.add(acts);
    ++next_fetch_;
  }
}

std::uint64_t Sequencer::drain_cycles(int g) const {
  const int kc = std::min(plan_->kc, plan_->shape.out_channels - g * plan_->kc);
  std::uint64_t worst = 1;
  for (const PeTile& t : plan_->tiles) {
    const std::uint64_t halo = std::uint64_t(kc) * t.halo_outputs;
    const std::uint64_t entries = std::uint64_t(kc) * std::uint64_t(t.out_x.size()) * std::uint64_t(t.out_y.size());
    const auto rate = [](std::uint64_t n, int per_cycle) { return (n + std::uint64_t(per_cycle) - 1) / std::uint64_t(per_cycle); };
    worst = std::max(worst, rate(halo, spec_.halo_sums_per_cycle) + rate(entries - halo, spec_.ppu_outputs_per_cycle));
  }
  return worst;
}

// The group's accumulators leave once each: every entry is read by the post-processing unit (or
// by the halo sender); each halo sum crosses a link and is added into the owner's entry.
void Sequencer::count_drain(int g) {
  const auto kc = std::uint64_t(std::min(plan_->kc, plan_->shape.out_channels - g * plan_->kc));
  std::uint64_t entries = 0, halo = 0;
  for (const PeTile& t : plan_->tiles) {
    entries += kc * std::uint64_t(t.out_x.size()) * std::uint64_t(t.out_y.size());
    halo += kc * t.halo_outputs;
  }
  drain_.read_words(entries);
  actions().add(halo_link_, halo);
  halo_acc_.read_words(halo), halo_acc_.write_words(halo);
}

// Every PE has finished the group: its accumulators drain while the next group computes in the
// other buffer, which must itself have drained (the group before this one).
void Sequencer::barrier() {
  for (const ScnnPe* pe : pes_)
    barrier_wait_cycles_.add(std::uint64_t((now() - pe->finished_at()) / clock().period_ps()));
  const std::uint64_t drain = drain_cycles(group_);
  drain_cycles_.add(drain);
  count_drain(group_);
  drain_end_before_ = drain_end_;
  drain_end_ = std::max(now(), drain_end_) + clock().to_ticks({drain});
  progress();
  if (group_ + 1 == plan_->groups)
    phase_ = Phase::kDrainLast;
  else if (now() >= drain_end_before_)
    start_group(group_ + 1);
  else
    phase_ = Phase::kWaitStart;
}

bool Sequencer::wait_until(sim::Tick t) {
  wake_at(t);
  return false;
}

// The outputs leave the accumulators compressed (after ReLU) into the OARAMs.
void Sequencer::finish_layer() {
  if (relu_)  // the layer's output is the next layer's activations
    for (std::int32_t& v : *out_) v = std::max(v, 0);
  const std::uint64_t bytes = compressed_bytes(*out_, spec_.data_bits, spec_.index_bits);
  output_bytes_.add(bytes);
  oaram_.write_words(oaram_.words_of_bits(bytes * 8));
  phase_ = Phase::kDone;
  finish_tick_ = now();
  progress();
}

std::string Sequencer::state() const {
  return fmt::format("group {}/{}, {} of {} blocks fetched", group_, plan_ ? plan_->groups : 0,
                     next_fetch_, arrived_.size());
}

}  // namespace axsim::arch::scnn
