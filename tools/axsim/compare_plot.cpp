// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/compare_plot.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "tools/axsim/svg_chart.hpp"

namespace axsim::tools {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

/// A gnuplot single-quoted string: no escapes are interpreted, a quote is doubled.
std::string gp_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

/// A block of the data file: one title, rows of x y run_id.
struct Block {
  std::string title;
  std::vector<const ComparedRun*> runs;
};

std::string base_name(const ComparedRun& r) {
  return r.unit + " " + r.config_name.substr(0, r.config_name.find(" ["));
}

std::string group_key(const Comparison& c, const ComparedRun& r, const std::string& color) {
  if (color == "workload") return r.workload;
  if (color == "run") return base_name(r) + " (run " + std::to_string(r.run_id) + ")";
  if (color == "config") return base_name(r);  // not the config file's path
  const auto i =
      std::find(c.param_names.begin(), c.param_names.end(), color) - c.param_names.begin();
  return color + "=" + results::sql_value_text(r.params[static_cast<std::size_t>(i)]);
}

/// Points grouped by the colour parameter, numeric values in ascending order.
std::vector<Block> point_blocks(const Comparison& c, const std::string& color) {
  std::vector<Block> blocks;
  for (const ComparedRun& r : c.runs) {
    const std::string key = color.empty() ? "runs" : group_key(c, r, color);
    auto it =
        std::find_if(blocks.begin(), blocks.end(), [&](const Block& b) { return b.title == key; });
    if (it == blocks.end()) it = blocks.insert(blocks.end(), Block{key, {}});
    it->runs.push_back(&r);
  }
  auto sort_value = [&](const Block& b) {
    return color.empty() || color == "workload" || color == "run" || color == "config"
               ? std::nan("")
               : value_of(c, *b.runs.front(), color);
  };
  std::stable_sort(blocks.begin(), blocks.end(), [&](const Block& a, const Block& b) {
    return sort_value(a) < sort_value(b);  // false for NaN: text keeps its order of appearance
  });
  return blocks;
}

std::vector<Block> front_blocks(const Comparison& c, const PlotSpec& spec) {
  std::vector<Block> blocks;
  for (const ComparedRun& r : c.runs) {
    if (!r.pareto) continue;
    auto it = std::find_if(blocks.begin(), blocks.end(),
                           [&](const Block& b) { return b.runs.front()->workload == r.workload; });
    if (it == blocks.end()) it = blocks.insert(blocks.end(), Block{"Pareto front", {}});
    it->runs.push_back(&r);
  }
  for (Block& b : blocks) {
    std::stable_sort(b.runs.begin(), b.runs.end(), [&](const ComparedRun* a, const ComparedRun* z) {
      return value_of(c, *a, spec.x) < value_of(c, *z, spec.x);
    });
    if (blocks.size() > 1) b.title += " (" + b.runs.front()->workload + ")";
  }
  return blocks;
}

// gnuplot point types that stay apart in print: filled circle, square, triangles, diamond.
constexpr int kPointTypes[] = {7, 5, 9, 11, 13, 15, 4, 6};

/// The point type of `r`: one per distinct value of `param` in order of appearance.
int marker_of(const Comparison& c, const ComparedRun& r, const std::string& param) {
  if (param.empty()) return kPointTypes[0];
  const auto i = static_cast<std::size_t>(
      std::find(c.param_names.begin(), c.param_names.end(), param) - c.param_names.begin());
  std::vector<std::string> seen;
  for (const ComparedRun& o : c.runs) {
    const std::string v = results::sql_value_text(o.params[i]);
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    if (o.run_id == r.run_id) break;
  }
  return kPointTypes[(seen.size() - 1) % std::size(kPointTypes)];
}

/// Rows with a non-numeric coordinate are left out (gnuplot would choke on them). The fourth
/// column is the point's marker: gnuplot's point type for the value of `shape_param`.
std::size_t write_block(std::ostream& out, const Comparison& c, const PlotSpec& spec,
                        const Block& b, const std::string& shape_param) {
  out << "# " << b.title << "\n# " << spec.x << " " << spec.y << " run_id marker\n";
  std::size_t rows = 0;
  for (const ComparedRun* r : b.runs) {
    const double x = value_of(c, *r, spec.x), y = value_of(c, *r, spec.y);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    // Shortest round-trip form: exact, and readable when the data is reused.
    out << results::sql_value_text(x) << " " << results::sql_value_text(y) << " " << r->run_id
        << " " << marker_of(c, *r, shape_param) << "\n";
    ++rows;
  }
  out << "\n\n";  // two blank lines end a gnuplot data block (index)
  return rows;
}

std::string terminal_lines(const std::string& ext, const std::string& output_name) {
  std::string t;
  if (ext == ".svg") {
    t = "set terminal svg size 900,600 dynamic noenhanced font 'sans,12' background rgb 'white'\n";
  } else {
    // pngcairo draws antialiased text; plain png (libgd) is the fallback of minimal builds.
    t = "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
        "  set terminal pngcairo size 900,600 noenhanced font 'sans,11'\n"
        "} else {\n"
        "  set terminal png size 900,600 noenhanced\n"
        "}\n";
  }
  return t + "set output " + gp_quote(output_name) + "\n";
}

struct PlotElement {
  std::size_t index;
  std::string style, title;
  int color = 0;  ///< gnuplot line colour of a point block (1, 2, ...); 0: the style sets it
};

/// How the points are told apart: colour (a block per value), lines along one parameter, and
/// marker shape for a further one.
struct Styling {
  std::string color, order, shape;
  bool lines = false;
  std::vector<std::pair<std::string, int>> shapes;  ///< each value of `shape` and its marker
};

/// What to plot and how the points are told apart.
struct PlotLayout {
  std::vector<PlotElement> elements;
  Styling style;
};


// The unit a metric is stored in, for engineering prefixes on its axis (none for ratios,
// parameters and areas).
std::optional<Quantity> quantity_of(const std::string& metric) {
  if (metric == "energy_pj") return Quantity{"J", -12};
  if (metric == "time_s") return Quantity{"s", 0};
  if (metric == "edp_pj_s") return Quantity{"J·s", -12};
  if (metric == "cycles") return Quantity{"cycles", 0, true};
  if (metric == "dense_macs" || metric == "useful_macs") return Quantity{"MACs", 0, true};
  return std::nullopt;
}

/// One axis: its factor (stored values to shown ones), label and, on a log axis, the ticks
/// (decades, and 2 and 5 between them when the data spans few decades).
std::string axis_lines(const Comparison& c, const std::string& metric, const std::string& axis,
                       bool log, double& factor) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo, max_abs = 0;
  for (const ComparedRun& r : c.runs) {
    const double v = value_of(c, r, metric);
    if (!std::isfinite(v) || (log && v <= 0)) continue;
    lo = std::min(lo, v), hi = std::max(hi, v), max_abs = std::max(max_abs, std::abs(v));
  }
  std::string label = label_of(c, metric);
  factor = 1;
  if (const std::optional<Quantity> q = quantity_of(metric)) {
    const Scaled sc = engineering_scale(max_abs, *q);
    factor = sc.factor;
    label = label.substr(0, label.find(" (")) + " (" + sc.label + ")";
  }
  std::string out = "set " + axis + "label " + gp_quote(label) + "\n";
  if (!log) return out + "set format " + axis + " '%g'\n";
  out += "set logscale " + axis + "\nset format " + axis + " '%g'\n";
  if (!(hi > lo)) return out;
  // The data's range, not gnuplot's round decades (which can leave most of the plot empty).
  out += fmt::format("set {}range [{:.17g}:{:.17g}]\n", axis, lo * factor / 1.08, hi * factor * 1.08);
  std::string tics;
  for (double t : axis_ticks(lo * factor, hi * factor, true))
    tics += (tics.empty() ? "" : ", ") + fmt::format("'{:g}' {:.17g}", t, t);
  return out + "set " + axis + "tics (" + tics + ")\n";
}

