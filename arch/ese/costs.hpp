// SPDX-License-Identifier: Apache-2.0
// ESE's structures as the on-chip cost model prices them (sim::TechTable), at the configured
// sizes. The FPGA's own power (41 W, board and all) is not what this predicts: see
// docs/units/ese.md.
#pragma once
#include "arch/common/datapath_costs.hpp"
#include "arch/ese/ese_spec.hpp"
#include "sim/energy.hpp"
#include "workloads/lstm_rule.hpp"

namespace axsim::arch::ese {

/// The activation queue: act_queue_depth entries of a 16-bit value and a 16-bit column index.
sim::SramCosts act_queue_costs(const sim::TechTable& t, const EseSpec& s);
/// A PE's weight buffer (both halves, buffer_width_bits words): entries and pointers.
sim::SramCosts weight_buffer_costs(const sim::TechTable& t, const EseSpec& s);
/// One multiply-accumulate: a multiplier_bits multiplier and an accumulator_bits adder.
sim::OpCosts pe_mac_costs(const sim::TechTable& t, const EseSpec& s);
/// One accumulator read-modify-write (a register of accumulator_bits).
sim::SramCosts accumulator_costs(const sim::TechTable& t, const EseSpec& s, std::uint64_t rows);
/// One LSTM cell in the element-wise unit (energy), and one lane of it (area, leakage): five
/// gate-table lookups, each a table of 2 x segments registers read and a piecewise-linear
/// piece's multiply and add, the three products (f c, i g, o tanh c) and the cell's add, at the
/// design's gate width, and the cell state's read and write in the cell buffer.
sim::OpCosts cell_costs(const sim::TechTable& t, const EseSpec& s);
/// One projection output: the shift and saturation (an add of accumulator_bits).
sim::OpCosts projection_out_costs(const sim::TechTable& t, const EseSpec& s);

}  // namespace axsim::arch::ese
