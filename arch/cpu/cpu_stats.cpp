// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/cpu_stats.hpp"

#include <string>

namespace axsim::arch::cpu {

const std::vector<StatDecl>& cpu_component_stats() {
  const std::string c = "cpu.core", f = "cpu.front_end", q = "cpu.lsq";
  static const std::vector<StatDecl> s = {
      {"cpu", "window_weight", "fraction",
       "the share of the whole run the phase stands for (a simpoint's weight; 1 for a whole "
       "trace, 0 for a warm-up window)"},
      {c, "instructions", "instructions", "instructions committed"},
      {c, "loads", "instructions", "instructions with a load issued"},
      {c, "stores", "instructions", "instructions with a store issued"},
      {c, "squashes", "squashes", "memory-order violations that squashed and refetched"},
      {c, "blocks", "blocks", "CG-OoO: blocks committed"},
      {f, "fetch_blocks", "requests", "L1-I fetch requests"},
      {f, "taken_branches", "branches",
       "branches whose next instruction is not the next in memory"},
      {f, "branch_mispredicts", "branches",
       "branches predicted wrong: fetch waited for them to resolve"},
      {f, "replayed", "instructions", "instructions squashed and fetched again"},
      {q, "forwarded", "accesses", "load accesses served by an older store"},
      {q, "order_violations", "loads", "loads that read before an older store to their bytes"},
      {q, "predicted_dependences", "loads",
       "load issues held back by the wait table until older store addresses were known"},
      {"cpu.branch_predictor", "branches", "branches", "branches predicted"},
      {"cpu.branch_predictor", "wrong_direction", "branches",
       "conditional branches predicted the wrong way"},
      {"cpu.branch_predictor", "wrong_target", "branches",
       "taken branches, jumps and calls whose target the BTB missed or had stale"},
      {"cpu.branch_predictor", "wrong_return", "branches",
       "returns the return-address stack predicted wrong"},
  };
  return s;
}

}  // namespace axsim::arch::cpu
