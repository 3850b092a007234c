// SPDX-License-Identifier: Apache-2.0
// SCNN's per-access energies and its PE area. The paper gives only relative energies (papers.md
// 2.5), so per-access energies come from the tech table: a 16-bit multiply-add (`mac_int16`),
// a product's coordinate computation (`scnn_coord_product`), one crossbar traversal
// (`scnn_xbar_product`), one partial sum over a neighbour link (`scnn_halo_partial_sum`); the
// accumulator banks, IARAM, OARAM and weight FIFO are SRAM ports (arch/common/sram_port.hpp)
// costed by the table's SRAM rule at their configured sizes (ScnnSpec's *_sram()). Areas are
// SCNN Table 4 (papers.md 2.2) per component, scaled with the configured sizes.
#pragma once
#include "arch/scnn/scnn_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::scnn {

struct PeCosts {
  sim::Cost area_um2, leakage_mw;
};

PeCosts pe_costs(const sim::TechTable& t, const ScnnSpec& s);

}  // namespace axsim::arch::scnn
