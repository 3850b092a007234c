// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/compare_load.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "results/results_db.hpp"
#include "tools/axsim/compare_guard.hpp"

namespace axsim::tools {

namespace {

/// A --where that SQLite rejects is reported with SQLite's message and the columns it may use
/// (not with the wrapping query, which the user never wrote).
void check_where(results::ResultsDb &db, const std::string &sql, const std::string &where) {
  sqlite3_stmt *stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt, nullptr);
  const std::string why = sqlite3_errmsg(db.handle());
  sqlite3_finalize(stmt);
  if (rc == SQLITE_OK) return;
  const std::string from =
      sql.substr(sql.find("FROM (") + 5, sql.find(") WHERE") - sql.find("FROM (") - 4);
  results::Stmt cols(db.handle(), db.path(), "SELECT * FROM " + from + " LIMIT 0");
  std::vector<std::string> names;
  for (int i = 0; i < cols.column_count(); ++i) names.push_back(cols.column_name(i));
  throw UsageError("--where '" + where + "': " + why + " (columns: " + joined(names) + ")");
}

}  // namespace

std::string joined(const std::vector<std::string> &items, const char *sep) {
  std::string out;
  for (const std::string &s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::int64_t sweep_id_of(results::ResultsDb &db, const std::string &name) {
  results::Stmt q(db.handle(), db.path(), "SELECT id FROM sweeps WHERE name = ?1");
  if (q.bind(name).step()) return q.int64(0);
  std::vector<std::string> known;
  results::Stmt all(db.handle(), db.path(), "SELECT name FROM sweeps ORDER BY name");
  for (all.bind(); all.step();) known.push_back(all.text(0));
  throw UsageError("no sweep named '" + name + "' in " + db.path() + " (" +
                   (known.empty() ? "it holds no sweeps" : "sweeps: " + joined(known)) + ")");
}

void load_sweep_params(results::ResultsDb &db, std::int64_t sweep_id, Comparison &c) {
  results::Stmt q(db.handle(), db.path(),
              "SELECT name, key FROM sweep_params WHERE sweep_id = ?1 ORDER BY "
              "position");
  for (q.bind(sweep_id); q.step();) {
    c.param_names.push_back(q.text(0));
    c.param_keys[q.text(0)] = q.text(1);
  }
}

/// The complete points of a sweep, by point index, optionally filtered by a
/// WHERE expression over its view (plus `workload`, unless a parameter already
/// has that name).
std::vector<std::int64_t> sweep_run_ids(results::ResultsDb &db, const std::string &sweep,
                                        const std::vector<std::string> &params,
                                        const std::string &where) {
  const bool shadowed = std::count(params.begin(), params.end(), "workload") > 0;
  const std::string sql =
      "SELECT run_id FROM (SELECT v.*" + std::string(shadowed ? "" : ", r.workload AS workload") +
      " FROM " + results::sql_identifier(results::ResultsDb::sweep_view_name(sweep)) +
      " v JOIN runs r ON r.id = v.run_id) WHERE status = 'complete'" +
      (where.empty() ? "" : " AND (" + where + ")") + " ORDER BY point_index, run_id";
  if (!where.empty()) check_where(db, sql, where);
  std::vector<std::int64_t> ids;
  results::Stmt q(db.handle(), db.path(), sql);
  for (q.bind(); q.step();) ids.push_back(q.int64(0));
  return ids;
}

/// A run's parameters in its sweep's order, recording the config key each one
/// sets.
ParamList load_params(results::ResultsDb &db, std::int64_t id,
                      std::map<std::string, std::string> &keys) {
  results::Stmt q(db.handle(), db.path(),
              "SELECT p.name, p.value, sp.key FROM run_params p JOIN runs r ON "
              "r.id = p.run_id"
              " LEFT JOIN sweep_params sp ON sp.sweep_id = r.sweep_id AND "
              "sp.name = p.name"
              " WHERE p.run_id = ?1 ORDER BY sp.position, p.name");
  ParamList out;
  for (q.bind(id); q.step();) {
    out.emplace_back(q.text(0), q.value(1));
    if (!q.is_null(2)) keys.emplace(q.text(0), q.text(2));
  }
  return out;
}

/// A complete run's totals and parameters (in `c.param_names` order).
ComparedRun load_run(results::ResultsDb &db, std::int64_t id, Comparison &c) {
  results::Stmt q(db.handle(), db.path(),
              "SELECT t.workload, t.status, t.cycles, t.time_s, t.energy_pj, t.area_mm2,"
              " t.dense_macs, r.error, t.unit, t.config_name, t.tech_node, t.useful_macs,"
              " t.infeasible_layers FROM run_totals t JOIN runs r ON r.id = t.run_id"
              " WHERE t.run_id = ?1");
  if (!q.bind(id).step())
    throw UsageError("no run with id " + std::to_string(id) + " in " + db.path());
  if (q.text(1) != "complete")
    throw UsageError("run " + std::to_string(id) + " is " + q.text(1) + ", not complete" +
                     (q.is_null(7) ? "" : ": " + q.text(7)));
  ComparedRun r;
  r.run_id = id;
  r.workload = q.text(0);
  r.cycles = q.int64(2);
  r.time_s = q.real(3);
  r.energy_pj = q.real(4);
  r.area_mm2 = q.real(5);
  r.dense_macs = q.int64(6);
  r.unit = q.text(8);
  r.config_name = q.text(9);
  r.tech_node = q.text(10);
  r.useful_macs = q.is_null(11) ? 0 : q.int64(11);
  r.infeasible_layers = q.int64(12);
  r.edp_pj_s = r.energy_pj * r.time_s;
  r.clock_mhz = r.time_s > 0 ? double(r.cycles) / r.time_s * 1e-6 : 0.0;
  r.layers = load_layers(db, id);
  r.params.assign(c.param_names.size(), results::SqlValue{});
  for (auto &[name, value] : load_params(db, id, c.param_keys)) {
    auto it = std::find(c.param_names.begin(), c.param_names.end(), name);
    if (it != c.param_names.end())
      r.params[static_cast<std::size_t>(it - c.param_names.begin())] = value;
  }
  return r;
}

std::vector<ComparedRun> load_runs(results::ResultsDb &db, const std::vector<std::int64_t> &ids,
                                   Comparison &c) {
  std::vector<ComparedRun> out;
  for (std::int64_t id : ids) out.push_back(load_run(db, id, c));
  return out;
}

/// Explicit runs get the union of their parameters as columns, in order of
/// appearance.
void collect_param_names(results::ResultsDb &db, const std::vector<std::int64_t> &ids,
                         Comparison &c) {
  for (std::int64_t id : ids)
    for (auto &[name, value] : load_params(db, id, c.param_keys))
      if (std::find(c.param_names.begin(), c.param_names.end(), name) == c.param_names.end())
        c.param_names.push_back(name);
}

std::vector<std::string> workloads_of(const std::vector<ComparedRun> &runs) {
  std::vector<std::string> out;
  for (const ComparedRun &r : runs)
    if (std::find(out.begin(), out.end(), r.workload) == out.end()) out.push_back(r.workload);
  return out;
}

}  // namespace axsim::tools
