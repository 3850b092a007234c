// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

#include "arch/common/sparse_pe/sparse_pe.hpp"
#include "arch/ese/ese_spec.hpp"
#include "arch/ese/layer_image.hpp"

namespace axsim::arch::ese {

/// A PE's accumulators: one register per local row and utterance of the batch, for the gate
/// rows of [W R] and, separately, for the projection's rows, so the element-wise unit can read
/// one product's sums while the PE accumulates the next. Priced as a register file of
/// accumulator_entries (a layer needing more is reported as not fitting).
class Accumulators : public sim::Component {
 public:
  Accumulators(sim::SimContext& ctx, sim::Component* parent, const EseSpec& spec);
  sparse::DestinationRegisters& gates() { return gates_; }
  sparse::DestinationRegisters& projection() { return projection_; }
  /// One read of a finished sum by the element-wise unit.
  std::int64_t read_out(sparse::DestinationRegisters& bank, std::size_t lane, std::size_t row);

 private:
  const sim::SramCosts costs_;  ///< the register file of accumulator_entries
  sim::Counter& updates_;
  sim::Counter& reads_;
  sim::ActionCounts::Id update_, read_;
  sparse::DestinationRegisters gates_, projection_;
};

/// One ESE PE (Han et al., FPGA 2017: "EIE-like"): the shared sparse PE (activation queue,
/// pointer read, sparse-matrix read, MAC pipeline) over its share of the weight buffer: the
/// rows r = p, p + P, ... (P PEs per channel) of its channel's columns, accumulating exact
/// partial sums into its gate or projection accumulators.
class EsePe : public sparse::SparsePe {
 public:
  EsePe(sim::SimContext& ctx, sim::Component* parent, int index, const sim::ClockDomain& clock,
        const EseSpec& spec);
  /// Loads the PE's slice of `m` and clears the accumulators of `lanes` utterances.
  void start_product(const EseMatrix& m, bool projection, int entry_bits, int lanes);
  Accumulators& acc() { return acc_; }

 private:
  int index_, row_pes_;
  Accumulators acc_;
};

}  // namespace axsim::arch::ese
