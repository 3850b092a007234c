// SPDX-License-Identifier: Apache-2.0
// SCNN's structures as the cost model prices them (sim::TechTable): a PE is the rows of SCNN's
// Table 4, each built from what it is at the configured sizes (IARAM and OARAM SRAMs, the weight
// FIFO's registers, F x I multipliers, the F*I x A crossbar with its product queues, the double-
// buffered accumulator banks with their adders, the coordinate adders). Table 4 and Table 5 are
// targets these predict (docs/units/scnn.md), never inputs.
#pragma once
#include <string>
#include <vector>

#include "arch/common/datapath_costs.hpp"
#include "arch/scnn/scnn_spec.hpp"

namespace axsim::arch::scnn {

/// Bits of an output coordinate (x, y and the accumulator address are computed at this width).
inline constexpr std::uint32_t kCoordinateBits = 16;

/// One row of a PE's breakdown: a child component of the PE carries its area and leakage.
struct PePart {
  std::string name;
  sim::Cost area_um2, leakage_mw;
};
std::vector<PePart> pe_parts(const sim::TechTable& t, const ScnnSpec& s);

/// Per-action energies.
sim::Cost multiply_add_energy(const sim::TechTable& t, const ScnnSpec& s);
sim::Cost coordinate_energy(const sim::TechTable& t, const ScnnSpec& s);
sim::Cost crossbar_energy(const sim::TechTable& t, const ScnnSpec& s);
/// One partial sum over a neighbour link: accumulator_bits over one PE's side (the square root
/// of the PE's predicted area).
sim::Cost halo_link_energy(const sim::TechTable& t, const ScnnSpec& s);

}  // namespace axsim::arch::scnn
