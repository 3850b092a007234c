// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/compare_guard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "results/results_db.hpp"
#include "tools/axsim/compare_command.hpp"

namespace axsim::tools {

namespace {

std::string who(const ComparedRun& r) {
  return fmt::format("run {} ({}, {})", r.run_id, r.unit, r.config_name);
}

std::string layer_summary(const std::vector<LayerResult>& layers) {
  std::int64_t macs = 0;
  std::string names;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    macs += layers[i].dense_macs;
    if (i < 4) names += (i ? ", " : "") + layers[i].name;
  }
  if (layers.size() > 4) names += ", ...";
  return fmt::format("{} layer{} ({}; {:.4g} M MACs)", layers.size(), layers.size() == 1 ? "" : "s",
                     names, double(macs) * 1e-6);
}

bool same_layer(const LayerResult& a, const LayerResult& b) {
  return a.name == b.name && a.dense_macs == b.dense_macs;
}

const LayerResult* find_layer(const std::vector<LayerResult>& layers, const LayerResult& l) {
  for (const LayerResult& x : layers)
    if (same_layer(x, l)) return &x;
  return nullptr;
}

std::size_t common_count(const ComparedRun& a, const ComparedRun& b) {
  std::size_t n = 0;
  for (const LayerResult& l : a.layers) n += find_layer(b.layers, l) != nullptr;
  return n;
}

// Clocks within a part in a million are the same clock (time is stored in picoseconds).
bool same_clock(double a_mhz, double b_mhz) {
  return std::abs(a_mhz - b_mhz) <= 1e-6 * std::max(a_mhz, b_mhz);
}

}  // namespace

std::vector<LayerResult> load_layers(results::ResultsDb& db, std::int64_t id) {
  results::Stmt q(db.handle(), db.path(),
                  "SELECT layer, dense_macs, cycles, time_s, energy_pj FROM layer_totals"
                  " WHERE run_id = ?1 ORDER BY layer_index");
  std::vector<LayerResult> out;
  for (q.bind(id); q.step();)
    out.push_back({q.text(0), q.int64(1), q.int64(2), q.real(3), q.real(4)});
  return out;
}

std::vector<std::string> comparison_problems(const ComparedRun& run, const ComparedRun& base,
                                             bool check_layers) {
  std::vector<std::string> out;
  if (run.run_id == base.run_id) return out;
  const bool same_set = run.layers.size() == base.layers.size() &&
                        common_count(run, base) == run.layers.size();
  if (check_layers && !same_set)
    out.push_back(fmt::format("{} ran {}, its baseline {} ran {}: {} in common", who(run),
                              layer_summary(run.layers), who(base), layer_summary(base.layers),
                              common_count(run, base)));
  if (run.tech_node != base.tech_node)
    out.push_back(fmt::format("{} is costed at {}, its baseline {} at {}", who(run),
                              run.tech_node, who(base), base.tech_node));
  if (!same_clock(run.clock_mhz, base.clock_mhz))
    out.push_back(fmt::format("{} runs at {:.6g} MHz, its baseline {} at {:.6g} MHz", who(run),
                              run.clock_mhz, who(base), base.clock_mhz));
  return out;
}

ComparisonWarnings comparison_warnings(const Comparison& c, bool check_layers) {
  ComparisonWarnings w;
  for (const ComparedRun& r : c.runs) {
    for (const ComparedRun& b : c.baselines)
      if (b.run_id == r.baseline_id)
        for (std::string& p : comparison_problems(r, b, check_layers))
          if (std::find(w.problems.begin(), w.problems.end(), p) == w.problems.end())
            w.problems.push_back(std::move(p));
    if (r.infeasible_layers > 0) w.infeasible.push_back(&r);
  }
  return w;
}

ResultTable layer_comparison(const Comparison& c) {
  ResultTable t;
  t.columns = {"layer",         "run_id",       "unit",     "baseline", "cycles",
               "base_cycles",   "time_s",       "energy_pj", "speedup", "energy_ratio"};
  for (const ComparedRun& r : c.runs) {
    const ComparedRun* base = nullptr;
    for (const ComparedRun& b : c.baselines)
      if (b.run_id == r.baseline_id) base = &b;
    if (base == nullptr || base->run_id == r.run_id) continue;
    LayerResult sum{"common layers (" + std::to_string(common_count(r, *base)) + ")", 0, 0, 0, 0};
    LayerResult base_sum;
    for (const LayerResult& l : r.layers) {
      const LayerResult* b = find_layer(base->layers, l);
      if (b == nullptr) continue;
      t.rows.push_back({l.name, r.run_id, r.unit, base->run_id, l.cycles, b->cycles, l.time_s,
                        l.energy_pj, b->time_s / l.time_s, l.energy_pj / b->energy_pj});
      sum.cycles += l.cycles, sum.time_s += l.time_s, sum.energy_pj += l.energy_pj;
      base_sum.cycles += b->cycles, base_sum.time_s += b->time_s, base_sum.energy_pj += b->energy_pj;
    }
    t.rows.push_back({sum.name, r.run_id, r.unit, base->run_id, sum.cycles, base_sum.cycles,
                      sum.time_s, sum.energy_pj, base_sum.time_s / sum.time_s,
                      sum.energy_pj / base_sum.energy_pj});
  }
  return t;
}

}  // namespace axsim::tools
