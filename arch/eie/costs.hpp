// SPDX-License-Identifier: Apache-2.0
// EIE's per-action energies and areas. The tech table holds the paper's figures (Table II, one
// PE at its own sizes); a configuration with other SRAM sizes or widths scales them by the
// table's SRAM rule, relative to the paper's size, so the paper's setup gets Table II exactly.
#pragma once
#include "arch/eie/eie_spec.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::eie {

sim::Cost ptr_read_energy(const sim::TechTable& t, const EieSpec& s);
sim::Cost spmat_read_energy(const sim::TechTable& t, const EieSpec& s);
sim::Cost ptr_read_area(const sim::TechTable& t, const EieSpec& s);
sim::Cost spmat_read_area(const sim::TechTable& t, const EieSpec& s);
sim::Cost act_rw_area(const sim::TechTable& t, const EieSpec& s);
sim::Cost act_queue_area(const sim::TechTable& t, const EieSpec& s);

}  // namespace axsim::arch::eie
