// SPDX-License-Identifier: Apache-2.0
#include "sim/results_db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>

namespace axsim::sim {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// UTC ISO-8601 with milliseconds, computed by SQLite so no C++ time formatting is needed.
constexpr const char* kNowUtc = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

[[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& why) {
  throw std::runtime_error("results db '" + path + "': " + what + ": " + why);
}

[[noreturn]] void fail_sqlite(sqlite3* db, const std::string& path, const std::string& what) {
  fail(path, what, db ? sqlite3_errmsg(db) : "out of memory");
}

/// The first line of a statement, for error messages.
std::string sql_head(const std::string& sql) {
  std::size_t begin = sql.find_first_not_of(" \n");
  if (begin == std::string::npos) return "";
  return sql.substr(begin, std::min<std::size_t>(sql.find('\n', begin), begin + 60) - begin);
}

void exec_sql(sqlite3* db, const std::string& path, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return;
  std::string why = msg ? msg : sqlite3_errmsg(db);
  sqlite3_free(msg);
  fail(path, "executing '" + sql_head(sql) + "'", why);
}

/// A prepared statement; values are always bound, never spliced into the SQL text.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& path, const std::string& sql)
      : db_(db), path_(path), sql_head_(sql_head(sql)) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      fail_sqlite(db, path, "preparing '" + sql_head_ + "'");
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  /// Binds the arguments to ?1, ?2, ... in order.
  template <typename... Args>
  Stmt& bind(const Args&... args) {
    sqlite3_reset(stmt_);
    int index = 0;
    (bind_one(++index, args), ...);
    return *this;
  }

  /// True when a row is available; false when the statement is done.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail_sqlite(db_, path_, "executing '" + sql_head_ + "'");
    return false;
  }

  /// Runs a statement that returns no rows (INSERT/UPDATE).
  void run() { step(); }

  std::string text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    return p ? reinterpret_cast<const char*>(p) : "";
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail_sqlite(db_, path_, "binding a parameter");
  }
  void bind_one(int i, const std::string& v) {
    check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_one(int i, double v) { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_one(int i, int v) { check(sqlite3_bind_int(stmt_, i, v)); }
  void bind_one(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  // SQLite integers are signed 64-bit; refuse rather than wrap a count that does not fit.
  void bind_one(int i, std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      fail(path_, "binding a parameter", std::to_string(v) + " exceeds SQLite's 64-bit range");
    bind_one(i, static_cast<std::int64_t>(v));
  }

  sqlite3* db_;
  const std::string& path_;
  std::string sql_head_;  ///< names the statement in error messages
  sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE takes the write lock up front, so a busy db waits (busy timeout) at the start
/// instead of failing half way; the destructor rolls back unless commit() succeeded.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& path) : db_(db), path_(path) {
    exec_sql(db_, path_, "BEGIN IMMEDIATE");
  }
  ~Transaction() {
    if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    exec_sql(db_, path_, "COMMIT");
    committed_ = true;
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  bool committed_ = false;
};

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
  sim_ticks_ps  INTEGER
);
CREATE INDEX IF NOT EXISTS runs_by_config_hash ON runs(config_hash);
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

bool has_user_tables(sqlite3* db, const std::string& path) {
  Stmt q(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return q.step();
}

/// The stored schema_version, or nothing when the db holds no axsim tables yet.
std::optional<std::string> stored_schema_version(sqlite3* db, const std::string& path) {
  if (!has_user_tables(db, path)) return std::nullopt;
  Stmt has_meta(db, path, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta.step()) fail(path, "opening", "not an axsim results db (no meta table)");
  Stmt q(db, path, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!q.step()) fail(path, "opening", "not an axsim results db (no schema_version in meta)");
  return q.text(0);
}

/// Refuses any schema other than ours: there are no migrations yet, so an older or newer layout
/// could be silently misread.
void check_schema_version(const std::string& path, const std::string& stored) {
  int version = 0;
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), version);
  if (ec != std::errc() || end != stored.data() + stored.size())
    fail(path, "opening", "unknown schema_version '" + stored + "' in meta");
  if (version == ResultsDb::kSchemaVersion) return;
  fail(path, "opening",
       "schema_version " + stored + " is " +
           (version > ResultsDb::kSchemaVersion ? "newer than" : "older than") +
           " the version this axsim supports (" + std::to_string(ResultsDb::kSchemaVersion) +
           "); use a matching axsim or a new db file");
}

void require_one_row_changed(sqlite3* db, const std::string& path, std::int64_t run_id) {
  if (sqlite3_changes(db) != 1)
    fail(path, "updating run " + std::to_string(run_id), "no run with that id");
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

}  // namespace

ResultsDb::ResultsDb(const std::string& path) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    fail(path, "cannot open", why);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    // Set before anything else: the schema check and WAL switch need locks others may hold.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    exec("PRAGMA foreign_keys = ON");
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

void ResultsDb::exec(const std::string& sql) { exec_sql(db_, path_, sql); }

// Version check and DDL share one write transaction, so two processes creating the same new db
// cannot both decide it is empty.
void ResultsDb::create_schema() {
  Transaction tx(db_, path_);
  std::optional<std::string> stored = stored_schema_version(db_, path_);
  if (stored) check_schema_version(path_, *stored);
  exec(kTablesSql);
  exec(kViewsSql);
  if (!stored) {
    Stmt put(db_, path_, "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)");
    put.bind(std::to_string(kSchemaVersion)).run();
  }
  tx.commit();
}

std::int64_t ResultsDb::begin_run(const RunInfo& info) {
  Stmt ins(db_, path_,
           std::string("INSERT INTO runs(started_at, unit, config_name, config_path, config_json,"
                       " config_hash, workload, seed, axsim_version, tech_node, status)"
                       " VALUES (") +
               kNowUtc + ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'running')");
  ins.bind(info.unit, info.config_name, info.config_path, info.config_json, info.config_hash,
           info.workload, info.seed, info.axsim_version, info.tech_node)
      .run();
  return sqlite3_last_insert_rowid(db_);
}

void ResultsDb::add_components(std::int64_t run_id, const std::vector<ComponentRow>& rows) {
  Transaction tx(db_, path_);
  Stmt ins(db_, path_,
           "INSERT INTO components(run_id, component, type, area_um2, leakage_mw, area_source,"
           " leakage_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const ComponentRow& c : rows)
    ins.bind(run_id, c.component, c.type, c.area_um2, c.leakage_mw, c.area_source,
             c.leakage_source)
        .run();
  tx.commit();
}

void ResultsDb::add_layer(std::int64_t run_id, const LayerRecord& layer) {
  Transaction tx(db_, path_);
  Stmt ins(db_, path_,
           "INSERT INTO layers(run_id, layer_index, layer, kind, cycles, time_s, macs,"
           " utilization) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  ins.bind(run_id, layer.index, layer.name, layer.kind, layer.cycles, layer.time_s, layer.macs,
           layer.utilization)
      .run();
  insert_stats(db_, path_, run_id, layer);
  insert_histograms(db_, path_, run_id, layer);
  insert_actions(db_, path_, run_id, layer);
  insert_energy(db_, path_, run_id, layer);
  tx.commit();
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
