// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/costs.hpp"

#include <cmath>
#include <fmt/format.h>

#include "arch/common/datapath_costs.hpp"

namespace axsim::arch::aon_cim {

PeripheryCosts periphery_costs(const sim::TechTable& t, const AonCimSpec& s) {
  const auto bits = std::uint32_t(s.accumulator_bits);
  const sim::OpCosts add = t.logic("int_add", bits);
  const sim::OpCosts mult = t.logic("int_mult", bits);
  // An output: its scale and drift-compensation products and the ReLU / re-quantization compare.
  const sim::OpCosts output = plus(times(mult, 2, "multipliers"), add);
  const double adders = double(s.tiles) * s.adcs_per_tile;
  const sim::OpCosts units = plus(times(add, adders, "partial-sum adders (one per ADC)"),
                                  times(output, s.digital_lanes, "output lanes"));
  return {add.energy_pj, output.energy_pj, units.area_um2, units.leakage_mw};
}

sim::Cost adc_conversion_pj(const AonCimSpec& s) {
  return {s.adc_fom_fj * 1e-3 * std::ldexp(1.0, s.adc_bits),
          fmt::format("Walden FOM {} fJ/step x 2^{} (adc_fom_fj)", s.adc_fom_fj, s.adc_bits)};
}

sim::Cost adc_area_um2(const AonCimSpec& s) {
  const double n = double(s.tiles) * s.adcs_per_tile;
  return {n * s.adc_area_um2 * std::ldexp(1.0, s.adc_bits - 8),
          fmt::format("{} ADCs x {} um2 x 2^({} - 8) (adc_area_um2)", n, s.adc_area_um2, s.adc_bits)};
}

sim::Cost dac_conversion_pj(const AonCimSpec& s) {
  return {s.dac_energy_fj * 1e-3, "dac_energy_fj"};
}

sim::Cost dac_area_um2(const AonCimSpec& s) {
  const double n = double(s.tiles) * s.rows;
  return {n * s.dac_area_um2, fmt::format("{} word-line DACs x {} um2 (dac_area_um2)", n, s.dac_area_um2)};
}

sim::Cost cell_read_unit_pj(const AonCimSpec& s) {
  const double joules = s.v_read * s.v_read * s.pcm.g_max_us * 1e-6 * 1e-9;
  return {joules * 1e12, fmt::format("({} V)^2 x {} uS x 1 ns", s.v_read, s.pcm.g_max_us)};
}

sim::Cost array_area_um2(const AonCimSpec& s) {
  const double devices = 2.0 * s.tiles * s.rows * s.cols;
  return {devices * s.cell_area_um2, fmt::format("{} devices x {} um2 (cell_area_um2)", devices, s.cell_area_um2)};
}

}  // namespace axsim::arch::aon_cim
