// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/compare_command.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

#include "results/results_db.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/compare_load.hpp"
#include "tools/axsim/compare_plot.hpp"
#include "tools/axsim/query_command.hpp"

namespace axsim::tools {

namespace {

struct Metric {
  const char *name;
  const char *label;  ///< axis label, with the unit
  bool integer;
  double (*get)(const ComparedRun &);
};

// Every metric compare knows; the first nine are printed by default.
const Metric kMetrics[] = {
    {"cycles", "cycles", true, [](const ComparedRun &r) { return static_cast<double>(r.cycles); }},
    {"time_s", "time (s)", false, [](const ComparedRun &r) { return r.time_s; }},
    {"energy_pj", "energy (pJ)", false, [](const ComparedRun &r) { return r.energy_pj; }},
    {"area_mm2", "area (mm²)", false, [](const ComparedRun &r) { return r.area_mm2; }},
    {"edp_pj_s", "energy-delay product (pJ·s)", false,
     [](const ComparedRun &r) { return r.edp_pj_s; }},
    {"speedup", "speedup over the baseline (×)", false,
     [](const ComparedRun &r) { return r.speedup; }},
    {"energy_ratio", "energy / baseline energy", false,
     [](const ComparedRun &r) { return r.energy_ratio; }},
    {"edp_ratio", "EDP / baseline EDP", false, [](const ComparedRun &r) { return r.edp_ratio; }},
    {"dense_macs", "MACs (dense-equivalent)", true,
     [](const ComparedRun &r) { return static_cast<double>(r.dense_macs); }},
    {"useful_macs", "useful MACs (no zero operand)", true,
     [](const ComparedRun &r) { return static_cast<double>(r.useful_macs); }},
};
constexpr std::size_t kDefaultMetrics = 9;

const Metric *find_metric(const std::string &name) {
  for (const Metric &m : kMetrics)
    if (name == m.name) return &m;
  return nullptr;
}

std::string metric_names() {
  std::string out;
  for (const Metric &m : kMetrics) out += (out.empty() ? "" : ", ") + std::string(m.name);
  return out;
}

using Selector = std::vector<std::pair<std::string, std::string>>;

Selector parse_selector(const std::string &text, const Comparison &c) {
  Selector out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--baseline '" + text + "': expected a run id or KEY=VALUE[,KEY=VALUE...]");
    const std::string key = item.substr(0, eq);
    if (std::find(c.param_names.begin(), c.param_names.end(), key) == c.param_names.end())
      throw UsageError("--baseline: '" + key + "' is not a parameter of the compared runs (" +
                       (c.param_names.empty() ? "they have none" : joined(c.param_names)) + ")");
    out.emplace_back(key, item.substr(eq + 1));
  }
  return out;
}

/// Numbers compare by value (so 16 matches 16.0), everything else as text.
bool value_matches(const results::SqlValue &stored, const std::string &wanted) {
  const results::SqlValue w = typed_value(wanted);
  if (is_number(stored) && is_number(w)) return number_of(stored) == number_of(w);
  return results::sql_value_text(stored) == wanted;
}

bool selector_matches(const Selector &s, const ComparedRun &r, const Comparison &c) {
  for (const auto &[key, wanted] : s) {
    const auto i =
        std::find(c.param_names.begin(), c.param_names.end(), key) - c.param_names.begin();
    if (!value_matches(r.params[static_cast<std::size_t>(i)], wanted)) return false;
  }
  return true;
}

std::string id_list(const std::vector<const ComparedRun *> &runs) {
  constexpr std::size_t kShown = 10;  // enough to see the ambiguity without a wall of ids
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < std::min(runs.size(), kShown); ++i)
    ids.push_back(std::to_string(runs[i]->run_id));
  if (runs.size() > kShown) ids.push_back("... (" + std::to_string(runs.size()) + " in all)");
  return joined(ids);
}

using BaselineMap = std::map<std::string, ComparedRun>;

BaselineMap baselines_by_selector(const Selector &s, const std::string &text,
                                  const std::vector<ComparedRun> &candidates, const Comparison &c) {
  BaselineMap out;
  for (const std::string &w : workloads_of(c.runs)) {
    std::vector<const ComparedRun *> hits;
    for (const ComparedRun &r : candidates)
      if (r.workload == w && selector_matches(s, r, c)) hits.push_back(&r);
    if (hits.empty())
      throw UsageError("--baseline " + text + ": no complete run on workload '" + w + "' matches");
    if (hits.size() > 1)
      throw UsageError("--baseline " + text + ": runs " + id_list(hits) + " on workload '" + w +
                       "' all match; add KEY=VALUE pairs until one does");
    out.emplace(w, *hits.front());
  }
  return out;
}

