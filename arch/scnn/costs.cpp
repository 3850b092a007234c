// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/costs.hpp"

#include <cmath>

namespace axsim::arch::scnn {

namespace {

/// Bits of a product in a crossbar queue: the sum and its accumulator row.
std::uint32_t product_bits(const ScnnSpec& s) {
  std::uint32_t row_bits = 0;
  while ((1 << row_bits) < s.bank_entries) ++row_bits;
  return std::uint32_t(s.accumulator_bits) + row_bits;
}

CrossbarCosts crossbar(const sim::TechTable& t, const ScnnSpec& s) {
  return crossbar_costs(t, s.f * s.i, s.acc_banks, product_bits(s));
}

PePart part(const std::string& name, const sim::SramCosts& c, double n, const std::string& what) {
  return {name, times(c.area_um2, n, what), times(c.leakage_mw, n, what)};
}

PePart part(const std::string& name, const sim::OpCosts& c, double n, const std::string& what) {
  return {name, times(c.area_um2, n, what), times(c.leakage_mw, n, what)};
}

PePart sum(const std::string& name, const PePart& a, const PePart& b) {
  return {name, plus(a.area_um2, b.area_um2), plus(a.leakage_mw, b.leakage_mw)};
}

}  // namespace

std::vector<PePart> pe_parts(const sim::TechTable& t, const ScnnSpec& s) {
  const double lanes = s.f * s.i;
  const CrossbarCosts x = crossbar(t, s);
  const sim::SramCosts queues = t.register_file(std::uint64_t(s.product_queue_depth), product_bits(s));
  return {
      part("iaram", sram_costs(t, s.iaram_sram()), 1, "the IARAM"),
      part("oaram", sram_costs(t, s.oaram_sram()), 1, "the OARAM"),
      part("weight_fifo", sram_costs(t, s.weight_fifo_sram()), 1, "the weight FIFO"),
      part("multipliers", t.logic("int_mult", std::uint32_t(s.data_bits)), lanes, "F x I"),
      sum("crossbar", {"", x.area_um2, x.leakage_mw},
          part("", queues, lanes, "a product queue per multiplier")),
      sum("accumulators", part("", sram_costs(t, s.acc_bank_sram()), 2.0 * s.acc_banks,
                               "A banks, double-buffered"),
          part("", t.logic("int_add", std::uint32_t(s.accumulator_bits)), s.acc_banks,
               "an adder per bank")),
      part("coordinates", t.logic("int_add", kCoordinateBits), 3 * lanes,
           "x, y and address adders per multiplier"),
  };
}

sim::Cost multiply_add_energy(const sim::TechTable& t, const ScnnSpec& s) {
  return mac_costs(t, std::uint32_t(s.data_bits), std::uint32_t(s.accumulator_bits)).energy_pj;
}

sim::Cost coordinate_energy(const sim::TechTable& t, const ScnnSpec&) {
  return times(t.logic("int_add", kCoordinateBits).energy_pj, 3, "x, y and address");
}

sim::Cost crossbar_energy(const sim::TechTable& t, const ScnnSpec& s) {
  return crossbar(t, s).traverse_pj;
}

sim::Cost halo_link_energy(const sim::TechTable& t, const ScnnSpec& s) {
  double area = 0;
  for (const PePart& p : pe_parts(t, s)) area += p.area_um2.value;
  return t.wire_pj(std::uint32_t(s.accumulator_bits), std::sqrt(area) / 1000.0);
}

}  // namespace axsim::arch::scnn
