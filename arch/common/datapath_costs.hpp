// SPDX-License-Identifier: Apache-2.0
// Datapath elements every unit prices the same way through the tech table's logic model: a
// multiply-accumulate lane, a zero-gated lane, and sums and multiples of costs with their sources.
#pragma once
#include <cstdint>
#include <string>

#include "sim/energy.hpp"

namespace axsim::arch {

/// `a` + `b`, sources joined with " + ".
sim::Cost plus(const sim::Cost& a, const sim::Cost& b);
sim::OpCosts plus(const sim::OpCosts& a, const sim::OpCosts& b);
/// `c` x `n`, the factor and `what` it counts in the source.
sim::Cost times(const sim::Cost& c, double n, const std::string& what);
sim::OpCosts times(const sim::OpCosts& c, double n, const std::string& what);

/// One multiplier of `mult_bits` operands and one adder of `acc_bits` (the accumulation).
sim::OpCosts mac_costs(const sim::TechTable& t, std::uint32_t mult_bits, std::uint32_t acc_bits);

/// The energy of a MAC lane that skips its multiply because an operand is zero: the two
/// operands' zero detects, each priced as a comparison (an adder) of `mult_bits`; the gated
/// multiplier and accumulator do not switch.
sim::Cost gated_mac_energy(const sim::TechTable& t, std::uint32_t mult_bits);

/// An `inputs` x `outputs` crossbar of `bits`-wide words built as one `inputs`:1 multiplexer
/// tree of 2:1 muxes (tech logic "mux2") per output: area and leakage of every mux; a
/// traversal switches one path of ceil(log2(inputs)) muxes and drives the word across the
/// crossbar's side (the square root of its area) of wire.
struct CrossbarCosts {
  sim::Cost traverse_pj, area_um2, leakage_mw;
};
CrossbarCosts crossbar_costs(const sim::TechTable& t, int inputs, int outputs, std::uint32_t bits);

}  // namespace axsim::arch
