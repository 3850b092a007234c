// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/costs.hpp"

namespace axsim::arch::ese {

namespace {

constexpr std::uint32_t kQueueEntryBits = 32;  // 16-bit value + 16-bit column index
constexpr int kTableLookups = 5;               // sigmoid x 3, tanh x 2 per cell
constexpr int kCellProducts = 3;

}  // namespace

sim::SramCosts act_queue_costs(const sim::TechTable& t, const EseSpec& s) {
  return t.register_file(std::uint64_t(s.act_queue_depth), kQueueEntryBits);
}

sim::SramCosts weight_buffer_costs(const sim::TechTable& t, const EseSpec& s) {
  return sram_costs(t, s.weight_buffer());
}

sim::OpCosts pe_mac_costs(const sim::TechTable& t, const EseSpec& s) {
  return mac_costs(t, std::uint32_t(s.multiplier_bits), std::uint32_t(s.accumulator_bits));
}

sim::SramCosts accumulator_costs(const sim::TechTable& t, const EseSpec& s, std::uint64_t rows) {
  return t.register_file(rows < 1 ? 1 : rows, std::uint32_t(s.accumulator_bits));
}

sim::OpCosts cell_costs(const sim::TechTable& t, const EseSpec& s) {
  const auto bits = std::uint32_t(s.gate_bits);
  const sim::OpCosts mult = t.logic("int_mult", bits), add = t.logic("int_add", bits);
  const sim::SramCosts table = t.register_file(2 * std::uint64_t(s.gate_table_segments), bits);
  const sim::OpCosts lookup{plus(plus(table.read_pj, mult.energy_pj), add.energy_pj),
                            plus(plus(table.area_um2, mult.area_um2), add.area_um2),
                            plus(plus(table.leakage_mw, mult.leakage_mw), add.leakage_mw)};
  sim::OpCosts c = times(lookup, kTableLookups, "gate-table lookups");
  c = plus(c, times(mult, kCellProducts, "cell products"));
  c = plus(c, add);
  const sim::SramCosts cells = sram_costs(t, s.cell_buffer());
  c.energy_pj = plus(c.energy_pj, plus(cells.read_pj, cells.write_pj));
  return c;
}

sim::OpCosts projection_out_costs(const sim::TechTable& t, const EseSpec& s) {
  return t.logic("int_add", std::uint32_t(s.accumulator_bits));
}

}  // namespace axsim::arch::ese
