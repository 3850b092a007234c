// SPDX-License-Identifier: Apache-2.0
// make_dram (dram.hpp): the one place that knows every memory model.
#include "arch/common/dram/ddr_dram.hpp"
#include "arch/common/dram/dram.hpp"
#include "arch/common/dram/ideal_memory.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch {

std::unique_ptr<Dram> make_dram(sim::Simulation& sim, sim::Component* parent,
                                const DramSpec& spec) {
  if (spec.is_ideal())
    return std::make_unique<IdealMemory>(sim.ctx(), parent, sim.clock(spec.clock), spec);
  // The device's own clock: its timings are in cycles of tCK.
  const std::string name = parent->path() + ".dram.clock";
  const sim::ClockDomain* clock = sim.find_clock(name);
  if (clock == nullptr) clock = &sim.add_clock(name, spec.ddr.t.tck_ps);
  return std::make_unique<dram::DdrDram>(sim.ctx(), parent, *clock, spec);
}

}  // namespace axsim::arch
