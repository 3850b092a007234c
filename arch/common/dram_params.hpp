// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/dram.hpp"
#include "arch/unit.hpp"

namespace axsim::arch {

/// Reads `key` as the name of a clock the config defines (an error lists the defined ones).
std::string parse_clock(sim::Params& p, const std::string& key, const ParseContext& ctx);

/// A unit's "dram" object: its clock and its DramSpec (every unit with a DRAM reads the same keys).
struct DramParams {
  std::string clock;
  DramSpec spec;
};
DramParams parse_dram(sim::Params d, const ParseContext& ctx);

}  // namespace axsim::arch
