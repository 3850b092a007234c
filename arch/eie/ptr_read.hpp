// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/eie/eie_spec.hpp"
#include "arch/eie/messages.hpp"
#include "sim/component.hpp"

namespace axsim::arch::eie {

/// The pointer read unit: two single-ported banks hold the even and odd column pointers, so
/// p_j and p_{j+1} come out in one cycle (Han et al., ISCA 2016) and give the column's entry range.
class PtrReadUnit : public sim::Component {
 public:
  PtrReadUnit(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec);
  void load(const PeSlice* slice) { slice_ = slice; }
  /// One cycle: both banks read for column `col`.
  ColumnWork read(const ActBroadcast& act);

 private:
  const PeSlice* slice_ = nullptr;
  sim::Counter& columns_;
  sim::Counter& empty_columns_;
  sim::ActionCounts::Id read_;
};

}  // namespace axsim::arch::eie
