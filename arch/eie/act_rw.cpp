// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/act_rw.hpp"

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

ActRw::ActRw(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec)
    : Component(ctx, parent, "act_rw", "eie.act_rw"),
      data_bits_(spec.data_bits),
      width_bits_(spec.act_sram_width_bits),
      updates_(stats().counter("dest_updates", "updates", "destination register updates")),
      sram_words_(stats().counter("sram_words", "words", "activation SRAM word accesses")),
      access_(actions().declare("dest_update", tech().energy_pj("eie_act_rw_op"))) {
  const sim::SramCosts sram =
      tech().sram(spec.act_sram_bytes, static_cast<std::uint32_t>(spec.act_sram_width_bits));
  sram_read_ = actions().declare("sram_read", sram.read_pj);
  sram_write_ = actions().declare("sram_write", sram.write_pj);
  set_area_um2(act_rw_area(tech(), spec));
  set_leakage_mw(sram.leakage_mw);
}

void ActRw::clear_destination(int rows) { dest_.assign(std::size_t(rows), 0); }

std::uint64_t ActRw::words(std::uint64_t values) const {
  return (values * std::uint64_t(data_bits_) + std::uint64_t(width_bits_) - 1) / width_bits_;
}

void ActRw::sram_read(std::uint64_t values) {
  sram_words_.add(words(values));
  actions().add(sram_read_, words(values));
}

void ActRw::sram_write(std::uint64_t values) {
  sram_words_.add(words(values));
  actions().add(sram_write_, words(values));
}

}  // namespace axsim::arch::eie