/// A run id as baseline serves every compared run, whatever its workload (a dense run on a model
/// against sparse runs on that model's compressed traces); the comparison guard then checks
/// what they ran, layer by layer.
BaselineMap baselines_by_id(results::ResultsDb &db, std::int64_t id, Comparison &c, bool quiet) {
  const ComparedRun base = load_run(db, id, c);
  BaselineMap out;
  for (const std::string &w : workloads_of(c.runs)) {
    if (w != base.workload && !quiet)
      std::cerr << "axsim: note: baseline run " << id << " is on workload '" << base.workload
                << "', compared with runs on '" << w << "'\n";
    out.emplace(w, base);
  }
  return out;
}

bool all_digits(const std::string &s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

BaselineMap find_baselines(results::ResultsDb &db, const CompareOptions &opt, Comparison &c) {
  if (opt.baseline.empty()) {
    BaselineMap out;
    for (const ComparedRun &r : c.runs) out.emplace(r.workload, r);  // the first one per workload
    return out;
  }
  if (all_digits(opt.baseline)) return baselines_by_id(db, std::stoll(opt.baseline), c, opt.quiet);
  const Selector s = parse_selector(opt.baseline, c);
  // A sweep's baseline may lie outside --where (compare the large designs with
  // the small one).
  if (opt.sweep.empty()) return baselines_by_selector(s, opt.baseline, c.runs, c);
  const std::vector<ComparedRun> all =
      load_runs(db, sweep_run_ids(db, opt.sweep, c.param_names, ""), c);
  return baselines_by_selector(s, opt.baseline, all, c);
}

void set_ratios(ComparedRun &r, const ComparedRun &base) {
  r.baseline_id = base.run_id;
  r.speedup = base.time_s / r.time_s;
  r.energy_ratio = r.energy_pj / base.energy_pj;
  r.edp_ratio = r.edp_pj_s / base.edp_pj_s;
}

// Totals of runs that ran other layers, at another node or clock, are not compared unless
// asked (--force) or restricted to the common layers (--layers); designs that do not fit
// their workload are named either way.
void guard_comparison(const Comparison &c, const CompareOptions &opt) {
  const ComparisonWarnings w = comparison_warnings(c, !opt.layers);
  const std::vector<std::string> &problems = w.problems;
  std::vector<std::string> infeasible;
  for (const ComparedRun *r : w.infeasible)
    infeasible.push_back("run " + std::to_string(r->run_id) + " (" +
                         std::to_string(r->infeasible_layers) +
                         (r->infeasible_layers == 1 ? " layer)" : " layers)"));
  if (!infeasible.empty() && !opt.quiet)
    std::cerr << "axsim: WARNING: designs that do not fit their workload (a memory too small; "
                 "see layers.infeasible): "
              << joined(infeasible) << "\n";
  if (problems.empty()) return;
  std::string text;
  for (const std::string &p : problems) text += "\n  - " + p;
  if (!opt.force)
    throw UsageError("these runs do not compare as they are:" + text + "\n  " +
                     (opt.layers ? "" : "compare the layers they share with --layers, or ") +
                     "pass --force to compare anyway (speedups compare times, which the clock is "
                     "part of; cycles and energies at other nodes are not like for like)");
  if (!opt.quiet) std::cerr << "axsim: WARNING: comparing anyway (--force):" << text << "\n";
}

std::string runs_title(const std::vector<std::int64_t> &ids) {
  std::vector<std::string> s;
  for (std::int64_t id : ids) s.push_back(std::to_string(id));
  return "runs " + joined(s, ",");
}

}  // namespace

Objective parse_objective(const std::string &text) {
  if (text.rfind("max:", 0) == 0) return {text.substr(4), true};
  if (text.rfind("min:", 0) == 0) return {text.substr(4), false};
  return {text, false};
}

Comparison load_comparison(results::ResultsDb &db, const CompareOptions &opt) {
  Comparison c;
  if (!opt.sweep.empty()) {
    load_sweep_params(db, sweep_id_of(db, opt.sweep), c);
    c.title = "sweep " + opt.sweep + (opt.where.empty() ? "" : " where " + opt.where);
    c.runs = load_runs(db, sweep_run_ids(db, opt.sweep, c.param_names, opt.where), c);
  } else {
    collect_param_names(db, opt.runs, c);
    c.title = runs_title(opt.runs);
    c.runs = load_runs(db, opt.runs, c);
  }
  if (c.runs.empty()) throw UsageError("no complete runs selected (" + c.title + ")");
  const BaselineMap baselines = find_baselines(db, opt, c);
  for (ComparedRun &r : c.runs) set_ratios(r, baselines.at(r.workload));
  for (const auto &entry : baselines) {
    const ComparedRun &base = entry.second;
    if (std::any_of(c.baselines.begin(), c.baselines.end(),
                    [&](const ComparedRun &b) { return b.run_id == base.run_id; }))
      continue;  // one run may be the baseline of several workloads
    c.baselines.push_back(base);
    set_ratios(c.baselines.back(), base);
  }
  guard_comparison(c, opt);
  return c;
}

