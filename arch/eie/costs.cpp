// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/costs.hpp"

#include "arch/common/paper_scaling.hpp"

namespace axsim::arch::eie {

namespace {

const EieSpec kPaper;  // the defaults are the paper's sizes (papers.md 1.1)

}  // namespace

sim::Cost ptr_read_energy(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.energy_pj("eie_ptr_read"),
                        sram_energy_ratio(t, s.ptr_sram(), kPaper.ptr_sram()),
                        "the pointer SRAM's size and width (SRAM rule)");
}

sim::Cost spmat_read_energy(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.energy_pj("eie_spmat_read_64b"),
                        sram_energy_ratio(t, s.spmat_sram(), kPaper.spmat_sram()),
                        "the sparse-matrix SRAM's size and width (SRAM rule)");
}

sim::Cost ptr_read_area(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.area_um2("eie_ptr_read"),
                        size_ratio(double(s.ptr_bytes), double(kPaper.ptr_bytes)),
                        "the pointer SRAM's capacity");
}

sim::Cost spmat_read_area(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.area_um2("eie_spmat_read"),
                        size_ratio(double(s.spmat_bytes), double(kPaper.spmat_bytes)),
                        "the sparse-matrix SRAM's capacity");
}

sim::Cost act_rw_area(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.area_um2("eie_act_rw"),
                        size_ratio(double(s.act_sram_bytes), double(kPaper.act_sram_bytes)),
                        "the activation SRAM's capacity");
}

sim::Cost act_queue_area(const sim::TechTable& t, const EieSpec& s) {
  return paper_relative(t.area_um2("eie_act_queue"),
                        size_ratio(double(s.act_queue_depth), double(kPaper.act_queue_depth)),
                        "the queue depth");
}

}  // namespace axsim::arch::eie
