// SPDX-License-Identifier: Apache-2.0
#include "arch/common/datapath_costs.hpp"

#include <cmath>
#include <fmt/format.h>

namespace axsim::arch {

sim::Cost plus(const sim::Cost& a, const sim::Cost& b) {
  return {a.value + b.value, a.source + " + " + b.source};
}

sim::OpCosts plus(const sim::OpCosts& a, const sim::OpCosts& b) {
  return {plus(a.energy_pj, b.energy_pj), plus(a.area_um2, b.area_um2),
          plus(a.leakage_mw, b.leakage_mw)};
}

sim::Cost times(const sim::Cost& c, double n, const std::string& what) {
  return {c.value * n, fmt::format("{:g} x ({}) for {}", n, c.source, what)};
}

sim::OpCosts times(const sim::OpCosts& c, double n, const std::string& what) {
  return {times(c.energy_pj, n, what), times(c.area_um2, n, what), times(c.leakage_mw, n, what)};
}

sim::OpCosts mac_costs(const sim::TechTable& t, std::uint32_t mult_bits, std::uint32_t acc_bits) {
  return plus(t.logic("int_mult", mult_bits), t.logic("int_add", acc_bits));
}

sim::Cost gated_mac_energy(const sim::TechTable& t, std::uint32_t mult_bits) {
  return times(t.logic("int_add", mult_bits).energy_pj, 2, "two operand zero detects");
}

CrossbarCosts crossbar_costs(const sim::TechTable& t, int inputs, int outputs,
                             std::uint32_t bits) {
  const sim::OpCosts mux = t.logic("mux2", bits);
  const double muxes = double(outputs) * (inputs > 1 ? inputs - 1 : 0);
  const std::string what = fmt::format("{} x {} crossbar", inputs, outputs);
  const sim::OpCosts all = times(mux, muxes, what + " muxes");
  int levels = 0;
  while ((1 << levels) < inputs) ++levels;
  const double side_mm = std::sqrt(all.area_um2.value) / 1000.0;
  const sim::Cost traverse =
      plus(times(mux.energy_pj, levels, "one path through the " + what),
           t.wire_pj(bits, side_mm));
  return {traverse, all.area_um2, all.leakage_mw};
}

}  // namespace axsim::arch
