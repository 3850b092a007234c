// SPDX-License-Identifier: Apache-2.0
#include "results/schema.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <utility>
#include <vector>

#include "results/sqlite_stmt.hpp"

namespace axsim::results::schema {

namespace {

// The runs table's columns, shared by its creation and the version 3 rebuild. pid, host and
// process_start_ticks name the process that wrote the row (interrupted_runs.hpp).
constexpr const char* kRunsColumnsSql = R"sql(
  id                  INTEGER PRIMARY KEY,
  started_at          TEXT NOT NULL,
  finished_at         TEXT,
  unit                TEXT NOT NULL,
  config_name         TEXT NOT NULL,
  config_path         TEXT NOT NULL,
  config_json         TEXT NOT NULL,
  config_hash         TEXT NOT NULL,
  workload            TEXT NOT NULL,
  seed                INTEGER NOT NULL,
  axsim_version       TEXT NOT NULL,
  tech_node           TEXT NOT NULL,
  status              TEXT NOT NULL
                      CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
  error               TEXT,
  wall_seconds        REAL,
  events              INTEGER,
  sim_ticks_ps        INTEGER,
  run_key             TEXT,
  sweep_id            INTEGER REFERENCES sweeps(id),
  point_index         INTEGER,
  pid                 INTEGER,
  host                TEXT,
  process_start_ticks INTEGER
)sql";

// The columns version 3 had, in its order.
constexpr const char* kRunsV3Columns =
    "id, started_at, finished_at, unit, config_name, config_path, config_json, config_hash,"
    " workload, seed, axsim_version, tech_node, status, error, wall_seconds, events,"
    " sim_ticks_ps, run_key, sweep_id, point_index";

constexpr const char* kTablesSql = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS sweeps (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  spec_path     TEXT NOT NULL,
  spec_json     TEXT NOT NULL,
  spec_hash     TEXT NOT NULL,
  points        INTEGER NOT NULL,
  axsim_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sweep_params (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name     TEXT NOT NULL,
  key      TEXT NOT NULL,
  PRIMARY KEY (sweep_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS run_params (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  value,
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS components (
  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  component      TEXT NOT NULL,
  type           TEXT NOT NULL,
  area_um2       REAL NOT NULL,
  leakage_mw     REAL NOT NULL,
  area_source    TEXT NOT NULL,
  leakage_source TEXT NOT NULL,
  PRIMARY KEY (run_id, component)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS phases (
  run_id              INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  phase_index         INTEGER NOT NULL,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL,
  cycles              INTEGER NOT NULL,
  time_s              REAL NOT NULL,
  work                INTEGER NOT NULL,
  work_unit           TEXT NOT NULL,
  peak_work_per_cycle REAL,
  utilization         REAL NOT NULL,
  useful_work         INTEGER,
  infeasible          TEXT,
  lanes               INTEGER,
  PRIMARY KEY (run_id, phase_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cycle_stacks (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  category    TEXT NOT NULL,
  lane_cycles INTEGER NOT NULL,
  PRIMARY KEY (run_id, layer_index, category)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  name        TEXT NOT NULL,
  value       REAL NOT NULL,
  unit        TEXT NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compressions (
  id            INTEGER PRIMARY KEY,
  created_at    TEXT NOT NULL,
  model         TEXT NOT NULL,
  source        TEXT NOT NULL,
  source_hash   TEXT NOT NULL,
  recipe_name   TEXT NOT NULL,
  recipe_path   TEXT NOT NULL,
  recipe_json   TEXT NOT NULL,
  trace_path    TEXT NOT NULL,
  axsim_version TEXT NOT NULL,
  seed          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS compression_layers (
  compression_id           INTEGER NOT NULL REFERENCES compressions(id) ON DELETE CASCADE,
  layer_index              INTEGER NOT NULL,
  layer                    TEXT NOT NULL,
  kind                     TEXT NOT NULL,
  encoding                 TEXT NOT NULL,
  weights                  INTEGER NOT NULL,
  nonzeros                 INTEGER NOT NULL,
  density                  REAL NOT NULL,
  stored_entries           INTEGER NOT NULL,
  padding_entries          INTEGER NOT NULL,
  weight_bits              REAL NOT NULL,
  weight_bits_huffman      REAL NOT NULL,
  index_bits               REAL NOT NULL,
  index_bits_huffman       REAL NOT NULL,
  overhead_bits            INTEGER NOT NULL,
  compressed_bytes         INTEGER NOT NULL,
  compressed_bytes_huffman INTEGER NOT NULL,
  rate                     REAL NOT NULL,
  rate_huffman             REAL NOT NULL,
  PRIMARY KEY (compression_id, layer_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compression_fidelity (
  compression_id INTEGER NOT NULL REFERENCES compressions(id) ON DELETE CASCADE,
  layer_index    INTEGER NOT NULL,
  layer          TEXT NOT NULL,
  metric         TEXT NOT NULL,
  value          REAL NOT NULL,
  PRIMARY KEY (compression_id, layer_index, metric)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS histograms (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  name        TEXT NOT NULL,
  bucket      INTEGER NOT NULL,
  bucket_low  REAL NOT NULL,
  count       INTEGER NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, name, bucket)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS actions (
  run_id               INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index          INTEGER NOT NULL,
  component            TEXT NOT NULL,
  action               TEXT NOT NULL,
  count                INTEGER NOT NULL,
  energy_per_action_pj REAL NOT NULL,
  energy_pj            REAL NOT NULL,
  source               TEXT NOT NULL,
  PRIMARY KEY (run_id, layer_index, component, action)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sweep_staged (
  sweep_id  INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  run_key   TEXT NOT NULL,
  exit_code INTEGER NOT NULL,
  record    BLOB NOT NULL,
  PRIMARY KEY (sweep_id, run_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS task_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task   TEXT NOT NULL,
  input  TEXT NOT NULL,
  metric TEXT NOT NULL,
  value  REAL NOT NULL,
  PRIMARY KEY (run_id, task, input, metric)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS energy (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  dynamic_pj  REAL NOT NULL,
  leakage_pj  REAL NOT NULL,
  PRIMARY KEY (run_id, layer_index, component)
) WITHOUT ROWID;
)sql";

// One correlated subquery per aggregate: joining phases, energy and components together would
// multiply rows and inflate the sums. `layers` is the DNN view of `phases` (work in MACs);
// energy and the other per-phase tables keep their `layer_index` column, which holds the phase
// index. A phase's cycle stack is summed over its lanes; the views divide by them.
constexpr const char* kViewsSql = R"sql(
CREATE VIEW IF NOT EXISTS layers AS
SELECT p.run_id, p.phase_index AS layer_index, p.name AS layer, p.kind, p.cycles, p.time_s,
  p.work AS dense_macs, p.useful_work AS useful_macs, p.utilization, p.infeasible
FROM phases p WHERE p.work_unit = 'MACs';
CREATE VIEW IF NOT EXISTS run_totals AS
SELECT r.id AS run_id, r.unit, r.config_name, r.workload, r.tech_node, r.status,
  (SELECT COALESCE(SUM(p.cycles), 0) FROM phases p WHERE p.run_id = r.id) AS cycles,
  (SELECT COALESCE(SUM(p.time_s), 0.0) FROM phases p WHERE p.run_id = r.id) AS time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = r.id) AS energy_pj,
  (SELECT COALESCE(SUM(c.area_um2), 0.0) / 1e6 FROM components c
     WHERE c.run_id = r.id) AS area_mm2,
  (SELECT COALESCE(SUM(l.dense_macs), 0) FROM layers l WHERE l.run_id = r.id) AS dense_macs,
  (SELECT SUM(l.useful_macs) FROM layers l WHERE l.run_id = r.id) AS useful_macs,
  (SELECT COUNT(*) FROM phases p WHERE p.run_id = r.id AND p.infeasible IS NOT NULL)
     AS infeasible_layers
FROM runs r;
CREATE VIEW IF NOT EXISTS layer_totals AS
SELECT l.run_id, l.layer_index, l.layer, l.kind, l.cycles, l.time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = l.run_id AND e.layer_index = l.layer_index) AS energy_pj,
  l.dense_macs, l.useful_macs, l.utilization, l.infeasible
FROM layers l;
CREATE VIEW IF NOT EXISTS phase_totals AS
SELECT p.run_id, p.phase_index, p.name, p.kind, p.cycles, p.time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = p.run_id AND e.layer_index = p.phase_index) AS energy_pj,
  p.work, p.useful_work, p.work_unit, p.utilization, p.infeasible
FROM phases p;
CREATE VIEW IF NOT EXISTS layer_cycle_stacks AS
SELECT s.run_id, s.layer_index, p.name AS layer, s.category,
  CAST(s.lane_cycles AS REAL) / p.lanes AS cycles,
  CASE WHEN p.cycles > 0 THEN CAST(s.lane_cycles AS REAL) / (p.lanes * p.cycles) ELSE 0.0 END
    AS share
FROM cycle_stacks s JOIN phases p ON p.run_id = s.run_id AND p.phase_index = s.layer_index;
CREATE VIEW IF NOT EXISTS run_cycle_stacks AS
SELECT run_id, category, SUM(cycles) AS cycles,
  SUM(cycles) / (SELECT SUM(p.cycles) FROM phases p WHERE p.run_id = l.run_id
                   AND p.lanes > 0) AS share
FROM layer_cycle_stacks l GROUP BY run_id, category;
)sql";

// The views of schema version 4 and before, dropped before version 5's are created.
constexpr const char* kOwnViews[] = {"layers", "run_totals", "layer_totals", "phase_totals",
                                     "layer_cycle_stacks", "run_cycle_stacks"};

// Created after a v1 file has gained the columns they index.
constexpr const char* kIndexesSql = R"sql(
CREATE INDEX IF NOT EXISTS runs_by_config_hash ON runs(config_hash);
CREATE INDEX IF NOT EXISTS runs_by_run_key ON runs(run_key);
CREATE INDEX IF NOT EXISTS runs_running_by_host ON runs(host) WHERE status = 'running';
CREATE INDEX IF NOT EXISTS runs_by_sweep ON runs(sweep_id, point_index);
)sql";

// Version 1 had no sweeps: its runs gain the three sweep columns (NULL for plain runs).
constexpr const char* kMigrateV1Sql = R"sql(
ALTER TABLE runs ADD COLUMN run_key TEXT;
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id);
ALTER TABLE runs ADD COLUMN point_index INTEGER;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

// Version 2 kept layers in a table: its rows become MAC phases (the peak was not stored: NULL)
// and the table gives way to the view of the same name. The views that read it are dropped
// here and created again from kViewsSql; sweep views read run_totals by name and keep working.
constexpr const char* kMigrateV2Sql = R"sql(
INSERT INTO phases(run_id, phase_index, name, kind, cycles, time_s, work, work_unit,
                   peak_work_per_cycle, utilization)
  SELECT run_id, layer_index, layer, kind, cycles, time_s, macs, 'MACs', NULL, utilization
  FROM layers;
DROP VIEW IF EXISTS layer_totals;
DROP VIEW IF EXISTS run_totals;
DROP TABLE layers;
UPDATE meta SET value = '3' WHERE key = 'schema_version';
)sql";

// Version 3's CHECK on runs.status lacks 'interrupted' and SQLite cannot alter a CHECK: the
// table is rebuilt (same ids, every row) under its own name, the process columns NULL for
// the old rows (their process is unknown, so they are never judged interrupted). Foreign keys
// must be off, or dropping the old table would delete every child row; the caller's
// transaction holds it all.
void rebuild_runs_v3(sqlite3* db, const std::string& path) {
  Stmt fk(db, path, "PRAGMA foreign_keys");
  if (fk.step() && fk.int64(0) != 0)
    sql_fail(path, "upgrading schema 3", "foreign keys must be off while runs is rebuilt");
  sql_exec(db, path, std::string("CREATE TABLE runs_v4 (") + kRunsColumnsSql + ");");
  sql_exec(db, path,
           std::string("INSERT INTO runs_v4(") + kRunsV3Columns + ") SELECT " + kRunsV3Columns +
               " FROM runs ORDER BY id;");
  sql_exec(db, path,
           "DROP TABLE runs; ALTER TABLE runs_v4 RENAME TO runs;"
           " UPDATE meta SET value = '4' WHERE key = 'schema_version';");
  Stmt check(db, path, "PRAGMA foreign_key_check");
  if (check.step())
    sql_fail(path, "upgrading schema 3",
             "rebuilding runs broke a reference from table " + check.text(0));
}

// Version 4's phases lack the useful work, the infeasible flag and the stack's lane count
// (NULL in old rows: not measured). A file upgraded from version 2 or before has them already.
void add_phase_columns_v4(sqlite3* db, const std::string& path) {
  std::set<std::string> have;
  Stmt q(db, path, "SELECT name FROM pragma_table_info('phases')");
  for (q.bind(); q.step();) have.insert(q.text(0));
  for (const char* column : {"useful_work INTEGER", "infeasible TEXT", "lanes INTEGER"}) {
    const std::string name = std::string(column).substr(0, std::string(column).find(' '));
    if (!have.count(name)) sql_exec(db, path, std::string("ALTER TABLE phases ADD COLUMN ") + column);
  }
}

/// The views of the file: dropped before runs is rebuilt (a view naming a missing table stops
/// ALTER TABLE RENAME); the caller recreates axsim's own and replays the others (sweep views).
std::vector<std::pair<std::string, std::string>> drop_views(sqlite3* db, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> views;
  Stmt q(db, path, "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid");
  for (q.bind(); q.step();) views.emplace_back(q.text(0), q.text(1));
  for (const auto& [name, sql] : views) sql_exec(db, path, "DROP VIEW " + sql_identifier(name));
  return views;
}

// After an upgrade: the sweep views are made again from their sweeps (their columns follow
// run_totals); any other view not axsim's own is replayed as it was.
void replay_views(sqlite3* db, const std::string& path,
                  const std::vector<std::pair<std::string, std::string>>& views) {
  std::set<std::string> sweep_views;
  Stmt sweeps(db, path, "SELECT name FROM sweeps ORDER BY id");
  for (sweeps.bind(); sweeps.step();) {
    create_sweep_view(db, path, sweeps.text(0));
    sweep_views.insert(sweep_view_name(sweeps.text(0)));
  }
  for (const auto& [name, sql] : views)
    if (!sweep_views.count(name) &&
        std::find(std::begin(kOwnViews), std::end(kOwnViews), name) == std::end(kOwnViews))
      sql_exec(db, path, sql);
}

bool has_user_tables(sqlite3* db, const std::string& path) {
  Stmt q(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return q.step();
}

/// The stored version as a number; refuses versions newer than ours, which could be misread.
int checked_version(const std::string& path, const std::string& stored) {
  int version = 0;
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), version);
  if (ec != std::errc() || end != stored.data() + stored.size() || version < 1)
    sql_fail(path, "opening", "unknown schema_version '" + stored + "' in meta");
  if (version > kVersion)
    sql_fail(path, "opening",
             "schema_version " + stored + " is newer than the version this axsim supports (" +
                 std::to_string(kVersion) + "); use a matching axsim or a new db file");
  return version;
}

}  // namespace

std::optional<int> stored_version(sqlite3* db, const std::string& path) {
  if (!has_user_tables(db, path)) return std::nullopt;
  Stmt has_meta(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta.step()) sql_fail(path, "opening", "not an axsim results db (no meta table)");
  Stmt q(db, path, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!q.step()) sql_fail(path, "opening", "not an axsim results db (no schema_version in meta)");
  return checked_version(path, q.text(0));
}

void create_or_upgrade(sqlite3* db, const std::string& path) {
  const std::optional<int> stored = stored_version(db, path);
  const int version = stored.value_or(kVersion);
  if (version == 1) sql_exec(db, path, kMigrateV1Sql);  // now version 2
  sql_exec(db, path, std::string("CREATE TABLE IF NOT EXISTS runs (") + kRunsColumnsSql + ");");
  sql_exec(db, path, kTablesSql);                       // adds the tables a version lacks
  if (version <= 2) sql_exec(db, path, kMigrateV2Sql);  // now version 3
  std::vector<std::pair<std::string, std::string>> views;
  if (version <= 4) views = drop_views(db, path);
  if (version <= 3) rebuild_runs_v3(db, path);  // now version 4
  if (version <= 4) {  // now version 5
    add_phase_columns_v4(db, path);
    sql_exec(db, path, "UPDATE meta SET value = '5' WHERE key = 'schema_version'");
  }
  // Version 6 adds sweep_staged, which kTablesSql has just created.
  if (version <= 5) sql_exec(db, path, "UPDATE meta SET value = '6' WHERE key = 'schema_version'");
  sql_exec(db, path, kViewsSql);
  replay_views(db, path, views);
  sql_exec(db, path, kIndexesSql);
  if (!stored) {
    Stmt put(db, path, "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)");
    put.bind(std::to_string(kVersion)).run();
  }
}

std::string sweep_view_name(const std::string& sweep_name) {
  std::string view = "sweep_";
  for (char c : sweep_name) view += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return view;
}

const std::set<std::string>& sweep_result_columns() {
  static const std::set<std::string> names = {
      "run_id",   "point_index", "status",     "unit",        "config_name",       "cycles",
      "time_s",   "energy_pj",   "area_mm2",   "dense_macs",  "useful_macs",       "edp_pj_s",
      "infeasible_layers", "error"};
  return names;
}

void create_sweep_view(sqlite3* db, const std::string& path, const std::string& sweep_name) {
  const std::string view = sweep_view_name(sweep_name);
  std::string sql = "CREATE VIEW " + sql_identifier(view) +
                    " AS SELECT r.id AS run_id, r.point_index, r.status, r.unit, r.config_name";
  Stmt params(db, path,
              "SELECT p.name FROM sweep_params p JOIN sweeps s ON s.id = p.sweep_id"
              " WHERE s.name = ?1 ORDER BY p.position");
  for (params.bind(sweep_name); params.step();)
    sql += ", (SELECT value FROM run_params p WHERE p.run_id = r.id AND p.name = " +
           sql_literal(params.text(0)) + ") AS " + sql_identifier(params.text(0));
  sql +=
      ", t.cycles, t.time_s, t.energy_pj, t.area_mm2, t.dense_macs, t.useful_macs,"
      " t.energy_pj * t.time_s AS edp_pj_s, t.infeasible_layers, r.error FROM runs r"
      " JOIN run_totals t ON t.run_id = r.id WHERE r.sweep_id = (SELECT id FROM sweeps"
      " WHERE name = " +
      sql_literal(sweep_name) + ")";
  sql_exec(db, path, "DROP VIEW IF EXISTS " + sql_identifier(view));
  sql_exec(db, path, sql);
}

}  // namespace axsim::results::schema
