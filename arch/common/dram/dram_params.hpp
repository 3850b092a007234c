// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/dram/dram.hpp"
#include "arch/unit.hpp"

namespace axsim::arch {

/// A unit's "dram" object (every unit with off-chip memory reads the same keys).
struct DramParams {
  DramSpec spec;
};
/// The declarations of the "dram" object's keys.
ParamTable dram_param_rows();
/// The DRAM component's stats and actions, for a unit's registration data.
std::vector<StatDecl> dram_stat_decls();
std::vector<ActionDecl> dram_action_decls();
/// Reads them through `r` (whose table is dram_param_rows()) and finishes it.
DramParams read_dram(ParamReader r, const ParseContext& ctx);

}  // namespace axsim::arch
