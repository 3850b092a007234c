// SPDX-License-Identifier: Apache-2.0
// What AON-CiM's parts cost. The analog parts have no entry in the tech tables: their energies
// and areas are unit parameters with the sources docs/units/aon_cim.md gives (the ADC by the
// Walden figure of merit, E = FOM x 2^bits; the array by the physics of a read, V^2 x G x t);
// the digital periphery and the SRAM come from the tech table at the configured node.
#pragma once
#include "arch/aon_cim/aon_cim_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::aon_cim {

struct PeripheryCosts {
  sim::Cost add_pj, output_pj, area_um2, leakage_mw;
};
PeripheryCosts periphery_costs(const sim::TechTable& t, const AonCimSpec& s);

/// One ADC conversion: FOM x 2^adc_bits.
sim::Cost adc_conversion_pj(const AonCimSpec& s);
/// Every column ADC: adc_area_um2 at 8 bits, scaled by 2^(bits - 8) (a SAR's capacitor array).
sim::Cost adc_area_um2(const AonCimSpec& s);
/// One word-line driver's conversion.
sim::Cost dac_conversion_pj(const AonCimSpec& s);
sim::Cost dac_area_um2(const AonCimSpec& s);
/// One "cell read unit": a device at g_max under the full read voltage for 1 ns,
/// v_read^2 x g_max x 1 ns.
sim::Cost cell_read_unit_pj(const AonCimSpec& s);
/// Every tile's devices: tiles x rows x cols x 2 x cell_area_um2.
sim::Cost array_area_um2(const AonCimSpec& s);

}  // namespace axsim::arch::aon_cim
