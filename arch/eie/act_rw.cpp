// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/act_rw.hpp"

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

ActRw::ActRw(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec)
    : Component(ctx, parent, "act_rw", "eie.act_rw"),
      updates_(stats().counter("dest_updates", "updates", "destination register updates")),
      sram_words_(stats().counter("sram_words", "words", "activation SRAM word accesses")),
      access_(actions().declare("dest_update", plus(act_regfile_costs(tech(), spec).read_pj,
                                                    act_regfile_costs(tech(), spec).write_pj))),
      sram_(*this, spec.act_sram(), {"sram_read", "sram_write"}) {
  sram_.count_words_in(&sram_words_, &sram_words_);
  dest_.attach(updates_, actions(), access_);
  const sim::SramCosts rf = act_regfile_costs(tech(), spec);
  const std::string both = "source and destination register files";
  set_area_um2(plus(sram_.costs().area_um2, times(rf.area_um2, 2, both)));
  set_leakage_mw(plus(sram_.costs().leakage_mw, times(rf.leakage_mw, 2, both)));
}


}  // namespace axsim::arch::eie
