// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

namespace axsim::tools {

struct DescribeOptions {
  std::string unit;         ///< one unit type, or "" for all
  bool markdown = false;    ///< the generated unit sections of docs/config-reference.md
  std::string check_path;   ///< compare that page's generated part with the output (exit 1 if not)
  std::string update_path;  ///< rewrite that page's generated part
};

/// `axsim describe`: a unit's params, stats and energy actions from its registration data.
int describe_command(const DescribeOptions& opt);

/// The markdown between the markers of docs/config-reference.md, for every registered unit.
std::string units_markdown();

}  // namespace axsim::tools
