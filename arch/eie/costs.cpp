// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/costs.hpp"

#include <fmt/format.h>

namespace axsim::arch::eie {

namespace {

const EieSpec kPaper;  // the defaults are the paper's sizes (papers.md 1.1)

sim::Cost scaled(sim::Cost c, double factor, const char* what) {
  if (factor == 1.0) return c;
  return {c.value * factor, c.source + fmt::format("; x{:.4g} for {}", factor, what)};
}

double sram_energy_ratio(const sim::TechTable& t, std::uint64_t bytes, int width,
                         std::uint64_t ref_bytes, int ref_width) {
  return t.sram(bytes, std::uint32_t(width)).read_pj.value /
         t.sram(ref_bytes, std::uint32_t(ref_width)).read_pj.value;
}

}  // namespace

sim::Cost ptr_read_energy(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.energy_pj("eie_ptr_read"),
                sram_energy_ratio(t, s.ptr_bytes, 2 * s.pointer_bits, kPaper.ptr_bytes,
                                  2 * kPaper.pointer_bits),
                "the pointer SRAM's size and width (SRAM rule)");
}

sim::Cost spmat_read_energy(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.energy_pj("eie_spmat_read_64b"),
                sram_energy_ratio(t, s.spmat_bytes, s.spmat_width_bits, kPaper.spmat_bytes,
                                  kPaper.spmat_width_bits),
                "the sparse-matrix SRAM's size and width (SRAM rule)");
}

sim::Cost ptr_read_area(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.area_um2("eie_ptr_read"), double(s.ptr_bytes) / double(kPaper.ptr_bytes),
                "the pointer SRAM's capacity");
}

sim::Cost spmat_read_area(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.area_um2("eie_spmat_read"), double(s.spmat_bytes) / double(kPaper.spmat_bytes),
                "the sparse-matrix SRAM's capacity");
}

sim::Cost act_rw_area(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.area_um2("eie_act_rw"),
                double(s.act_sram_bytes) / double(kPaper.act_sram_bytes),
                "the activation SRAM's capacity");
}

sim::Cost act_queue_area(const sim::TechTable& t, const EieSpec& s) {
  return scaled(t.area_um2("eie_act_queue"),
                double(s.act_queue_depth) / double(kPaper.act_queue_depth), "the queue depth");
}

}  // namespace axsim::arch::eie
