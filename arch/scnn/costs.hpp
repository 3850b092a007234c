// SPDX-License-Identifier: Apache-2.0
// SCNN's per-access energies and its PE area. The paper gives only relative energies (papers.md
// 2.5), so per-access energies come from the tech table: a 16-bit multiply-add (`mac_int16`),
// a product's coordinate computation (`scnn_coord_product`), one crossbar traversal
// (`scnn_xbar_product`), one partial sum over a neighbour link (`scnn_halo_partial_sum`) and
// the table's SRAM rule (the one the dense unit's buffers use) for the accumulator banks, IARAM,
// OARAM and weight FIFO at their configured sizes. Areas are SCNN Table 4 (papers.md
// 2.2) per component, scaled with the configured sizes.
#pragma once
#include "arch/scnn/scnn_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::scnn {

struct PeCosts {
  sim::Cost mac_pj, coord_pj, xbar_pj, acc_read_pj, acc_write_pj, iaram_read_pj, fifo_read_pj;
  sim::Cost oaram_write_pj, halo_link_pj, fifo_write_pj;
  sim::Cost area_um2, leakage_mw;
};

PeCosts pe_costs(const sim::TechTable& t, const ScnnSpec& s);

}  // namespace axsim::arch::scnn
