// SPDX-License-Identifier: Apache-2.0
// The named queries of `axsim query` (docs/querying.md), in the order `--list` shows them. Each
// aggregate is its own subquery (as in run_totals), so joins never multiply rows.
#include "tools/axsim/query_command.hpp"

namespace axsim::tools {

namespace {

// Per-layer cycle stack columns, each the category's cycles averaged over the lanes.
#define AXSIM_STACK_COLUMN(cat) \
  " SUM(CASE WHEN s.category = '" cat "' THEN s.cycles ELSE 0 END) AS " cat

const std::vector<NamedQuery> kNamedQueries = {
    {"runs",
     "every run with its totals and the sweep it belongs to",
     "SELECT t.run_id AS id, t.status, t.unit, t.config_name, t.workload, t.tech_node,"
     " t.cycles, t.time_s, t.energy_pj, t.area_mm2, t.dense_macs, t.infeasible_layers,"
     " s.name AS sweep FROM run_totals t JOIN runs r ON r.id = t.run_id"
     " LEFT JOIN sweeps s ON s.id = r.sweep_id ORDER BY t.run_id",
     {}},
    {"sweeps",
     "each sweep: points planned, stored, complete, failed and interrupted, spec file, "
     "last update",
     "SELECT s.name, s.points,"
     " (SELECT COUNT(*) FROM runs r WHERE r.sweep_id = s.id) AS stored,"
     " (SELECT COUNT(*) FROM runs r WHERE r.sweep_id = s.id AND r.status = 'complete')"
     " AS complete,"
     " (SELECT COUNT(*) FROM runs r WHERE r.sweep_id = s.id AND r.status = 'failed') AS failed,"
     " (SELECT COUNT(*) FROM runs r WHERE r.sweep_id = s.id AND r.status = 'interrupted')"
     " AS interrupted,"
     " s.spec_path, s.updated_at FROM sweeps s ORDER BY s.name",
     {}},
    {"points",
     "a sweep's points: parameters and totals (its view), by point index",
     "SELECT * FROM {view} ORDER BY point_index, run_id",
     {"SWEEP"},
     true},
    {"layers",
     "per-layer cycles, time, energy, dense and useful MACs, utilization and fit of one run",
     "SELECT layer_index, layer, kind, cycles, time_s, energy_pj, dense_macs, useful_macs,"
     " utilization, infeasible FROM layer_totals WHERE run_id = ?1 ORDER BY layer_index",
     {"RUN_ID"}},
    {"energy",
     "energy per component instance of one run, summed over its layers, largest first "
     "(--by type|action|layer for other breakdowns)",
     "SELECT component, SUM(dynamic_pj) AS dynamic_pj, SUM(leakage_pj) AS leakage_pj,"
     " SUM(dynamic_pj + leakage_pj) AS energy_pj, 100.0 * SUM(dynamic_pj + leakage_pj) /"
     " (SELECT SUM(dynamic_pj + leakage_pj) FROM energy WHERE run_id = ?1) AS percent"
     " FROM energy WHERE run_id = ?1 GROUP BY component ORDER BY energy_pj DESC, component",
     {"RUN_ID"}},
    {"energy_by_type",
     "energy of one run per component type (every instance summed), largest first",
     "SELECT c.type, COUNT(DISTINCT e.component) AS instances, SUM(e.dynamic_pj) AS dynamic_pj,"
     " SUM(e.leakage_pj) AS leakage_pj, SUM(e.dynamic_pj + e.leakage_pj) AS energy_pj,"
     " 100.0 * SUM(e.dynamic_pj + e.leakage_pj) /"
     " (SELECT SUM(dynamic_pj + leakage_pj) FROM energy WHERE run_id = ?1) AS percent"
     " FROM energy e JOIN components c ON c.run_id = e.run_id AND c.component = e.component"
     " WHERE e.run_id = ?1 GROUP BY c.type HAVING SUM(e.dynamic_pj + e.leakage_pj) > 0"
     " ORDER BY energy_pj DESC, c.type",
     {"RUN_ID"}},
    {"energy_by_action",
     "dynamic energy of one run per component type and action (every instance summed), then "
     "each type's leakage, largest first",
     "SELECT type, action, count, energy_per_action_pj, energy_pj, 100.0 * energy_pj /"
     " (SELECT SUM(dynamic_pj + leakage_pj) FROM energy WHERE run_id = ?1) AS percent FROM ("
     " SELECT c.type, a.action, SUM(a.count) AS count, MAX(a.energy_per_action_pj)"
     " AS energy_per_action_pj, SUM(a.energy_pj) AS energy_pj FROM actions a JOIN components c"
     " ON c.run_id = a.run_id AND c.component = a.component WHERE a.run_id = ?1"
     " GROUP BY c.type, a.action"
     " UNION ALL SELECT c.type, 'leakage', NULL, NULL, SUM(e.leakage_pj) FROM energy e"
     " JOIN components c ON c.run_id = e.run_id AND c.component = e.component"
     " WHERE e.run_id = ?1 GROUP BY c.type HAVING SUM(e.leakage_pj) > 0)"
     " ORDER BY energy_pj DESC, type, action",
     {"RUN_ID"}},
    {"energy_by_layer",
     "energy of one run per layer: dynamic, leakage, total and share",
     "SELECT p.phase_index AS layer_index, p.name AS layer,"
     " (SELECT SUM(dynamic_pj) FROM energy e WHERE e.run_id = p.run_id"
     " AND e.layer_index = p.phase_index) AS dynamic_pj,"
     " (SELECT SUM(leakage_pj) FROM energy e WHERE e.run_id = p.run_id"
     " AND e.layer_index = p.phase_index) AS leakage_pj,"
     " t.energy_pj, 100.0 * t.energy_pj /"
     " (SELECT SUM(dynamic_pj + leakage_pj) FROM energy WHERE run_id = ?1) AS percent"
     " FROM phases p JOIN phase_totals t ON t.run_id = p.run_id AND t.phase_index = p.phase_index"
     " WHERE p.run_id = ?1 ORDER BY p.phase_index",
     {"RUN_ID"}},
    {"cycles",
     "cycle stack per layer of one run: where each layer's cycles went (averaged over the "
     "unit's lanes; the categories sum to the layer's cycles)",
     "SELECT p.phase_index AS layer_index, p.name AS layer, p.cycles, p.lanes,"
     AXSIM_STACK_COLUMN("compute") "," AXSIM_STACK_COLUMN("memory_wait") ","
     AXSIM_STACK_COLUMN("queue_full") "," AXSIM_STACK_COLUMN("barrier") ","
     AXSIM_STACK_COLUMN("drain") "," AXSIM_STACK_COLUMN("idle")
     " FROM phases p JOIN layer_cycle_stacks s ON s.run_id = p.run_id"
     " AND s.layer_index = p.phase_index WHERE p.run_id = ?1 GROUP BY p.phase_index"
     " ORDER BY p.phase_index",
     {"RUN_ID"}},
    {"cycle_stack",
     "cycle stack of one run: each category's cycles summed over its layers, and its share",
     "SELECT category, cycles, share FROM run_cycle_stacks WHERE run_id = ?1"
     " ORDER BY cycles DESC, category",
     {"RUN_ID"}},
    {"layer_ratios",
     "speedup and energy ratio of run A over run B on each layer both ran (same name and MACs)",
     "SELECT a.layer_index, a.layer, a.dense_macs, a.cycles AS a_cycles, b.cycles AS b_cycles,"
     " b.time_s / a.time_s AS speedup, a.energy_pj / b.energy_pj AS energy_ratio"
     " FROM layer_totals a JOIN layer_totals b ON b.run_id = ?2 AND b.layer = a.layer"
     " AND b.dense_macs = a.dense_macs WHERE a.run_id = ?1 ORDER BY a.layer_index",
     {"RUN_ID", "RUN_ID"}},
    {"task",
     "a run's task scores (per clip and over all) and its energy efficiency in TOPS/W (two "
     "operations per dense MAC, over the run's energy)",
     "SELECT task, input, metric, value FROM task_metrics WHERE run_id = ?1"
     " UNION ALL SELECT 'energy', 'all', 'tops_per_w', 2.0 * dense_macs / energy_pj"
     " FROM run_totals WHERE run_id = ?1 AND energy_pj > 0",
     {"RUN_ID"}},
    {"infeasible",
     "layers that do not fit their design (a memory too small), of all runs or of one sweep",
     "SELECT r.id AS run_id, s.name AS sweep, r.point_index, r.unit, r.config_name,"
     " l.layer, l.infeasible FROM layers l JOIN runs r ON r.id = l.run_id"
     " LEFT JOIN sweeps s ON s.id = r.sweep_id WHERE l.infeasible IS NOT NULL"
     " AND (?1 IS NULL OR s.name = ?1) ORDER BY r.id, l.layer_index",
     {"[SWEEP]"}},
    {"components",
     "area and leakage of each component of one run, largest area first",
     "SELECT component, type, area_um2, leakage_mw, area_source, leakage_source FROM components"
     " WHERE run_id = ?1 ORDER BY area_um2 DESC, component",
     {"RUN_ID"}},
    {"failures",
     "failed and interrupted runs with their errors, of all runs or of one sweep",
     "SELECT r.id AS run_id, r.status, s.name AS sweep, r.point_index, r.config_name,"
     " r.workload, r.finished_at, r.error FROM runs r LEFT JOIN sweeps s ON s.id = r.sweep_id"
     " WHERE r.status IN ('failed', 'interrupted') AND (?1 IS NULL OR s.name = ?1)"
     " ORDER BY r.id",
     {"[SWEEP]"}},
};

#undef AXSIM_STACK_COLUMN

}  // namespace

const std::vector<NamedQuery> &named_queries() { return kNamedQueries; }

const NamedQuery *find_named_query(const std::string &name) {
  for (const NamedQuery &q : kNamedQueries)
    if (q.name == name) return &q;
  return nullptr;
}

}  // namespace axsim::tools
