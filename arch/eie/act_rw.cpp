// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/act_rw.hpp"

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

ActRw::ActRw(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec)
    : Component(ctx, parent, "act_rw", "eie.act_rw"),
      updates_(stats().counter("dest_updates", "updates", "destination register updates")),
      sram_words_(stats().counter("sram_words", "words", "activation SRAM word accesses")),
      access_(actions().declare("dest_update", tech().energy_pj("eie_act_rw_op"))),
      sram_(*this, spec.act_sram(), {"sram_read", "sram_write"}) {
  sram_.count_words_in(&sram_words_, &sram_words_);
  set_area_um2(act_rw_area(tech(), spec));
  set_leakage_mw(sram_.costs().leakage_mw);
}

void ActRw::clear_destination(int rows) { dest_.assign(std::size_t(rows), 0); }

}  // namespace axsim::arch::eie