std::string script_text(const Comparison& c, const PlotSpec& spec, const PlotFiles& files,
                        const PlotLayout& layout) {
  const std::string data = gp_quote(fs::path(files.data).filename().string());
  double fx = 1, fy = 1;
  std::ostringstream s;
  s << "# axsim compare: " << c.title << "\n"
    << "# Restyle the figure by editing this file, then redraw it in this directory with:\n"
    << "#   gnuplot " << fs::path(files.script).filename().string() << "\n"
    << "# Data blocks (index N) of " << fs::path(files.data).filename().string()
    << ": x y run_id marker, in stored units (pJ, s), titled in their first comment line.\n"
    << terminal_lines(lower(fs::path(spec.output).extension().string()),
                      fs::path(spec.output).filename().string())
    << "set title " << gp_quote(c.title + (layout.style.shape.empty()
                                               ? std::string()
                                               : " (marker: " + layout.style.shape + ")"))
    << "\n"
    << axis_lines(c, spec.x, "x", spec.logx, fx) << axis_lines(c, spec.y, "y", spec.logy, fy)
    << "set grid\nset key outside right top\nfx = " << fmt::format("{:.17g}", fx)
    << "\nfy = " << fmt::format("{:.17g}", fy) << "\nplot ";
  std::vector<std::string> parts;
  for (const PlotElement& e : layout.elements) {
    std::string style = e.style;  // "using 1:2..." scaled to the axes' units
    const bool marker = style.find(":4") != std::string::npos;
    style.replace(0, style.find(' ', 6), std::string("using ($1*fx):($2*fy)") + (marker ? ":4" : ""));
    if (e.color == 0) {
      parts.push_back(data + " index " + std::to_string(e.index) + " " + style + " title " +
                      gp_quote(e.title));
      continue;
    }
    // A point block's markers vary, so its key entry is drawn apart, in its colour.
    parts.push_back(data + " index " + std::to_string(e.index) + " " + style + " lc " +
                    std::to_string(e.color) + " notitle");
    parts.push_back(std::string("keyentry with ") + (layout.style.lines ? "linespoints" : "points") +
                    " pt 7 ps 1.3 lc " + std::to_string(e.color) + " title " + gp_quote(e.title));
  }
  for (const auto& [value, pt] : layout.style.shapes)
    parts.push_back("keyentry with points pt " + std::to_string(pt) + " ps 1.3 lc rgb 'black' title " +
                    gp_quote(value));
  for (std::size_t i = 0; i < parts.size(); ++i) s << (i ? ", \\\n     " : "") << parts[i];
  s << "\n";
  return s.str();
}

