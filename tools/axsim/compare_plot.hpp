// SPDX-License-Identifier: Apache-2.0
// `axsim compare --plot`: a gnuplot script and data file kept next to the figure (so it can be
// restyled for a paper), then gnuplot run on them.
#pragma once
#include <stdexcept>
#include <string>

#include "tools/axsim/compare_command.hpp"

namespace axsim::tools {

/// gnuplot is missing or failed: not the user's input, so exit 1.
class PlotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PlotSpec {
  std::string output;  ///< FILE.png or FILE.svg
  std::string x, y;    ///< metric or parameter names
  std::string
      color;  ///< parameter (or "workload") grouping the points; "" = by workload if several
  bool logx = false, logy = false;
  bool front = false;  ///< draw each workload's Pareto front (ComparedRun::pareto) as a line
};

struct PlotFiles {
  std::string output, script, data;  ///< paths as the user will see them
};

/// Checks the output extension and the axis and colour names before anything is printed.
void check_plot_request(const Comparison& c, const std::string& output, const std::string& x,
                        const std::string& y, const std::string& color);

/// Writes FILE.gp and FILE.dat beside the output (FILE = the output without its extension).
PlotFiles write_plot_files(const Comparison& c, const PlotSpec& spec);

/// Runs gnuplot on the script in its own directory; throws PlotError when gnuplot is missing
/// (naming the Debian package) or fails.
void run_gnuplot(const PlotFiles& files);

}  // namespace axsim::tools
