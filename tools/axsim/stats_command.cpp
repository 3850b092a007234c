// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/stats_command.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "results/results_db.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/query_command.hpp"

namespace axsim::tools {

namespace {

// Every per-layer number of a run as (layer index, layer, key, value, unit, description), in
// layer order, then by kind (the layer's own, its cycle stack, stats, energy, actions).
constexpr const char* kLinesSql = R"sql(
SELECT * FROM (
  SELECT p.phase_index AS i, p.name AS layer, 0 AS k, v.key,
    CASE v.key WHEN 'cycles' THEN p.cycles WHEN 'time_s' THEN p.time_s
      WHEN 'dense_macs' THEN p.work WHEN 'useful_macs' THEN p.useful_work
      WHEN 'utilization' THEN p.utilization ELSE p.lanes END AS value, v.unit, v.doc
  FROM phases p JOIN (
    SELECT 'cycles' AS key, 'cycles' AS unit, 'the layer''s cycles' AS doc UNION ALL
    SELECT 'time_s', 's', 'the layer''s time' UNION ALL
    SELECT 'dense_macs', 'MACs', 'dense-equivalent multiply-accumulates' UNION ALL
    SELECT 'useful_macs', 'MACs', 'multiply-accumulates with no zero operand' UNION ALL
    SELECT 'utilization', '', 'the datapath''s ops / (cycles x peak)' UNION ALL
    SELECT 'lanes', 'lanes', 'lanes the cycle stack sums over') AS v
  WHERE p.run_id = ?1
  UNION ALL
  SELECT s.layer_index, p.name, 1, 'cycle_stack.' || s.category, s.cycles, 'cycles',
    'cycles averaged over the lanes'
  FROM layer_cycle_stacks s JOIN phases p ON p.run_id = s.run_id AND p.phase_index = s.layer_index
  WHERE s.run_id = ?1
  UNION ALL
  SELECT s.layer_index, p.name, 2, s.component || '.' || s.name, s.value, s.unit, s.description
  FROM stats s JOIN phases p ON p.run_id = s.run_id AND p.phase_index = s.layer_index
  WHERE s.run_id = ?1
  UNION ALL
  SELECT e.layer_index, p.name, 3, e.component || '.energy.' || x.part,
    CASE x.part WHEN 'dynamic_pj' THEN e.dynamic_pj ELSE e.leakage_pj END, 'pJ',
    CASE x.part WHEN 'dynamic_pj' THEN 'energy of its actions' ELSE 'leakage x the layer''s time'
    END
  FROM energy e JOIN phases p ON p.run_id = e.run_id AND p.phase_index = e.layer_index
  JOIN (SELECT 'dynamic_pj' AS part UNION ALL SELECT 'leakage_pj') x
  WHERE e.run_id = ?1
  UNION ALL
  SELECT a.layer_index, p.name, 4, a.component || '.action.' || a.action || '.' || x.part,
    CASE x.part WHEN 'count' THEN a.count ELSE a.energy_pj END,
    CASE x.part WHEN 'count' THEN 'actions' ELSE 'pJ' END,
    CASE x.part WHEN 'count' THEN 'times the action happened'
    ELSE a.energy_per_action_pj || ' pJ each (' || a.source || ')' END
  FROM actions a JOIN phases p ON p.run_id = a.run_id AND p.phase_index = a.layer_index
  JOIN (SELECT 'count' AS part UNION ALL SELECT 'energy_pj') x
  WHERE a.run_id = ?1
  UNION ALL
  SELECT p.phase_index, p.name, 5, 'infeasible', NULL, '', p.infeasible FROM phases p
  WHERE p.run_id = ?1 AND p.infeasible IS NOT NULL)
WHERE ?2 IS NULL OR layer = ?2 OR CAST(i AS TEXT) = ?2
ORDER BY i, k, key
)sql";

std::string number(double v) {
  if (std::isnan(v)) return "null";
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.9g}", v);
}

void print_run_header(results::ResultsDb& db, std::int64_t run) {
  results::Stmt q(db.handle(), db.path(),
                  "SELECT unit, config_name, workload, status, tech_node, axsim_version,"
                  " COALESCE(error, '') FROM runs WHERE id = ?1");
  if (!q.bind(run).step())
    throw UsageError("no run with id " + std::to_string(run) + " in " + db.path());
  const char* keys[] = {"unit", "config_name", "workload", "status", "tech_node", "axsim_version",
                        "error"};
  for (int c = 0; c < 7; ++c)
    if (!q.text(c).empty()) std::cout << "run." << keys[c] << " " << q.text(c) << "\n";
}

}  // namespace

int stats_command(const StatsOptions& opt) {
  return run_command(
      [&] {
        require_db_file(opt.db_path);
        results::ResultsDb db(opt.db_path, results::ResultsDb::Mode::read_only);
        print_run_header(db, opt.run_id);
        results::Stmt q(db.handle(), db.path(), kLinesSql);
        q.bind(opt.run_id, opt.layer.empty() ? results::SqlValue{} : results::SqlValue{opt.layer});
        std::size_t lines = 0;
        for (; q.step(); ++lines) {
          const double value = q.is_null(4) ? std::nan("") : q.real(4);
          std::cout << q.text(1) << "." << q.text(3) << " " << number(value);
          if (!q.text(5).empty()) std::cout << " " << q.text(5);
          if (!q.text(6).empty()) std::cout << " # " << q.text(6);
          std::cout << "\n";
        }
        if (lines == 0 && !opt.layer.empty())
          throw UsageError("run " + std::to_string(opt.run_id) + " has no layer '" + opt.layer +
                           "'");
        return 0;
      },
      /*other_code=*/2);
}

}  // namespace axsim::tools
