// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

namespace axsim::tools {

struct CostOptions {
  std::string tech;                 ///< a tech node file (configs/tech/<node>.json)
  std::string kind;                 ///< sram | regfile | logic | wire
  std::vector<std::string> args;    ///< the structure's sizes (see cost_command)
  bool dual_port = false;           ///< sram: one read and one write port
};

/// `axsim cost TECH KIND ARGS...`: what the tech table's structure model prices one structure
/// at, as one JSON object on stdout (energies in pJ, leakage in mW, area in um2, each with its
/// source): `sram CAPACITY_BYTES WIDTH_BITS`, `regfile WORDS WIDTH_BITS`, `logic OP BITS`,
/// `wire BITS MM`. Bad input is exit 2 with the reason.
int cost_command(const CostOptions& opt);

}  // namespace axsim::tools
