// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/report_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "results/results_db.hpp"
#include "sim/cycle_stack.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/compare_command.hpp"
#include "tools/axsim/query_command.hpp"
#include "tools/axsim/svg_chart.hpp"

#ifndef AXSIM_VERSION_STRING
#define AXSIM_VERSION_STRING "unknown"
#endif

namespace axsim::tools {

namespace {

const Quantity kEnergy{"J", -12}, kTime{"s", 0}, kCycles{"cycles", 0, true};

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
th { background: #f0f0f0; } td.text, th.text { text-align: left; }
tr.differs td { background: #fff4d6; }
.warning { background: #fdecea; border: 1px solid #e15759; padding: 0.6em 1em; }
.note { color: #555; font-size: 0.9em; }
svg { display: block; margin: 0.8em 0; }
.scroll { overflow-x: auto; }
)css";

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Energies and times in engineering units (by the column's name), other reals to 4 digits.
std::string cell(const std::string& column, const results::SqlValue& v) {
  if (!std::holds_alternative<double>(v)) return html_escape(results::sql_value_text(v));
  const double x = std::get<double>(v);
  if (ends_with(column, "_pj")) return engineering(x, kEnergy);
  if (column == "time_s") return engineering(x, kTime);
  return fmt::format("{:.4g}", x);
}

std::string html_table(const ResultTable& t) {
  std::string out = "<div class=\"scroll\"><table><tr>";
  for (const std::string& c : t.columns) out += "<th>" + html_escape(c) + "</th>";
  out += "</tr>";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out += (std::holds_alternative<std::string>(row[i]) ? "<td class=\"text\">" : "<td>") +
             cell(t.columns[i], row[i]) + "</td>";
    out += "</tr>";
  }
  return out + "</table></div>\n";
}

ResultTable named(results::ResultsDb& db, const std::string& query, std::int64_t run) {
  return run_query(db, query, {std::to_string(run)});
}

// Every config key (a JSON pointer) with each run's value: the keys where they differ first.
std::string configs_table(results::ResultsDb& db, const std::vector<ComparedRun>& runs) {
  std::vector<std::map<std::string, std::string>> flat;
  std::set<std::string> keys;
  for (const ComparedRun& r : runs) {
    results::Stmt q(db.handle(), db.path(), "SELECT config_json FROM runs WHERE id = ?1");
    q.bind(r.run_id).step();
    const nlohmann::json j = nlohmann::json::parse(q.text(0)).flatten();
    flat.emplace_back();
    for (auto it = j.begin(); it != j.end(); ++it) {
      flat.back()[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
      keys.insert(it.key());
    }
  }
  std::string head = "<tr><th class=\"text\">key</th>", differ, same;
  for (const ComparedRun& r : runs) head += fmt::format("<th>run {}</th>", r.run_id);
  for (const std::string& k : keys) {
    std::string row;
    std::set<std::string> values;
    for (const auto& f : flat) {
      const auto it = f.find(k);
      const std::string v = it == f.end() ? "" : it->second;
      values.insert(v);
      row += "<td class=\"text\">" + html_escape(v) + "</td>";
    }
    const bool differs = values.size() > 1;
    (differs ? differ : same) += std::string("<tr") + (differs ? " class=\"differs\"" : "") +
                                 "><td class=\"text\">" + html_escape(k) + "</td>" + row + "</tr>";
  }
  return "<div class=\"scroll\"><table class=\"configs\">" + head + "</tr>" + differ + same +
         "</table></div>\n";
}

std::string problems_section(const Comparison& c) {
  const ComparisonWarnings w = comparison_warnings(c, true);
  std::string items;
  for (const std::string& p : w.problems) items += "<li>" + html_escape(p) + "</li>";
  for (const ComparedRun* r : w.infeasible)
    items += fmt::format("<li>run {} has {} layers that do not fit its design (a memory too "
                         "small; see its layers table)</li>",
                         r->run_id, r->infeasible_layers);
  if (items.empty()) return "";
  return "<div class=\"warning\"><p><b>Not like for like.</b> Totals below compare runs that "
         "differ as follows; the per-layer comparison keeps to the layers they share.</p><ul>" +
         items + "</ul></div>\n";
}

// Time against energy, a series per value of the first parameter (lines when there is one
// parameter: a one-parameter sweep), else per unit.
std::string overview_plot(const Comparison& c) {
  std::map<std::string, Series> by;
  std::vector<std::string> order;
  for (const ComparedRun& r : c.runs) {
    std::string key = r.unit + " " + r.config_name;
    if (c.param_names.size() > 1)
      key = c.param_names[1] + "=" + results::sql_value_text(r.params[1]);
    else if (!c.param_names.empty())
      key = "sweep of " + c.param_names[0];
    if (!by.count(key)) order.push_back(key);
    Series& s = by[key];
    s.name = key;
    s.lines = c.param_names.size() == 1 || c.param_names.size() == 2;
    s.points.emplace_back(r.time_s, r.energy_pj);
  }
  std::vector<Series> series;
  double t_lo = 1e300, t_hi = 0, e_lo = 1e300, e_hi = 0;
  for (const std::string& k : order) {
    series.push_back(by[k]);
    for (const auto& [t, e] : by[k].points)
      t_lo = std::min(t_lo, t), t_hi = std::max(t_hi, t), e_lo = std::min(e_lo, e), e_hi = std::max(e_hi, e);
  }
  // Logarithmic where the values span more than a factor of 30 (designs far apart).
  ScatterSpec spec{"time and energy of each run", "time", "energy", kTime, kEnergy,
                   t_lo > 0 && t_hi > 30 * t_lo, e_lo > 0 && e_hi > 30 * e_lo};
  return scatter_svg(spec, series);
}

std::string run_section(results::ResultsDb& db, const ComparedRun& r) {
  std::string out = fmt::format("<h2 id=\"run{0}\">Run {0}: {1} ({2}) on {3}</h2>\n", r.run_id,
                                html_escape(r.unit), html_escape(r.config_name),
                                html_escape(r.workload));
  out += fmt::format("<p>{} cycles, {}, {}, {:.4g} mm², {} at {:.6g} MHz.</p>\n", r.cycles,
                     engineering(r.time_s, kTime), engineering(r.energy_pj, kEnergy), r.area_mm2,
                     html_escape(r.tech_node), r.clock_mhz);
  out += "<h3>Layers</h3>\n" + html_table(named(db, "layers", r.run_id));
  const ResultTable energy = named(db, "energy_by_type", r.run_id);
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& row : energy.rows) bars.emplace_back(results::sql_value_text(row[0]), std::get<double>(row[4]));
  out += "<h3>Energy by component type</h3>\n" +
         bars_svg("energy by component type, run " + std::to_string(r.run_id), bars, kEnergy) +
         html_table(energy);
  const ResultTable stack = named(db, "cycles", r.run_id);
  if (stack.rows.empty()) return out + "<p class=\"note\">No cycle stack stored.</p>\n";
  std::vector<std::string> categories(sim::kCycleCategoryNames.begin(), sim::kCycleCategoryNames.end());
  std::vector<StackedBar> layers;
  for (const auto& row : stack.rows) {
    StackedBar b{results::sql_value_text(row[1]), {}};
    for (std::size_t c = 0; c < categories.size(); ++c) b.values.push_back(std::get<double>(row[4 + c]));
    layers.push_back(std::move(b));
  }
  return out + "<h3>Cycle stack per layer</h3>\n" +
         stacked_bars_svg("where each layer's cycles went, run " + std::to_string(r.run_id),
                          categories, layers, kCycles) +
         html_table(stack);
}

std::string page(results::ResultsDb& db, const Comparison& c, const ReportOptions& opt) {
  std::string body = fmt::format(
      "<h1>axsim report: {}</h1>\n<p class=\"note\">From {} by axsim {}. Energies in engineering "
      "units; MACs are dense-equivalent (useful MACs: no zero operand). The first run is the "
      "baseline (of a sweep: the first point of each workload).</p>\n",
      html_escape(c.title), html_escape(opt.db_path), AXSIM_VERSION_STRING);
  body += problems_section(c);
  body += "<h2>Runs</h2>\n" +
          html_table(comparison_table(c, {"cycles", "time_s", "energy_pj", "area_mm2", "speedup",
                                          "energy_ratio", "dense_macs", "useful_macs"},
                                      false));
  body += "<h2>Configurations</h2>\n<p class=\"note\">Keys whose values differ come first, "
          "highlighted.</p>\n" +
          configs_table(db, c.runs);
  body += "<h2>Comparison</h2>\n" + overview_plot(c);
  if (c.runs.size() > 1) {
    const ResultTable layers = layer_comparison(c);
    std::vector<std::pair<std::string, double>> speedups;
    for (const auto& row : layers.rows)
      speedups.emplace_back(results::sql_value_text(row[0]) + " (run " + results::sql_value_text(row[1]) + ")",
                            std::get<double>(row[8]));
    body += "<h3>Per layer, on the layers each run shares with its baseline</h3>\n" +
            bars_svg("speedup over the baseline", speedups, Quantity{"x", 0, true}) +
            html_table(layers);
  }
  for (std::size_t i = 0; i < c.runs.size() && int(i) < opt.details; ++i)
    body += run_section(db, c.runs[i]);
  if (int(c.runs.size()) > opt.details)
    body += fmt::format("<p class=\"note\">{} more runs are in the tables above only "
                        "(--details N shows more).</p>\n",
                        c.runs.size() - std::size_t(opt.details));
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>axsim "
         "report: " + html_escape(c.title) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

}  // namespace

int report_command(const ReportOptions& opt) {
  return run_command(
      [&] {
        if (opt.sweep.empty() == opt.runs.empty())
          throw UsageError("give --sweep NAME or --runs ID,ID,...");
        require_db_file(opt.db_path);
        results::ResultsDb db(opt.db_path, results::ResultsDb::Mode::read_only);
        CompareOptions co;
        co.db_path = opt.db_path;
        co.sweep = opt.sweep, co.where = opt.where, co.runs = opt.runs;
        if (!opt.runs.empty()) co.baseline = std::to_string(opt.runs.front());
        co.force = true;  // the page says what differs instead of refusing
        co.quiet = true;
        const Comparison c = load_comparison(db, co);
        std::ofstream out(opt.output, std::ios::binary | std::ios::trunc);
        out << page(db, c, opt);
        out.close();
        if (!out) throw sim::ConfigError(opt.output + ": cannot write the report");
        std::cerr << "axsim: wrote " << opt.output << "\n";
        return 0;
      },
      2);
}

}  // namespace axsim::tools
