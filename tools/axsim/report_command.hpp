// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::tools {

struct ReportOptions {
  std::string db_path = "axsim.db";
  std::vector<std::int64_t> runs;  ///< these runs (the first is the baseline) ...
  std::string sweep;               ///< ... or a sweep's complete points
  std::string where;               ///< filter of the sweep's points (SQL over its view)
  std::string output;              ///< the HTML file
  int details = 8;                 ///< runs shown in full (layers, energy, cycle stack)
};

/// `axsim report`: one self-contained HTML page (inline CSS and SVG, no script, no network) for
/// a run, a set of runs or a sweep: the runs' totals, their configs side by side, what makes
/// them not comparable, a time-energy plot, the per-layer comparison on common layers, and per
/// run its layers, energy by component type and cycle stack. Exit 2 on bad input.
int report_command(const ReportOptions& opt);

}  // namespace axsim::tools
