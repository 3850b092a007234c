// SPDX-License-Identifier: Apache-2.0
// The element-wise stage's arithmetic follows the trace's sequence rule (workloads/lstm_rule.hpp)
// as the hardware would: written here on its own, checked against the reference
// (workloads/reference/lstm_sequence.cpp) by --check.
#include "arch/ese/elementwise.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/ese/costs.hpp"

namespace axsim::arch::ese {

namespace {

// v / 2^s rounded half up (an adder of 2^(s-1), then an arithmetic shift); s <= 0 shifts left.
std::int64_t rounded_shift(std::int64_t v, int s) {
  return s > 0 ? (v + (std::int64_t{1} << (s - 1))) >> s : v * (std::int64_t{1} << -s);
}

std::int64_t clamp_signed(std::int64_t v, int bits) {
  const std::int64_t top = (std::int64_t{1} << (bits - 1)) - 1;
  return std::clamp(v, -top - 1, top);
}

// One gate unit: segment select, the segment's base and slope, one multiply and one add.
std::int64_t gate(const workloads::GateTable& t, std::int64_t x) {
  const std::int64_t last = (std::int64_t(t.segments()) << t.step_shift) - 1;
  const std::int64_t u = std::clamp<std::int64_t>(x - t.lo, 0, last);
  const std::int64_t seg = u >> t.step_shift;
  const std::int64_t offset = u & ((std::int64_t{1} << t.step_shift) - 1);
  return t.base[std::size_t(seg)] + rounded_shift(t.slope[std::size_t(seg)] * offset, t.step_shift);
}

// Levels of the adder tree that sums the channels' partial sums.
std::uint64_t tree_levels(int channels) {
  std::uint64_t levels = 0;
  for (int n = 1; n < channels; n *= 2) ++levels;
  return levels;
}

}  // namespace

ElementwiseUnit::ElementwiseUnit(sim::SimContext& ctx, sim::Component* parent,
                                 const sim::ClockDomain& clock, const EseSpec& spec)
    : Ticked(ctx, parent, "elementwise", "ese.elementwise", clock),
      spec_(spec),
      cells_(stats().counter("cells", "cells", "LSTM cells updated (per utterance)")),
      outputs_(stats().counter("projection_outputs", "outputs",
                               "projection sums shifted and saturated into h")),
      cell_(actions().declare("cell", cell_costs(*ctx.tech, spec).energy_pj)),
      output_(actions().declare("projection_output", projection_out_costs(*ctx.tech, spec).energy_pj)),
      reduce_(actions().declare("channel_add", projection_out_costs(*ctx.tech, spec).energy_pj)),
      latency_(std::uint64_t(spec.elementwise_latency_cycles) + tree_levels(spec.channels)) {
  const sim::OpCosts cell = cell_costs(*ctx.tech, spec);
  const sim::SramCosts cells = sram_costs(*ctx.tech, spec.cell_buffer());
  set_area_um2(plus(times(cell.area_um2, spec.elementwise_units, "element-wise lanes"), cells.area_um2));
  set_leakage_mw(plus(times(cell.leakage_mw, spec.elementwise_units, "element-wise lanes"),
                      cells.leakage_mw));
}

void ElementwiseUnit::start_layer(const EseLayer& layer, std::vector<EsePe*> pes,
                                  sim::Ticked* consumer) {
  layer_ = &layer, pes_ = std::move(pes), consumer_ = consumer;
  hidden_ = std::size_t(layer.hidden), rec_ = std::size_t(layer.rec);
  lanes_ = std::size_t(spec_.batch);
  c_.assign(lanes_ * hidden_, 0);
  m_.assign(lanes_ * hidden_, 0);
  h_.assign(lanes_ * rec_, 0);
  total_ = started_ = finished_ = 0;
  pending_.clear();
}

void ElementwiseUnit::clear_cells() { std::fill(c_.begin(), c_.end(), 0); }

void ElementwiseUnit::start_cells() {
  projection_work_ = false;
  total_ = hidden_ * lanes_, started_ = finished_ = 0;
  wake();
}

void ElementwiseUnit::start_projection_outputs() {
  projection_work_ = true;
  total_ = rec_ * lanes_, started_ = finished_ = 0;
  wake();
}

std::uint64_t ElementwiseUnit::finished() {
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  while (!pending_.empty() && pending_.front().done_cycle <= cycle) {
    finished_ = pending_.front().items_after;
    pending_.pop_front();
  }
  return finished_;
}

// Row `row`'s sum: the partial sums of every channel (PE row mod P of each), added by a tree.
std::int64_t ElementwiseUnit::sum(bool projection, std::size_t lane, std::size_t row) {
  const auto per = std::size_t(spec_.pes_per_channel);
  std::int64_t total = 0;
  for (std::size_t c = 0; c < std::size_t(spec_.channels); ++c) {
    Accumulators& acc = pes_[c * per + row % per]->acc();
    total += acc.read_out(projection ? acc.projection() : acc.gates(), lane, row / per);
  }
  actions().add(reduce_, std::uint64_t(spec_.channels - 1));
  return total;
}

void ElementwiseUnit::cell(std::size_t lane, std::size_t k) {
  const workloads::LstmRule& r = *layer_->rule;
  const int shift = r.weight_frac_bits + r.act_frac_bits - r.gate_input_frac_bits;
  const auto pre = [&](std::size_t g) {
    const std::size_t row = g * hidden_ + k;
    return rounded_shift(sum(false, lane, row), shift) + r.bias[row];
  };
  const std::int64_t in = gate(r.sigmoid, pre(0)), out = gate(r.sigmoid, pre(1));
  const std::int64_t forget = gate(r.sigmoid, pre(2)), cand = gate(r.tanh, pre(3));
  const int gf = r.gate_frac_bits;
  std::int64_t& c = c_[lane * hidden_ + k];
  c = clamp_signed(rounded_shift(forget * c, gf) +
                       rounded_shift(in * cand, 2 * gf - r.cell_frac_bits), r.cell_bits);
  const std::int64_t tc = gate(r.tanh, rounded_shift(c, r.cell_frac_bits - r.gate_input_frac_bits));
  const auto m = std::int32_t(clamp_signed(rounded_shift(out * tc, 2 * gf - r.act_frac_bits), r.act_bits));
  m_[lane * hidden_ + k] = m;
  if (!r.has_projection()) h_[lane * rec_ + k] = m;
  cells_.add();
  actions().add(cell_);
}

void ElementwiseUnit::projection_output(std::size_t lane, std::size_t j) {
  const workloads::LstmRule& r = *layer_->rule;
  h_[lane * rec_ + j] = std::int32_t(
      clamp_signed(rounded_shift(sum(true, lane, j), r.projection_frac_bits), r.act_bits));
  outputs_.add();
  actions().add(output_);
}

bool ElementwiseUnit::tick() {
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  const std::uint64_t before = finished_;
  finished();
  if (started_ < total_) {
    const std::uint64_t n = std::min<std::uint64_t>(std::uint64_t(spec_.elementwise_units),
                                                    total_ - started_);
    for (std::uint64_t i = started_; i < started_ + n; ++i) {
      const std::size_t item = std::size_t(i), lane = item % lanes_, index = item / lanes_;
      if (projection_work_) projection_output(lane, index);
      else cell(lane, index);
    }
    started_ += n;
    pending_.push_back({cycle + latency_, started_});
  }
  if (finished_ != before) {
    consumer_->wake();
    progress();
  }
  return started_ < total_ || !pending_.empty();
}

std::string ElementwiseUnit::state() const {
  return fmt::format("{} {} of {} started, {} finished", projection_work_ ? "outputs" : "cells",
                     started_, total_, finished_);
}

}  // namespace axsim::arch::ese
