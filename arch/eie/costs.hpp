// SPDX-License-Identifier: Apache-2.0
// EIE's structures as the cost model prices them (sim::TechTable): what each module is built
// of, at the configured sizes. EIE's Table II is a target these predict, never an input.
#pragma once
#include "arch/common/datapath_costs.hpp"
#include "arch/eie/eie_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::eie {

/// The activation queue: act_queue_depth registers of one broadcast (value and column index).
sim::SramCosts act_queue_costs(const sim::TechTable& t, const EieSpec& s);
/// The codebook: 16 registers of data_bits (a 4-bit code indexes it).
sim::SramCosts codebook_costs(const sim::TechTable& t, const EieSpec& s);
/// One of the source and destination register files (regfile_entries x data_bits).
sim::SramCosts act_regfile_costs(const sim::TechTable& t, const EieSpec& s);
/// The arithmetic unit's data_bits multiplier and accumulator adder.
sim::OpCosts multiplier_costs(const sim::TechTable& t, const EieSpec& s);
sim::OpCosts adder_costs(const sim::TechTable& t, const EieSpec& s);
/// One multiply-accumulate of the arithmetic unit: multiplier, adder and the codebook read.
sim::OpCosts mac_costs(const sim::TechTable& t, const EieSpec& s);
/// One LNZD node: lnzd_fanin zero detects on data_bits (a comparator, priced as an adder of the
/// same width) and the selection of one of them (a second such comparison).
sim::OpCosts lnzd_node_costs(const sim::TechTable& t, const EieSpec& s);

/// Bits of one activation-queue entry: the value and a column index of pointer_bits.
inline int act_queue_entry_bits(const EieSpec& s) { return s.data_bits + s.pointer_bits; }

}  // namespace axsim::arch::eie
