// SPDX-License-Identifier: Apache-2.0
#include "results/results_db.hpp"

#include <sqlite3.h>

#include <cctype>
#include <optional>
#include <set>

#include "results/interrupted_runs.hpp"
#include "results/process_identity.hpp"
#include "results/schema.hpp"
#include "results/sqlite_stmt.hpp"

namespace axsim::results {

namespace {

constexpr int kBusyTimeoutMs = 5000;
const char* const kNowUtc = schema::kNowUtcSql;

void require_one_row_changed(sqlite3* db, const std::string& path, std::int64_t run_id) {
  if (sqlite3_changes(db) != 1)
    sql_fail(path, "updating run " + std::to_string(run_id), "no run with that id");
}

void insert_stats(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  Stmt& ins = sc.get(
      "INSERT INTO stats(run_id, layer_index, component, name, value, unit, description)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const StatRow& s : phase.stats)
    ins.bind(run_id, phase.index, s.component, s.name, s.value, s.unit, s.description).run();
}

void insert_histograms(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  Stmt& ins = sc.get(
      "INSERT INTO histograms(run_id, layer_index, component, name, bucket, bucket_low, count)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const HistogramRow& h : phase.histograms)
    for (std::size_t b = 0; b < h.counts.size(); ++b)
      if (h.counts[b] != 0)  // empty buckets are implied
        ins.bind(run_id, phase.index, h.component, h.name, static_cast<std::int64_t>(b),
                 static_cast<double>(b) * h.bucket_width, h.counts[b])
            .run();
}

void insert_actions(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  Stmt& ins = sc.get(
      "INSERT INTO actions(run_id, layer_index, component, action, count,"
      " energy_per_action_pj, energy_pj, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (const ActionRow& a : phase.actions) {
    double energy_pj = static_cast<double>(a.count) * a.energy_per_action_pj;
    ins.bind(run_id, phase.index, a.component, a.action, a.count, a.energy_per_action_pj, energy_pj,
             a.source)
        .run();
  }
}

void insert_energy(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  Stmt& ins = sc.get(
      "INSERT INTO energy(run_id, layer_index, component, dynamic_pj, leakage_pj)"
      " VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const EnergyRow& e : phase.energy)
    ins.bind(run_id, phase.index, e.component, e.dynamic_pj, e.leakage_pj).run();
}

void insert_components(StmtCache& sc, std::int64_t run_id, const std::vector<ComponentRow>& rows) {
  Stmt& ins = sc.get(
      "INSERT INTO components(run_id, component, type, area_um2, leakage_mw, area_source,"
      " leakage_source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const ComponentRow& c : rows)
    ins.bind(run_id, c.component, c.type, c.area_um2, c.leakage_mw, c.area_source, c.leakage_source)
        .run();
}

// The phase's cycle stack, one row per category (zero rows too: every stack has them all).
void insert_cycle_stack(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  if (phase.lanes == 0) return;
  Stmt& ins = sc.get(
      "INSERT INTO cycle_stacks(run_id, layer_index, category, lane_cycles)"
      " VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t c = 0; c < sim::kCycleCategories; ++c)
    ins.bind(run_id, phase.index, std::string(sim::kCycleCategoryNames[c]), phase.cycle_stack[c])
        .run();
}

void insert_phase(StmtCache& sc, std::int64_t run_id, const PhaseRecord& phase) {
  Stmt& ins = sc.get(
      "INSERT INTO phases(run_id, phase_index, name, kind, cycles, time_s, work, useful_work,"
      " work_unit, peak_work_per_cycle, utilization, infeasible, lanes) VALUES (?1, ?2, ?3,"
      " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  ins.bind(run_id, phase.index, phase.name, phase.kind, phase.cycles, phase.time_s, phase.work,
           phase.useful_work, phase.work_unit, phase.peak_work_per_cycle, phase.utilization,
           phase.infeasible.empty() ? SqlValue{} : SqlValue{phase.infeasible},
           std::int64_t{phase.lanes})
      .run();
  insert_cycle_stack(sc, run_id, phase);
  insert_stats(sc, run_id, phase);
  insert_histograms(sc, run_id, phase);
  insert_actions(sc, run_id, phase);
  insert_energy(sc, run_id, phase);
}

/// Inserts a run row: 'running' when `done` is null, else finished with `done`'s status.
std::int64_t insert_run(StmtCache& sc, const RunInfo& info, const RunRecord* done) {
  Stmt& ins = sc.get(
      std::string("INSERT INTO runs(started_at, unit, config_name, config_path, config_json,"
                  " config_hash, workload, seed, axsim_version, tech_node, run_key, sweep_id,"
                  " point_index, status, finished_at, error, wall_seconds, events,"
                  " sim_ticks_ps, pid, host, process_start_ticks) VALUES (COALESCE(?16, ") +
      kNowUtc + "), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " +
      "CASE WHEN ?13 = 'running' THEN NULL ELSE " + kNowUtc +
      " END, ?14, ?15, ?17, ?18, ?19, ?20, ?21)");
  const ProcessIdentity& self = this_process();
  const bool complete = done && done->status == "complete";
  ins.bind(info.unit, info.config_name, info.config_path, info.config_json, info.config_hash,
           info.workload, info.seed, info.axsim_version, info.tech_node,
           info.run_key.empty() ? SqlValue{} : SqlValue{info.run_key}, info.sweep_id,
           info.point_index, done ? done->status : std::string("running"),
           done && !done->error.empty() ? SqlValue{done->error} : SqlValue{},
           done ? std::optional<double>(done->wall_seconds) : std::nullopt,
           done && !done->started_at.empty() ? SqlValue{done->started_at} : SqlValue{},
           done ? std::optional<std::uint64_t>(done->events) : std::nullopt,
           complete ? std::optional<std::uint64_t>(done->sim_ticks_ps) : std::nullopt, self.pid,
           self.host, self.start_ticks)
      .run();
  const std::int64_t id = sqlite3_last_insert_rowid(sc.db());
  Stmt& param = sc.get("INSERT INTO run_params(run_id, name, value) VALUES (?1, ?2, ?3)");
  for (const ParamValue& p : info.params) param.bind(id, p.name, p.value).run();
  return id;
}

/// Inserts or updates the sweep row by name (a rerun may have edited the spec) and its view.
std::int64_t put_sweep(sqlite3* db, const std::string& path, const SweepInfo& sweep) {
  for (const SweepParam& p : sweep.params)
    if (schema::sweep_result_columns().count(p.name))
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
                      " spec_hash, points, axsim_version) VALUES (?1, ") +
              kNowUtc + ", " + kNowUtc +
              ", ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET updated_at = " + kNowUtc +
              ", spec_path = ?2, spec_json = ?3, spec_hash = ?4, points = ?5," +
              " axsim_version = ?6");
  up.bind(sweep.name, sweep.spec_path, sweep.spec_json, sweep.spec_hash, sweep.points,
          sweep.axsim_version)
      .run();
  Stmt id_of(db, path, "SELECT id FROM sweeps WHERE name = ?1");
  id_of.bind(sweep.name).step();
  const std::int64_t id = id_of.int64(0);
  Stmt clear(db, path, "DELETE FROM sweep_params WHERE sweep_id = ?1");
  clear.bind(id).run();
  Stmt param(db, path,
             "INSERT INTO sweep_params(sweep_id, position, name, key) VALUES (?1, ?2, ?3, ?4)");
  for (std::size_t i = 0; i < sweep.params.size(); ++i)
    param.bind(id, static_cast<std::int64_t>(i), sweep.params[i].name, sweep.params[i].key).run();
  schema::create_sweep_view(db, path, sweep.name);
  return id;
}

}  // namespace

std::string ResultsDb::sweep_view_name(const std::string& sweep_name) {
  return schema::sweep_view_name(sweep_name);
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
    stmts_ = std::make_unique<StmtCache>(db_, path_);
    sqlite3_extended_result_codes(db_, 1);
    // Set before anything else: the schema check and WAL switch need locks others may hold.
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    if (read_only) {  // never upgraded: an older file is read as it is
      exec("PRAGMA foreign_keys = ON");
      if (!schema::stored_version(db_, path_))
        sql_fail(path, "opening", "not an axsim results db (it has no tables)");
      const std::vector<InterruptedRun> gone = find_interrupted_runs(db_, path_);
      show_interrupted_runs(db_, path_, gone);
      interrupted_ = gone.size();
      return;
    }
    // Schema first, so a refused file (other version, not ours) is left exactly as it was;
    // foreign keys on only after it (the version 3 upgrade rebuilds runs, see schema.cpp).
    create_schema();
    exec("PRAGMA foreign_keys = ON");
    exec("PRAGMA journal_mode = WAL");
    interrupted_ = mark_interrupted_runs(db_, path_).size();
  } catch (...) {
    stmts_.reset();
    sqlite3_close(db_);  // the destructor does not run when the constructor throws
    db_ = nullptr;
    throw;
  }
}

ResultsDb::~ResultsDb() {
  stmts_.reset();  // finalized before the close, which refuses open statements
  sqlite3_close(db_);
}

void ResultsDb::exec(const std::string& sql) { sql_exec(db_, path_, sql); }

// Version check, upgrade and DDL share one write transaction, so two processes creating the
// same new db cannot both decide it is empty, and a failed upgrade leaves the old version intact.
void ResultsDb::create_schema() {
  Transaction tx(db_, path_);
  schema::create_or_upgrade(db_, path_);
  tx.commit();
}

std::int64_t ResultsDb::begin_run(const RunInfo& info) {
  Transaction tx(db_, path_);
  const std::int64_t id = insert_run(*stmts_, info, nullptr);
  tx.commit();
  return id;
}

void ResultsDb::add_components(std::int64_t run_id, const std::vector<ComponentRow>& rows) {
  Transaction tx(db_, path_);
  insert_components(*stmts_, run_id, rows);
  tx.commit();
}

void ResultsDb::add_phase(std::int64_t run_id, const PhaseRecord& phase) {
  Transaction tx(db_, path_);
  insert_phase(*stmts_, run_id, phase);
  tx.commit();
}

void insert_task_metrics(StmtCache& sc, std::int64_t run_id,
                         const std::vector<TaskMetric>& metrics) {
  Stmt& put = sc.get(
      "INSERT INTO task_metrics(run_id, task, input, metric, value) VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const TaskMetric& m : metrics) put.bind(run_id, m.task, m.input, m.metric, m.value).run();
}

void ResultsDb::add_task_metrics(std::int64_t run_id, const std::vector<TaskMetric>& metrics) {
  Transaction tx(db_, path_);
  insert_task_metrics(*stmts_, run_id, metrics);
  tx.commit();
}

namespace {

std::int64_t insert_record(StmtCache& sc, const RunRecord& run,
                           std::optional<std::int64_t> replaces) {
  if (replaces) {
    Stmt& del = sc.get("DELETE FROM runs WHERE id = ?1");
    del.bind(*replaces).run();
  }
  const std::int64_t id = insert_run(sc, run.info, &run);
  insert_components(sc, id, run.components);
  for (const PhaseRecord& phase : run.phases) insert_phase(sc, id, phase);
  insert_task_metrics(sc, id, run.task_metrics);
  return id;
}

}  // namespace

std::int64_t ResultsDb::store_run(const RunRecord& run, std::optional<std::int64_t> replaces) {
  Transaction tx(db_, path_);
  const std::int64_t id = insert_record(*stmts_, run, replaces);
  tx.commit();
  return id;
}

void ResultsDb::store_sweep_batch(std::int64_t sweep_id,
                                  const std::vector<const FinishedPoint*>& store,
                                  const std::map<std::string, StagedPoint>& stage) {
  Transaction tx(db_, path_);
  Stmt& unstage = stmts_->get("DELETE FROM sweep_staged WHERE sweep_id = ?1 AND run_key = ?2");
  for (const FinishedPoint* p : store) {
    insert_record(*stmts_, p->record, p->replaces);
    unstage.bind(sweep_id, p->record.info.run_key).run();
  }
  Stmt& put = stmts_->get(
      "INSERT OR REPLACE INTO sweep_staged(sweep_id, run_key, exit_code, record)"
      " VALUES (?1, ?2, ?3, ?4)");
  for (const auto& [run_key, point] : stage)
    put.bind(sweep_id, run_key, point.exit_code, Blob{point.record}).run();
  tx.commit();
}

std::map<std::string, ResultsDb::StagedPoint> ResultsDb::staged_points(std::int64_t sweep_id) {
  std::map<std::string, StagedPoint> out;
  Stmt q(db_, path_, "SELECT run_key, exit_code, record FROM sweep_staged WHERE sweep_id = ?1");
  for (q.bind(sweep_id); q.step();) out[q.text(0)] = {static_cast<int>(q.int64(1)), q.blob(2)};
  return out;
}

void ResultsDb::drop_staged(std::int64_t sweep_id, const std::vector<std::string>& run_keys) {
  Transaction tx(db_, path_);
  Stmt del(db_, path_, "DELETE FROM sweep_staged WHERE sweep_id = ?1 AND run_key = ?2");
  for (const std::string& k : run_keys) del.bind(sweep_id, k).run();
  tx.commit();
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
         " AND status IN ('complete', 'failed', 'interrupted') ORDER BY id");
  for (q.bind(sweep_id); q.step();) out[q.text(0)] = {q.int64(1), q.text(2)};
  return out;
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

}  // namespace axsim::results