std::vector<bool> pareto_front(const std::vector<std::pair<double, double>> &points,
                               bool maximize_x, bool maximize_y) {
  // Flip maximised coordinates so "smaller is better" holds for both.
  auto oriented = [&](std::size_t i) {
    return std::pair{maximize_x ? -points[i].first : points[i].first,
                     maximize_y ? -points[i].second : points[i].second};
  };
  std::vector<bool> front(points.size(), false);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [xi, yi] = oriented(i);
    if (std::isnan(xi) || std::isnan(yi)) continue;
    bool dominated = false;
    for (std::size_t j = 0; j < points.size() && !dominated; ++j) {
      const auto [xj, yj] = oriented(j);
      dominated = xj <= xi && yj <= yi && (xj < xi || yj < yi);
    }
    front[i] = !dominated;
  }
  return front;
}

double value_of(const Comparison &c, const ComparedRun &run, const std::string &name) {
  if (const Metric *m = find_metric(name)) return m->get(run);
  const auto it = std::find(c.param_names.begin(), c.param_names.end(), name);
  if (it != c.param_names.end())
    return number_of(run.params[static_cast<std::size_t>(it - c.param_names.begin())]);
  throw UsageError("unknown metric or parameter '" + name + "' (metrics: " + metric_names() +
                   (c.param_names.empty() ? "" : "; parameters: " + joined(c.param_names)) + ")");
}

std::string label_of(const Comparison &c, const std::string &name) {
  if (const Metric *m = find_metric(name)) return m->label;
  const auto key = c.param_keys.find(name);
  return key == c.param_keys.end() || key->second == name ? name : name + " (" + key->second + ")";
}

void mark_pareto(Comparison &c, const Objective &x, const Objective &y) {
  for (const std::string &w : workloads_of(c.runs)) {
    std::vector<std::pair<double, double>> points;
    std::vector<ComparedRun *> members;
    for (ComparedRun &r : c.runs)
      if (r.workload == w) {
        points.emplace_back(value_of(c, r, x.name), value_of(c, r, y.name));
        members.push_back(&r);
      }
    const std::vector<bool> front = pareto_front(points, x.maximize, y.maximize);
    for (std::size_t i = 0; i < members.size(); ++i) members[i]->pareto = front[i];
  }
}

namespace {

/// The workload column's name: a sweep over the workload has a parameter named
/// "workload" that usually says the same, and then the column is left out ("").
std::string workload_column(const Comparison &c) {
  const auto it = std::find(c.param_names.begin(), c.param_names.end(), "workload");
  if (it == c.param_names.end()) return "workload";
  const auto i = static_cast<std::size_t>(it - c.param_names.begin());
  for (const ComparedRun &r : c.runs)
    if (results::sql_value_text(r.params[i]) != r.workload) return "run_workload";
  return "";
}

}  // namespace

ResultTable comparison_table(const Comparison &c, const std::vector<std::string> &metrics,
                             bool with_pareto) {
  const std::string workload = workload_column(c);
  ResultTable t;
  t.columns = {"run_id", "unit", "config_name"};
  for (const std::string &p : c.param_names) t.columns.push_back(p);
  if (!workload.empty()) t.columns.push_back(workload);
  t.columns.push_back("baseline");
  for (const std::string &m : metrics) t.columns.push_back(m);
  t.columns.push_back("infeasible_layers");
  if (with_pareto) t.columns.push_back("pareto");
  for (const ComparedRun &r : c.runs) {
    // A sweep's parameters are columns of their own: its points keep the base config's name.
    const std::string name =
        c.param_names.empty() ? r.config_name : r.config_name.substr(0, r.config_name.find(" ["));
    std::vector<results::SqlValue> row{r.run_id, r.unit, name};
    row.insert(row.end(), r.params.begin(), r.params.end());
    if (!workload.empty()) row.push_back(r.workload);
    row.push_back(r.baseline_id);
    for (const std::string &name : metrics) {
      const Metric *m = find_metric(name);
      const double v = m->get(r);
      if (m->integer)
        row.emplace_back(static_cast<std::int64_t>(v));
      else
        row.emplace_back(v);
    }
    row.push_back(r.infeasible_layers);
    if (with_pareto) row.push_back(std::int64_t{r.pareto ? 1 : 0});
    t.rows.push_back(std::move(row));
  }
  return t;
}