Styling styling(const Comparison& c, const PlotSpec& spec) {
  Styling st;
  std::vector<std::string> params;  // the parameters that are not on an axis
  for (const std::string& p : c.param_names)
    if (p != spec.x && p != spec.y) params.push_back(p);
  st.color = spec.color;
  if (st.color.empty()) {
    if (c.baselines.size() > 1) st.color = "workload";
    else if (params.size() >= 2) st.color = params.back();
    else if (params.empty() && c.runs.size() <= 10) st.color = "run";
  }
  std::vector<std::string> rest;
  for (const std::string& p : params)
    if (p != st.color) rest.push_back(p);
  if (!rest.empty()) st.order = rest[0];
  st.lines = rest.size() == 1;  // each colour is a one-parameter series: a line along it
  if (rest.size() >= 2) st.shape = rest[1];
  if (st.shape.empty()) return st;
  const auto i = static_cast<std::size_t>(
      std::find(c.param_names.begin(), c.param_names.end(), st.shape) - c.param_names.begin());
  for (const ComparedRun& r : c.runs) {
    const std::string v = st.shape + "=" + results::sql_value_text(r.params[i]);
    if (std::none_of(st.shapes.begin(), st.shapes.end(), [&](const auto& e) { return e.first == v; }))
      st.shapes.emplace_back(v, marker_of(c, r, st.shape));
  }
  return st;
}

