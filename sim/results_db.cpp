// SPDX-License-Identifier: Apache-2.0
#include "sim/results_db.hpp"

#include <sqlite3.h>

#include "sim/sqlite_stmt.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>
#include <stdexcept>

namespace axsim::sim {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// UTC ISO-8601 with milliseconds, computed by SQLite so no C++ time formatting is needed.
constexpr const char* kNowUtc = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

constexpr const char* kTablesSql = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  unit          TEXT NOT NULL,
  config_name   TEXT NOT NULL,
  config_path   TEXT NOT NULL,
  config_json   TEXT NOT NULL,
  config_hash   TEXT NOT NULL,
  workload      TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  axsim_version TEXT NOT NULL,
  tech_node     TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  error         TEXT,
  wall_seconds  REAL,
  events        INTEGER,
  sim_ticks_ps  INTEGER,
  run_key       TEXT,
  sweep_id      INTEGER REFERENCES sweeps(id),
  point_index   INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_config_hash ON runs(config_hash);
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
CREATE TABLE IF NOT EXISTS layers (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  layer       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  cycles      INTEGER NOT NULL,
  time_s      REAL NOT NULL,
  macs        INTEGER NOT NULL,
  utilization REAL NOT NULL,
  PRIMARY KEY (run_id, layer_index)
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
CREATE TABLE IF NOT EXISTS energy (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  layer_index INTEGER NOT NULL,
  component   TEXT NOT NULL,
  dynamic_pj  REAL NOT NULL,
  leakage_pj  REAL NOT NULL,
  PRIMARY KEY (run_id, layer_index, component)
) WITHOUT ROWID;
)sql";

// One correlated subquery per aggregate: joining layers, energy and components together would
// multiply rows and inflate the sums.
constexpr const char* kViewsSql = R"sql(
CREATE VIEW IF NOT EXISTS run_totals AS
SELECT r.id AS run_id, r.unit, r.config_name, r.workload, r.status,
  (SELECT COALESCE(SUM(l.cycles), 0) FROM layers l WHERE l.run_id = r.id) AS cycles,
  (SELECT COALESCE(SUM(l.time_s), 0.0) FROM layers l WHERE l.run_id = r.id) AS time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = r.id) AS energy_pj,
  (SELECT COALESCE(SUM(c.area_um2), 0.0) / 1e6 FROM components c
     WHERE c.run_id = r.id) AS area_mm2,
  (SELECT COALESCE(SUM(l.macs), 0) FROM layers l WHERE l.run_id = r.id) AS macs
FROM runs r;
CREATE VIEW IF NOT EXISTS layer_totals AS
SELECT l.run_id, l.layer_index, l.layer, l.cycles, l.time_s,
  (SELECT COALESCE(SUM(e.dynamic_pj + e.leakage_pj), 0.0) FROM energy e
     WHERE e.run_id = l.run_id AND e.layer_index = l.layer_index) AS energy_pj,
  l.macs, l.utilization
FROM layers l;
)sql";

// Created after a v1 file has gained the columns they index.
constexpr const char* kIndexesSql = R"sql(
CREATE INDEX IF NOT EXISTS runs_by_run_key ON runs(run_key);
CREATE INDEX IF NOT EXISTS runs_by_sweep ON runs(sweep_id, point_index);
)sql";

// Version 1 had no sweeps: its runs gain the three sweep columns (NULL for plain runs).
constexpr const char* kMigrateV1Sql = R"sql(
ALTER TABLE runs ADD COLUMN run_key TEXT;
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id);
ALTER TABLE runs ADD COLUMN point_index INTEGER;
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