namespace {

std::vector<std::string> chosen_metrics(const CompareOptions &opt) {
  std::vector<std::string> out;
  for (const std::string &m : opt.metrics) {
    if (!find_metric(m))
      throw UsageError("--metrics: unknown metric '" + m + "' (" + metric_names() + ")");
    out.push_back(m);
  }
  if (out.empty())
    for (std::size_t i = 0; i < kDefaultMetrics; ++i) out.push_back(kMetrics[i].name);
  return out;
}

std::pair<Objective, Objective> parse_pareto(const std::string &text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    throw UsageError("--pareto '" + text + "': expected two metrics X,Y (e.g. time_s,energy_pj)");
  return {parse_objective(text.substr(0, comma)), parse_objective(text.substr(comma + 1))};
}

std::string objective_text(const Objective &o) { return (o.maximize ? "max " : "min ") + o.name; }

/// Best first in `o`'s direction.
bool better(const Comparison &c, const Objective &o, const ComparedRun &a, const ComparedRun &b) {
  const double va = value_of(c, a, o.name), vb = value_of(c, b, o.name);
  return o.maximize ? va > vb : va < vb;
}

/// The front of each workload, sorted by X (then Y), under a heading.
void print_fronts(const Comparison &c, const std::vector<std::string> &metrics,
                  const std::pair<Objective, Objective> &obj) {
  for (const std::string &w : workloads_of(c.runs)) {
    Comparison front = c;
    front.runs.clear();
    std::size_t total = 0;
    for (const ComparedRun &r : c.runs) {
      total += r.workload == w;
      if (r.workload == w && r.pareto) front.runs.push_back(r);
    }
    std::stable_sort(front.runs.begin(), front.runs.end(),
                     [&](const ComparedRun &a, const ComparedRun &b) {
                       if (better(c, obj.first, a, b) || better(c, obj.first, b, a))
                         return better(c, obj.first, a, b);
                       return better(c, obj.second, a, b);
                     });
    std::cout << "\nPareto front (" << objective_text(obj.first) << ", "
              << objective_text(obj.second) << ") of workload " << w << ": " << front.runs.size()
              << " of " << total << " runs\n"
              << format_table(comparison_table(front, metrics, false));
  }
}

void make_plot(const Comparison &c, const CompareOptions &opt,
               const std::optional<std::pair<Objective, Objective>> &pareto) {
  PlotSpec spec;
  spec.output = opt.plot;
  spec.x = !opt.x.empty() ? opt.x : pareto ? pareto->first.name : "time_s";
  spec.y = !opt.y.empty() ? opt.y : pareto ? pareto->second.name : "energy_pj";
  spec.color = opt.color;
  spec.logx = opt.logx;
  spec.logy = opt.logy;
  const std::set<std::string> axes{spec.x, spec.y};
  spec.front = pareto && axes == std::set<std::string>{pareto->first.name, pareto->second.name};
  if (pareto && !spec.front)
    std::cerr << "axsim: note: the plot's axes are not the --pareto metrics; "
                 "no front drawn\n";
  const PlotFiles files = write_plot_files(c, spec);
  run_gnuplot(files);
  std::cerr << "axsim: wrote " << opt.plot << " (gnuplot script " << files.script << ", data "
            << files.data << ")\n";
}

}  // namespace

int compare_command(const CompareOptions &opt) {
  return run_command(
      [&] {
        const OutputFormat format = parse_output_format(opt.format);
        if (opt.sweep.empty() == opt.runs.empty())
          throw UsageError("give --sweep NAME or --runs ID,ID,...");
        const std::vector<std::string> metrics = chosen_metrics(opt);
        std::optional<std::pair<Objective, Objective>> pareto;
        if (!opt.pareto.empty()) pareto = parse_pareto(opt.pareto);
        require_db_file(opt.db_path);
        results::ResultsDb db(opt.db_path, results::ResultsDb::Mode::read_only);
        Comparison c = load_comparison(db, opt);
        if (pareto) mark_pareto(c, pareto->first, pareto->second);
        if (!opt.plot.empty()) check_plot_request(c, opt.plot, opt.x, opt.y, opt.color);
        if (opt.layers) {
          std::cout << format_result(layer_comparison(c), format);
          return 0;
        }
        std::cout << format_result(comparison_table(c, metrics, pareto.has_value()), format);
        if (pareto && format == OutputFormat::table) print_fronts(c, metrics, *pareto);
        std::cout.flush();
        if (opt.plot.empty()) return 0;
        try {
          make_plot(c, opt, pareto);
        } catch (const PlotError &e) {  // the table is out; only the figure failed
          std::cerr << "axsim: error: " << e.what() << "\n";
          return 1;
        }
        return 0;
      },
      /*other_code=*/2);  // bad options, names or SQL
}

}  // namespace axsim::tools