/// Writes the data file and returns what to plot; empty blocks are written but not plotted.
PlotLayout write_data(const Comparison& c, const PlotSpec& spec, const std::string& path) {
  const Styling st = styling(c, spec);
  std::vector<std::pair<Block, std::string>> blocks;
  for (Block& b : point_blocks(c, st.color)) {
    if (st.lines)
      std::stable_sort(b.runs.begin(), b.runs.end(), [&](const ComparedRun* a, const ComparedRun* z) {
        return value_of(c, *a, st.order) < value_of(c, *z, st.order);
      });
    blocks.emplace_back(b, st.lines ? "using 1:2:4 with linespoints pt variable ps 1.3 lw 1.5"
                                    : "using 1:2:4 with points pt variable ps 1.3");
  }
  const std::size_t point_block_count = blocks.size();
  if (spec.front)
    for (Block& b : front_blocks(c, spec))
      blocks.emplace_back(b, "using 1:2 with lines lw 2 lc rgb 'black'");
  Block base{"baseline", {}};
  for (const ComparedRun& r : c.baselines) base.runs.push_back(&r);
  blocks.emplace_back(base, "using 1:2 with points pt 6 ps 2.6 lw 2 lc rgb 'red'");
  std::ofstream out(path);
  if (!out) throw UsageError("--plot: cannot write " + path);
  std::vector<PlotElement> elements;
  std::size_t points = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::size_t rows = write_block(out, c, spec, blocks[i].first, st.shape);
    std::string title = blocks[i].first.title;
    if (i < point_block_count && st.lines) title += " (line: " + st.order + ")";
    if (rows)
      elements.push_back({i, blocks[i].second, title, i < point_block_count ? int(i) + 1 : 0});
    if (i < point_block_count) points += rows;
  }
  if (points == 0)
    throw UsageError("--plot: no run has numeric values of both " + spec.x + " and " + spec.y);
  // Front lines first, so the points are drawn on top of them.
  std::stable_partition(elements.begin(), elements.end(),
                        [](const PlotElement& e) { return e.style.find("with lines") != std::string::npos; });
  return {elements, st};
}

/// The directory gnuplot runs in: the output's, or the current one.
std::string directory_of(const std::string& path) {
  const fs::path dir = fs::path(path).parent_path();
  return dir.empty() ? "." : dir.string();
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  return false;
}

}  // namespace

void check_plot_request(const Comparison& c, const std::string& output, const std::string& x,
                        const std::string& y, const std::string& color) {
  const std::string ext = lower(fs::path(output).extension().string());
  if (ext != ".png" && ext != ".svg")
    throw UsageError("--plot " + output + ": the file must end in .png or .svg");
  if (!x.empty()) value_of(c, c.runs.front(), x);  // throws for an unknown name
  if (!y.empty()) value_of(c, c.runs.front(), y);
  if (!color.empty() && color != "workload" &&
      std::find(c.param_names.begin(), c.param_names.end(), color) == c.param_names.end())
    throw UsageError("--color: '" + color + "' is not a parameter of the compared runs" +
                     (c.param_names.empty() ? std::string(" (they have none; 'workload' works)")
                                            : std::string(" (or 'workload')")));
}

PlotFiles write_plot_files(const Comparison& c, const PlotSpec& spec) {
  PlotFiles files;
  files.output = spec.output;
  files.script = fs::path(spec.output).replace_extension(".gp").string();
  files.data = fs::path(spec.output).replace_extension(".dat").string();
  const PlotLayout layout = write_data(c, spec, files.data);
  std::ofstream out(files.script);
  out << script_text(c, spec, files, layout);
  if (!out) throw UsageError("--plot: cannot write " + files.script);
  return files;
}

void run_gnuplot(const PlotFiles& files) {
  if (!on_path("gnuplot"))
    throw PlotError("gnuplot is not installed (Debian: apt-get install gnuplot-nox); " +
                    files.script + " and " + files.data +
                    " are written, run gnuplot on them later");
  std::fflush(nullptr);  // the child must not repeat our buffered output
  std::error_code ec;
  fs::remove(files.output, ec);  // so a stale figure cannot pass for a new one
  const std::string dir = directory_of(files.script);
  const std::string script = fs::path(files.script).filename().string();
  const pid_t pid = ::fork();
  if (pid < 0) throw PlotError("cannot start gnuplot (fork failed)");
  if (pid == 0) {
    // The script names its data and output relative to its own directory.
    if (::chdir(dir.c_str()) == 0)
      ::execlp("gnuplot", "gnuplot", script.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(files.output))
    throw PlotError("gnuplot failed on " + files.script + " (its messages are above)");
}

}  // namespace axsim::tools
