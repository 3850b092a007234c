// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/structure_costs.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace axsim::arch::cpu {

namespace {
sim::Cost scaled(const sim::Cost& c, double f, const std::string& why) {
  return {c.value * f, f == 1 ? c.source : fmt::format("{} x {:.3g} ({})", c.source, f, why)};
}
}  // namespace

TableCosts ram_costs(const sim::TechTable& t, std::uint32_t entries, std::uint32_t bits,
                     std::uint32_t ports, const std::string& what) {
  const std::uint64_t bytes = std::max<std::uint64_t>(1, std::uint64_t(entries) * bits / 8);
  const sim::SramCosts s = t.sram(bytes, bits);
  const double side = 1 + kPortGrowth * (std::max(ports, 1u) - 1);
  const std::string why = fmt::format("{}, {} ports", what, ports);
  return {scaled(s.read_pj, side, why),
          scaled(s.write_pj, side, why),
          {0, "no search"},
          scaled(s.leakage_mw, side * side, why),
          scaled(s.area_um2, side * side, why)};
}

TableCosts cam_costs(const sim::TechTable& t, std::uint32_t entries, std::uint32_t tag_bits,
                     std::uint32_t data_bits, std::uint32_t ports, const std::string& what) {
  TableCosts c = ram_costs(t, entries, tag_bits + data_bits, ports, what);
  const sim::SramCosts bit = t.register_file(1, 1);
  const sim::OpCosts mux = t.logic("mux2", 1);
  const double side = 1 + kPortGrowth * (std::max(ports, 1u) - 1);
  const double per_bit = bit.read_pj.value + mux.energy_pj.value;
  c.search_pj = {
      double(entries) * tag_bits * per_bit * side,
      fmt::format("{}: {} entries x {} tag bits x (a register bit read + a mux2 bit) "
                  "x {:.3g} for {} ports ({}; {})",
                  what, entries, tag_bits, side, ports, bit.read_pj.source, mux.energy_pj.source)};
  const double compare_um2 = double(entries) * tag_bits * mux.area_um2.value;
  c.area_um2.value += compare_um2;
  c.leakage_mw.value += compare_um2 * mux.leakage_mw.value / std::max(mux.area_um2.value, 1e-12);
  return c;
}

}  // namespace axsim::arch::cpu
