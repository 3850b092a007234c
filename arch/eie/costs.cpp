// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/costs.hpp"

#include <fmt/format.h>

namespace axsim::arch::eie {

namespace {

constexpr int kCodebookEntries = 16;  ///< 4-bit weight codes (Han et al., ISCA 2016)

}  // namespace

sim::SramCosts act_queue_costs(const sim::TechTable& t, const EieSpec& s) {
  return t.register_file(std::uint64_t(s.act_queue_depth),
                         std::uint32_t(act_queue_entry_bits(s)));
}

sim::SramCosts codebook_costs(const sim::TechTable& t, const EieSpec& s) {
  return t.register_file(kCodebookEntries, std::uint32_t(s.data_bits));
}

sim::SramCosts act_regfile_costs(const sim::TechTable& t, const EieSpec& s) {
  return t.register_file(std::uint64_t(s.regfile_entries), std::uint32_t(s.data_bits));
}

sim::OpCosts multiplier_costs(const sim::TechTable& t, const EieSpec& s) {
  return t.logic("int_mult", std::uint32_t(s.data_bits));
}

sim::OpCosts adder_costs(const sim::TechTable& t, const EieSpec& s) {
  return t.logic("int_add", std::uint32_t(s.data_bits));
}

sim::OpCosts mac_costs(const sim::TechTable& t, const EieSpec& s) {
  const sim::OpCosts mult = multiplier_costs(t, s), add = adder_costs(t, s);
  const sim::SramCosts codebook = codebook_costs(t, s);
  return {plus(plus(mult.energy_pj, add.energy_pj), codebook.read_pj),
          plus(plus(mult.area_um2, add.area_um2), codebook.area_um2),
          plus(plus(mult.leakage_mw, add.leakage_mw), codebook.leakage_mw)};
}

sim::OpCosts lnzd_node_costs(const sim::TechTable& t, const EieSpec& s) {
  const sim::OpCosts cmp = t.logic("int_add", std::uint32_t(s.data_bits));
  const double n = s.lnzd_fanin + 1;
  return times(cmp, n, fmt::format("{} zero detects and one selection", s.lnzd_fanin));
}

}  // namespace axsim::arch::eie
