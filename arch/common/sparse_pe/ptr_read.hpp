// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/sparse_pe/messages.hpp"
#include "sim/component.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::sparse {

/// The pointer read unit: two single-ported banks hold the even and odd column pointers, so
/// p_j and p_{j+1} come out in one cycle (Han et al., ISCA 2016) and give the column's entry
/// range. `type` is the unit's component type ("eie.ptr_read"); `sram` prices the two banks.
class PtrReadUnit : public sim::Component {
 public:
  PtrReadUnit(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
              const sim::SramCosts& sram);
  void load(const PeSlice* slice) { slice_ = slice; }
  /// One cycle: both banks read for the broadcast's column.
  ColumnWork read(const ActBroadcast& act);
  /// A hint for the host: column `col` will be read within a few cycles.
  void expect(std::uint32_t col) const { __builtin_prefetch(&slice_->pointers[col]); }

 private:
  const PeSlice* slice_ = nullptr;
  sim::Counter& columns_;
  sim::Counter& empty_columns_;
  sim::ActionCounts::Id read_;
};

}  // namespace axsim::arch::sparse
