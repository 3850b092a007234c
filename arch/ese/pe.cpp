// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/pe.hpp"

#include "arch/ese/costs.hpp"

namespace axsim::arch::ese {

Accumulators::Accumulators(sim::SimContext& ctx, sim::Component* parent, const EseSpec& spec)
    : Component(ctx, parent, "acc", "ese.acc"),
      costs_(accumulator_costs(*ctx.tech, spec, std::uint64_t(spec.accumulator_entries))),
      updates_(stats().counter("updates", "updates", "accumulator read-modify-writes")),
      reads_(stats().counter("reads", "reads", "finished sums read by the element-wise unit")),
      update_(actions().declare("update", plus(costs_.read_pj, costs_.write_pj))),
      read_(actions().declare("read_out", costs_.read_pj)) {
  set_area_um2(costs_.area_um2);
  set_leakage_mw(costs_.leakage_mw);
  gates_.attach(updates_, actions(), update_);
  projection_.attach(updates_, actions(), update_);
}

std::int64_t Accumulators::read_out(sparse::DestinationRegisters& bank, std::size_t lane,
                                    std::size_t row) {
  reads_.add();
  actions().add(read_);
  return bank.value(lane, row);
}

namespace {

sparse::PeParts parts(const sim::TechTable& t, const EseSpec& spec) {
  const sim::SramCosts buffer = weight_buffer_costs(t, spec);
  // Pointers and entries share the buffer: a pointer read is a buffer read, and the buffer's
  // area and leakage are counted once (with the sparse-matrix reads).
  const sim::SramCosts pointer_reads{buffer.read_pj, buffer.write_pj, {0, "in the weight buffer"},
                                     {0, "in the weight buffer"}};
  return {"ese", spec.act_queue_depth, act_queue_costs(t, spec), pointer_reads, buffer,
          spec.buffer_width_bits, pe_mac_costs(t, spec)};
}

}  // namespace

EsePe::EsePe(sim::SimContext& ctx, sim::Component* parent, int index,
             const sim::ClockDomain& clock, const EseSpec& spec)
    : SparsePe(ctx, parent, "pe" + std::to_string(index), clock, parts(*ctx.tech, spec)),
      index_(index),
      row_pes_(spec.pes_per_channel),
      acc_(ctx, this, spec) {}

void EsePe::start_product(const EseMatrix& m, bool projection, int entry_bits, int lanes) {
  const int p = index_ % row_pes_;  // its rows: p, p + P, ...
  const std::int64_t local = (m.rows - p + row_pes_ - 1) / row_pes_;
  sparse::DestinationRegisters& bank = projection ? acc_.projection() : acc_.gates();
  bank.clear(std::size_t(local < 0 ? 0 : local), std::size_t(lanes));
  const sparse::MacRule rule{m.levels.empty() ? nullptr : &m.levels, m.code_offset, 0, 64};
  load(&m.pes[std::size_t(index_)], entry_bits, rule, &bank);
}

}  // namespace axsim::arch::ese