bool has_user_tables(sqlite3* db, const std::string& path) {
  Stmt q(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return q.step();
}

/// The stored schema_version, or nothing when the db holds no axsim tables yet.
std::optional<std::string> stored_schema_version(sqlite3* db, const std::string& path) {
  if (!has_user_tables(db, path)) return std::nullopt;
  Stmt has_meta(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta.step()) sql_fail(path, "opening", "not an axsim results db (no meta table)");
  Stmt q(db, path, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!q.step()) sql_fail(path, "opening", "not an axsim results db (no schema_version in meta)");
  return q.text(0);
}

/// The stored version as a number; refuses versions newer than ours, which could be misread.
/// Older ones are migrated by create_schema().
int checked_schema_version(const std::string& path, const std::string& stored) {
  int version = 0;
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), version);
  if (ec != std::errc() || end != stored.data() + stored.size() || version < 1)
    sql_fail(path, "opening", "unknown schema_version '" + stored + "' in meta");
  if (version > ResultsDb::kSchemaVersion)
    sql_fail(path, "opening",
             "schema_version " + stored + " is newer than the version this axsim supports (" +
                 std::to_string(ResultsDb::kSchemaVersion) +
                 "); use a matching axsim or a new db file");
  return version;
}

void require_one_row_changed(sqlite3* db, const std::string& path, std::int64_t run_id) {
  if (sqlite3_changes(db) != 1)
    sql_fail(path, "updating run " + std::to_string(run_id), "no run with that id");
}

