// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/cpu_stats.hpp"

#include <string>

namespace axsim::arch::cpu {

const std::vector<StatDecl>& cpu_component_stats() {
  const std::string c = "cpu.inorder_core";
  static const std::vector<StatDecl> s = {
      {"cpu", "window_weight", "fraction",
       "the share of the whole run the phase stands for (a simpoint's weight; 1 for a whole "
       "trace, 0 for a warm-up window)"},
      {c, "instructions", "instructions", "instructions issued"},
      {c, "load_requests", "requests", "L1-D load requests (one per line a load touches)"},
      {c, "store_requests", "requests", "L1-D store requests (one per line a store touches)"},
      {c, "fetch_blocks", "requests", "L1-I fetch requests"},
      {c, "taken_branches", "branches",
       "branches whose next instruction is not the next in memory"},
      {c, "branch_mispredicts", "branches",
       "branches predicted wrong: fetch waited for them to resolve"},
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
