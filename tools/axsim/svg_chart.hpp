// SPDX-License-Identifier: Apache-2.0
// Figures as inline SVG for `axsim report` (self-contained: no scripts, fonts or network), and
// the engineering units and axis ticks `axsim compare --plot` uses too.
#pragma once
#include <string>
#include <vector>

namespace axsim::tools {

/// A quantity's unit: a symbol and the power of ten its stored values are in (energy is stored
/// in pJ: {"J", -12}; time in s: {"s", 0}; counts: {"cycles", 0, true}).
struct Quantity {
  std::string symbol;
  int exponent = 0;
  bool count = false;  ///< a count: prefixes k, M, G only, none below 1
};

/// The SI prefix that shows values up to `max_abs` (stored units) as 1 to 999: the factor to
/// multiply stored values by and the unit label ("µJ", "ms", "M cycles").
struct Scaled {
  double factor = 1;
  std::string label;
};
Scaled engineering_scale(double max_abs, const Quantity& q);
/// One value with its own prefix, 4 significant digits: "1.637 µJ".
std::string engineering(double value, const Quantity& q);

/// Tick positions between lo and hi: about `target` round steps (1, 2, 5 x 10^k) on a linear
/// axis; on a log axis (lo > 0) every decade, with 2 and 5 between when there are few decades,
/// and round linear steps when the range is within a decade or so.
std::vector<double> axis_ticks(double lo, double hi, bool log, int target = 6);

/// One bar of a stacked bar chart: a label and a value per category.
struct StackedBar {
  std::string label;
  std::vector<double> values;
};
/// Horizontal stacked bars with a legend of `categories` (e.g. a cycle stack per layer).
std::string stacked_bars_svg(const std::string& title, const std::vector<std::string>& categories,
                             const std::vector<StackedBar>& bars, const Quantity& q);

/// Horizontal bars, one per (label, value) (e.g. energy by component type).
std::string bars_svg(const std::string& title, const std::vector<std::pair<std::string, double>>& bars,
                     const Quantity& q);

/// A series of points of a scatter plot, joined by lines when `lines` (a one-parameter sweep).
struct Series {
  std::string name;
  std::vector<std::pair<double, double>> points;
  bool lines = false;
};
struct ScatterSpec {
  std::string title, x_label, y_label;
  Quantity x, y;
  bool log_x = false, log_y = false;
};
/// A scatter plot of `series`, each in its own colour and marker, with a legend.
std::string scatter_svg(const ScatterSpec& spec, const std::vector<Series>& series);

/// Text escaped for HTML and SVG.
std::string html_escape(const std::string& text);

}  // namespace axsim::tools
