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
#include <map>
#include <sstream>
#include <vector>

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

std::string group_key(const Comparison& c, const ComparedRun& r, const std::string& color) {
  if (color == "workload") return r.workload;
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
    return color.empty() || color == "workload" ? std::nan("")
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

/// Rows with a non-numeric coordinate are left out (gnuplot would choke on them).
std::size_t write_block(std::ostream& out, const Comparison& c, const PlotSpec& spec,
                        const Block& b) {
  out << "# " << b.title << "\n# " << spec.x << " " << spec.y << " run_id\n";
  std::size_t rows = 0;
  for (const ComparedRun* r : b.runs) {
    const double x = value_of(c, *r, spec.x), y = value_of(c, *r, spec.y);
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    // Shortest round-trip form: exact, and readable when the data is reused.
    out << results::sql_value_text(x) << " " << results::sql_value_text(y) << " " << r->run_id
        << "\n";
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
};

std::string script_text(const Comparison& c, const PlotSpec& spec, const PlotFiles& files,
                        const std::vector<PlotElement>& elements) {
  const std::string data = gp_quote(fs::path(files.data).filename().string());
  std::ostringstream s;
  s << "# axsim compare: " << c.title << "\n"
    << "# Restyle the figure by editing this file, then redraw it in this directory with:\n"
    << "#   gnuplot " << fs::path(files.script).filename().string() << "\n"
    << "# Data blocks (index N) of " << fs::path(files.data).filename().string()
    << ": x y run_id, titled in their first comment line.\n"
    << terminal_lines(lower(fs::path(spec.output).extension().string()),
                      fs::path(spec.output).filename().string())
    << "set title " << gp_quote(c.title) << "\n"
    << "set xlabel " << gp_quote(label_of(c, spec.x)) << "\n"
    << "set ylabel " << gp_quote(label_of(c, spec.y)) << "\n"
    << "set grid\nset key outside right top\n"
    // C's %g keeps tick labels short (4e-07, not gnuplot's default 0.0000004).
    << "set format x '%g'\nset format y '%g'\n"
    << (spec.logx ? "set logscale x\n" : "") << (spec.logy ? "set logscale y\n" : "") << "plot ";
  for (std::size_t i = 0; i < elements.size(); ++i)
    s << (i ? ", \\\n     " : "") << data << " index " << elements[i].index << " using 1:2 "
      << elements[i].style << " title " << gp_quote(elements[i].title);
  s << "\n";
  return s.str();
}

/// Writes the data file and returns what to plot; empty blocks are written but not plotted.
std::vector<PlotElement> write_data(const Comparison& c, const PlotSpec& spec,
                                    const std::string& path) {
  std::string color = spec.color;
  if (color.empty() && c.baselines.size() > 1) color = "workload";
  std::vector<std::pair<Block, std::string>> blocks;
  for (Block& b : point_blocks(c, color)) blocks.emplace_back(b, "with points pt 7 ps 1.2");
  const std::size_t point_block_count = blocks.size();
  if (spec.front)
    for (Block& b : front_blocks(c, spec)) blocks.emplace_back(b, "with lines lw 2 lc rgb 'black'");
  Block base{"baseline", {}};
  for (const ComparedRun& r : c.baselines) base.runs.push_back(&r);
  blocks.emplace_back(base, "with points pt 6 ps 2.6 lw 2 lc rgb 'red'");
  std::ofstream out(path);
  if (!out) throw UsageError("--plot: cannot write " + path);
  std::vector<PlotElement> elements;
  std::size_t points = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::size_t rows = write_block(out, c, spec, blocks[i].first);
    if (rows) elements.push_back({i, blocks[i].second, blocks[i].first.title});
    if (i < point_block_count) points += rows;
  }
  if (points == 0)
    throw UsageError("--plot: no run has numeric values of both " + spec.x + " and " + spec.y);
  // Front lines first, so the points are drawn on top of them.
  std::stable_partition(elements.begin(), elements.end(),
                        [](const PlotElement& e) { return e.style.rfind("with lines", 0) == 0; });
  return elements;
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
  const std::vector<PlotElement> elements = write_data(c, spec, files.data);
  std::ofstream out(files.script);
  out << script_text(c, spec, files, elements);
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
