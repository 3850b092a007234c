// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/common/sparse_pe/destination.hpp"
#include "arch/common/sram_port.hpp"
#include "arch/eie/eie_spec.hpp"
#include "sim/component.hpp"

namespace axsim::arch::eie {

/// The activation read/write unit: the destination register file the arithmetic unit
/// accumulates into (regfile_entries values), the source register file the LNZD tree scans,
/// and the activation SRAM that holds vectors longer than the register files (Han et al., ISCA
/// 2016: such layers run in batches; the SRAM is read at a batch's start and written at its end).
class ActRw : public sim::Component {
 public:
  ActRw(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec);
  void clear_destination(int rows) { dest_.clear(std::size_t(rows)); }
  sparse::DestinationRegisters& destination() { return dest_; }
  const sparse::DestinationRegisters& destination() const { return dest_; }
  /// A source chunk loaded from, or the destination written back to, the activation SRAM.
  void sram_read(std::uint64_t values) { sram_.read(values); }
  void sram_write(std::uint64_t values) { sram_.write(values); }
  /// Words (and cycles of the single port) `values` activations take.
  std::uint64_t sram_words(std::uint64_t values) const { return sram_.words(values); }

 private:
  sparse::DestinationRegisters dest_;
  sim::Counter& updates_;
  sim::Counter& sram_words_;
  sim::ActionCounts::Id access_;
  SramPort sram_;
};

}  // namespace axsim::arch::eie
