// SPDX-License-Identifier: Apache-2.0
// What each dLAC structure costs at the configured sizes and node (configs/tech): the FP units
// from the logic model at the datapath's width, queues and output buffers as register files,
// the row and column buffers as SRAM.
#pragma once
#include "arch/dlac/dlac_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::dlac {

sim::OpCosts fp_add_costs(const sim::TechTable& t, const DlacSpec& s);
sim::OpCosts fp_mult_costs(const sim::TechTable& t, const DlacSpec& s);
/// The output buffers of one PE: two sums (one per sign) per output buffer.
sim::SramCosts output_buffer_costs(const sim::TechTable& t, const DlacSpec& s);
/// One PE's two operand queues: a weight word (its output channels' codes) and an activation.
sim::SramCosts queue_costs(const sim::TechTable& t, const DlacSpec& s);
std::uint32_t queue_entry_bits(const DlacSpec& s);

}  // namespace axsim::arch::dlac
