// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/ptr_read.hpp"

namespace axsim::arch::sparse {

PtrReadUnit::PtrReadUnit(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
                         const sim::SramCosts& sram)
    : Component(ctx, parent, "ptr_read", type),
      columns_(stats().counter("columns", "columns", "pointer pairs read (one per broadcast)")),
      empty_columns_(stats().counter("empty_columns", "columns",
                                     "columns with no entry on this PE")),
      read_(actions().declare("read_pair", sram.read_pj)) {
  set_area_um2(sram.area_um2);
  set_leakage_mw(sram.leakage_mw);
}

ColumnWork PtrReadUnit::read(const ActBroadcast& act) {
  columns_.add();
  actions().add(read_);
  const ColumnWork w{slice_->pointers[act.col], slice_->pointers[act.col + 1], act.value, act.lane};
  if (w.begin == w.end) empty_columns_.add();
  return w;
}

}  // namespace axsim::arch::sparse