void insert_stats(sqlite3* db, const std::string& path, std::int64_t run_id,
                  const LayerRecord& layer) {
  Stmt ins(db, path,
           "INSERT INTO stats(run_id, layer_index, component, name, value, unit, description)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const StatRow& s : layer.stats)
    ins.bind(run_id, layer.index, s.component, s.name, s.value, s.unit, s.description).run();
}

void insert_histograms(sqlite3* db, const std::string& path, std::int64_t run_id,
                       const LayerRecord& layer) {
  Stmt ins(db, path,
           "INSERT INTO histograms(run_id, layer_index, component, name, bucket, bucket_low, count)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const HistogramRow& h : layer.histograms)
    for (std::size_t b = 0; b < h.counts.size(); ++b)
      if (h.counts[b] != 0)  // empty buckets are implied
        ins.bind(run_id, layer.index, h.component, h.name, static_cast<std::int64_t>(b),
                 static_cast<double>(b) * h.bucket_width, h.counts[b])
            .run();
}

void insert_actions(sqlite3* db, const std::string& path, std::int64_t run_id,
                    const LayerRecord& layer) {
  Stmt ins(db, path,
           "INSERT INTO actions(run_id, layer_index, component, action, count,"
           " energy_per_action_pj, energy_pj, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (const ActionRow& a : layer.actions) {
    double energy_pj = static_cast<double>(a.count) * a.energy_per_action_pj;
    ins.bind(run_id, layer.index, a.component, a.action, a.count, a.energy_per_action_pj,
             energy_pj, a.source)
        .run();
  }
}

void insert_energy(sqlite3* db, const std::string& path, std::int64_t run_id,
                   const LayerRecord& layer) {
  Stmt ins(db, path,
           "INSERT INTO energy(run_id, layer_index, component, dynamic_pj, leakage_pj)"
           " VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const EnergyRow& e : layer.energy)
    ins.bind(run_id, layer.index, e.component, e.dynamic_pj, e.leakage_pj).run();
}

void insert_components(sqlite3* db, const std::string& path, std::int64_t run_id,
                       const std::vector<ComponentRow>& rows) {
  Stmt ins(db, path,
           "INSERT INTO components(run_id, component, type, area_um2, leakage_mw, area_source,"
           " leakage_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const ComponentRow& c : rows)
    ins.bind(run_id, c.component, c.type, c.area_um2, c.leakage_mw, c.area_source,
             c.leakage_source)
        .run();
}

void insert_layer(sqlite3* db, const std::string& path, std::int64_t run_id,
                  const LayerRecord& layer) {
  Stmt ins(db, path,
           "INSERT INTO layers(run_id, layer_index, layer, kind, cycles, time_s, macs,"
           " utilization) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  ins.bind(run_id, layer.index, layer.name, layer.kind, layer.cycles, layer.time_s, layer.macs,
           layer.utilization)
      .run();
  insert_stats(db, path, run_id, layer);
  insert_histograms(db, path, run_id, layer);
  insert_actions(db, path, run_id, layer);
  insert_energy(db, path, run_id, layer);
}

/// Inserts a run row: 'running' when `done` is null, else finished with `done`'s status.
std::int64_t insert_run(sqlite3* db, const std::string& path, const RunInfo& info,
                        const RunRecord* done) {
  Stmt ins(db, path,
           std::string("INSERT INTO runs(started_at, unit, config_name, config_path, config_json,"
                       " config_hash, workload, seed, axsim_version, tech_node, run_key, sweep_id,"
                       " point_index, status, finished_at, error, wall_seconds, events,"
                       " sim_ticks_ps) VALUES (COALESCE(?16, ") +
               kNowUtc + "), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " +
               "CASE WHEN ?13 = 'running' THEN NULL ELSE " + kNowUtc + " END, ?14, ?15, ?17, ?18)");
  const bool complete = done && done->status == "complete";
  ins.bind(info.unit, info.config_name, info.config_path, info.config_json, info.config_hash,
           info.workload, info.seed, info.axsim_version, info.tech_node,
           info.run_key.empty() ? SqlValue{} : SqlValue{info.run_key}, info.sweep_id,
           info.point_index, done ? done->status : std::string("running"),
           done && !done->error.empty() ? SqlValue{done->error} : SqlValue{},
           done ? std::optional<double>(done->wall_seconds) : std::nullopt,
           done && !done->started_at.empty() ? SqlValue{done->started_at} : SqlValue{},
           done ? std::optional<std::uint64_t>(done->events) : std::nullopt,
           complete ? std::optional<std::uint64_t>(done->sim_ticks_ps) : std::nullopt)
      .run();
  const std::int64_t id = sqlite3_last_insert_rowid(db);
  Stmt param(db, path, "INSERT INTO run_params(run_id, name, value) VALUES (?1, ?2, ?3)");
  for (const ParamValue& p : info.params) param.bind(id, p.name, p.value).run();
  return id;
}

/// Columns of a sweep view that a parameter may not shadow.
const std::set<std::string>& result_columns() {
  static const std::set<std::string> names = {"run_id", "point_index", "status", "cycles",
                                              "time_s", "energy_pj", "area_mm2", "macs",
                                              "edp_pj_s", "error"};
  return names;
}

std::string quoted_identifier(const std::string& name) { return "\"" + name + "\""; }

std::string quoted_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

/// One view per sweep: a row per stored point, its parameters as columns beside the totals.
void create_sweep_view(sqlite3* db, const std::string& path, const SweepInfo& sweep) {
  const std::string view = ResultsDb::sweep_view_name(sweep.name);
  std::string sql = "CREATE VIEW " + quoted_identifier(view) +
                    " AS SELECT r.id AS run_id, r.point_index, r.status";
  for (const SweepParam& p : sweep.params)
    sql += ", (SELECT value FROM run_params p WHERE p.run_id = r.id AND p.name = " +
           quoted_literal(p.name) + ") AS " + quoted_identifier(p.name);
  sql += ", t.cycles, t.time_s, t.energy_pj, t.area_mm2, t.macs,"
         " t.energy_pj * t.time_s AS edp_pj_s, r.error FROM runs r"
         " JOIN run_totals t ON t.run_id = r.id WHERE r.sweep_id = (SELECT id FROM sweeps"
         " WHERE name = " + quoted_literal(sweep.name) + ")";
  sql_exec(db, path, "DROP VIEW IF EXISTS " + quoted_identifier(view));
  sql_exec(db, path, sql);
}

/// Inserts or updates the sweep row by name (a rerun may have edited the spec) and its view.
std::int64_t put_sweep(sqlite3* db, const std::string& path, const SweepInfo& sweep) {
  for (const SweepParam& p : sweep.params)
    if (result_columns().count(p.name))
      sql_fail(path, "storing sweep " + sweep.name,
               "parameter name '" + p.name + "' clashes with a result column of the sweep view");
  // Views are named after sweeps with '-' and '.' as '_': two such names must not share one.
  Stmt clash(db, path, "SELECT name FROM sweeps WHERE name != ?1");
  for (clash.bind(sweep.name); clash.step();)
    if (ResultsDb::sweep_view_name(clash.text(0)) == ResultsDb::sweep_view_name(sweep.name))
      sql_fail(path, "storing sweep " + sweep.name,
               "its view " + ResultsDb::sweep_view_name(sweep.name) + " would replace sweep " +
                   clash.text(0) + "'s; choose another name");
  Stmt up(db, path,
          std::string("INSERT INTO sweeps(name, created_at, updated_at, spec_path, spec_json,"
                      " spec_hash, points, axsim_version) VALUES (?1, ") + kNowUtc + ", " +
              kNowUtc + ", ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET updated_at = " +
              kNowUtc + ", spec_path = ?2, spec_json = ?3, spec_hash = ?4, points = ?5," +
              " axsim_version = ?6");
  up.bind(sweep.name, sweep.spec_path, sweep.spec_json, sweep.spec_hash, sweep.points,
          sweep.axsim_version)
      .run();
  Stmt id_of(db, path, "SELECT id FROM sweeps WHERE name = ?1");
  id_of.bind(sweep.name).step();
  const std::int64_t id = id_of.int64(0);
  Stmt clear(db, path, "DELETE FROM sweep_params WHERE sweep_id = ?1");
  clear.bind(id).run();
  Stmt param(db, path, "INSERT INTO sweep_params(sweep_id, position, name, key) VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t i = 0; i < sweep.params.size(); ++i)
    param.bind(id, static_cast<std::int64_t>(i), sweep.params[i].name, sweep.params[i].key).run();
  create_sweep_view(db, path, sweep);
  return id;
}

}  // namespace

std::string ResultsDb::sweep_view_name(const std::string& sweep_name) {
  std::string view = "sweep_";
  for (char c : sweep_name) view += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return view;
}

ResultsDb::ResultsDb(const std::string& path, Mode mode) : path_(path) {
  const bool read_only = mode == Mode::read_only;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    sql_fail(path, "cannot open", why);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    // Set before anything else: the schema check and WAL switch need locks others may hold.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    exec("PRAGMA foreign_keys = ON");
    if (read_only) {
      std::optional<std::string> stored = stored_schema_version(db_, path_);
      if (!stored) sql_fail(path, "opening", "not an axsim results db (it has no tables)");
      checked_schema_version(path_, *stored);
      return;
    }
    // Schema first, so a refused file (other version, not ours) is left exactly as it was.
    create_schema();
    exec("PRAGMA journal_mode = WAL");
  } catch (...) {
    sqlite3_close(db_);  // the destructor does not run when the constructor throws
    db_ = nullptr;
    throw;
  }
}

ResultsDb::~ResultsDb() { sqlite3_close(db_); }

void ResultsDb::exec(const std::string& sql) { sql_exec(db_, path_, sql); }

// Version check, migration and DDL share one write transaction, so two processes creating the
// same new db cannot both decide it is empty, and a failed migration leaves version 1 intact.
void ResultsDb::create_schema() {
  Transaction tx(db_, path_);
  std::optional<std::string> stored = stored_schema_version(db_, path_);
  const int version = stored ? checked_schema_version(path_, *stored) : kSchemaVersion;
  if (version == 1) exec(kMigrateV1Sql);
  exec(kTablesSql);
  exec(kViewsSql);
  exec(kIndexesSql);
  if (!stored) {
    Stmt put(db_, path_, "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)");
    put.bind(std::to_string(kSchemaVersion)).run();
  }
  tx.commit();
}

std::int64_t ResultsDb::begin_run(const RunInfo& info) {
  Transaction tx(db_, path_);
  const std::int64_t id = insert_run(db_, path_, info, nullptr);
  tx.commit();
  return id;
}

void ResultsDb::add_components(std::int64_t run_id, const std::vector<ComponentRow>& rows) {
  Transaction tx(db_, path_);
  insert_components(db_, path_, run_id, rows);
  tx.commit();
}

void ResultsDb::add_layer(std::int64_t run_id, const LayerRecord& layer) {
  Transaction tx(db_, path_);
  insert_layer(db_, path_, run_id, layer);
  tx.commit();
}

std::int64_t ResultsDb::store_run(const RunRecord& run, std::optional<std::int64_t> replaces) {
  Transaction tx(db_, path_);
  if (replaces) {
    Stmt del(db_, path_, "DELETE FROM runs WHERE id = ?1");
    del.bind(*replaces).run();
  }
  const std::int64_t id = insert_run(db_, path_, run.info, &run);
  insert_components(db_, path_, id, run.components);
  for (const LayerRecord& layer : run.layers) insert_layer(db_, path_, id, layer);
  tx.commit();
  return id;
}

std::int64_t ResultsDb::upsert_sweep(const SweepInfo& sweep) {
  Transaction tx(db_, path_);
  const std::int64_t id = put_sweep(db_, path_, sweep);
  tx.commit();
  return id;
}

std::map<std::string, ResultsDb::StoredPoint> ResultsDb::sweep_runs(std::int64_t sweep_id) {
  std::map<std::string, StoredPoint> out;
  Stmt q(db_, path_,
         "SELECT run_key, id, status FROM runs WHERE sweep_id = ?1 AND run_key IS NOT NULL"
         " AND status IN ('complete', 'failed') ORDER BY id");
  for (q.bind(sweep_id); q.step();) out[q.text(0)] = {q.int64(1), q.text(2)};
  return out;
}

std::int64_t ResultsDb::add_compression(const CompressionInfo& info,
                                        const std::vector<CompressionLayerRow>& layers,
                                        const std::vector<FidelityRow>& fidelity) {
  Transaction tx(db_, path_);
  Stmt ins(db_, path_,
           std::string("INSERT INTO compressions(created_at, model, source, source_hash,"
                       " recipe_name, recipe_path, recipe_json, trace_path, axsim_version, seed)"
                       " VALUES (") + kNowUtc + ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  ins.bind(info.model, info.source, info.source_hash, info.recipe_name, info.recipe_path,
           info.recipe_json, info.trace_path, info.axsim_version, info.seed)
      .run();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Stmt row(db_, path_,
           "INSERT INTO compression_layers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
           " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  for (const CompressionLayerRow& l : layers)
    row.bind(id, l.index, l.layer, l.kind, l.encoding, l.weights, l.nonzeros, l.density,
             l.stored_entries, l.padding_entries, l.weight_bits, l.weight_bits_huffman,
             l.index_bits, l.index_bits_huffman, l.overhead_bits, l.compressed_bytes,
             l.compressed_bytes_huffman, l.rate, l.rate_huffman)
        .run();
  Stmt fid(db_, path_, "INSERT INTO compression_fidelity VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const FidelityRow& f : fidelity) fid.bind(id, f.layer_index, f.layer, f.metric, f.value).run();
  tx.commit();
  return id;
}

void ResultsDb::finish_run(std::int64_t run_id, double wall_seconds, std::uint64_t events,
                           std::uint64_t sim_ticks_ps) {
  Stmt upd(db_, path_,
           std::string("UPDATE runs SET status = 'complete', finished_at = ") + kNowUtc +
               ", wall_seconds = ?2, events = ?3, sim_ticks_ps = ?4 WHERE id = ?1");
  upd.bind(run_id, wall_seconds, events, sim_ticks_ps).run();
  require_one_row_changed(db_, path_, run_id);
}

void ResultsDb::fail_run(std::int64_t run_id, const std::string& error, double wall_seconds,
                         std::uint64_t events) {
  Stmt upd(db_, path_,
           std::string("UPDATE runs SET status = 'failed', finished_at = ") + kNowUtc +
               ", error = ?2, wall_seconds = ?3, events = ?4 WHERE id = ?1");
  upd.bind(run_id, error, wall_seconds, events).run();
  require_one_row_changed(db_, path_, run_id);
}

std::string utc_now_iso() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t seconds = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

std::string fnv1a_hex(const std::string& text) {
  constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t hash = kOffsetBasis;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= kPrime;
  }
  constexpr const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kDigits[hash & 0xf];
  return out;
}

}  // namespace axsim::sim
