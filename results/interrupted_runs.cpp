// SPDX-License-Identifier: Apache-2.0
#include "results/interrupted_runs.hpp"

#include <optional>
#include <utility>

#include "results/process_identity.hpp"
#include "results/schema.hpp"
#include "results/sqlite_stmt.hpp"

namespace axsim::results {

namespace {

std::string reason(std::int64_t pid, const std::string& host, ProcessState state) {
  const ProcessIdentity& self = this_process();
  const std::string who = "process " + std::to_string(pid) + " on " + host;
  const std::string seen = " (seen by process " + std::to_string(self.pid) + ")";
  if (state == ProcessState::pid_reused)
    return "interrupted: " + who +
           " is gone (its pid now belongs to a process started at another time) without "
           "finishing the run" +
           seen;
  return "interrupted: " + who + " ended without finishing the run (killed or crashed)" + seen;
}

/// SELECT list of main.runs with status and error replaced for the interrupted ids.
std::string shadow_columns(sqlite3* db, const std::string& path,
                           const std::vector<InterruptedRun>& runs) {
  std::string status = "CASE id", error = "CASE id";
  for (const InterruptedRun& r : runs) {
    status += " WHEN " + std::to_string(r.run_id) + " THEN 'interrupted'";
    error += " WHEN " + std::to_string(r.run_id) + " THEN " + sql_literal(r.error);
  }
  status += " ELSE status END AS status";
  error += " ELSE error END AS error";
  std::string cols;
  Stmt q(db, path, "SELECT name FROM pragma_table_info('runs', 'main') ORDER BY cid");
  for (q.bind(); q.step();) {
    const std::string name = q.text(0);
    cols += cols.empty() ? "" : ", ";
    cols += name == "status" ? status : name == "error" ? error : sql_identifier(name);
  }
  return cols;
}

}  // namespace

std::vector<InterruptedRun> find_interrupted_runs(sqlite3* db, const std::string& path) {
  std::vector<InterruptedRun> out;
  const std::optional<int> version = schema::stored_version(db, path);
  if (!version || *version < 4) return out;
  const ProcessIdentity& self = this_process();
  Stmt q(db, path,
         "SELECT id, pid, process_start_ticks FROM main.runs WHERE status = 'running'"
         " AND host = ?1 AND pid IS NOT NULL ORDER BY id");
  for (q.bind(self.host); q.step();) {
    const std::int64_t pid = q.int64(1);
    std::optional<std::int64_t> start;
    if (!q.is_null(2)) start = q.int64(2);
    const ProcessState state = process_state(pid, start);
    if (state != ProcessState::alive) out.push_back({q.int64(0), reason(pid, self.host, state)});
  }
  return out;
}

std::vector<InterruptedRun> mark_interrupted_runs(sqlite3* db, const std::string& path) {
  if (find_interrupted_runs(db, path).empty()) return {};  // the usual case: no write lock
  Transaction tx(db, path);
  std::vector<InterruptedRun> runs = find_interrupted_runs(db, path);  // again, under the lock
  Stmt upd(db, path,
           "UPDATE runs SET status = 'interrupted', error = ?2 WHERE id = ?1 AND status = "
           "'running'");
  for (const InterruptedRun& r : runs) upd.bind(r.run_id, r.error).run();
  tx.commit();
  return runs;
}

void show_interrupted_runs(sqlite3* db, const std::string& path,
                           const std::vector<InterruptedRun>& runs) {
  if (runs.empty()) return;
  // Unqualified names resolve in temp first; a TEMP copy of each view reads the temp runs.
  std::vector<std::string> views;
  Stmt q(db, path, "SELECT sql FROM main.sqlite_master WHERE type = 'view' ORDER BY rowid");
  for (q.bind(); q.step();) views.push_back(q.text(0));
  const std::string prefix = "CREATE VIEW ";
  for (const std::string& sql : views)
    if (sql.compare(0, prefix.size(), prefix) == 0)
      sql_exec(db, path, "CREATE TEMP VIEW " + sql.substr(prefix.size()));
  sql_exec(db, path,
           "CREATE TEMP VIEW runs AS SELECT " + shadow_columns(db, path, runs) + " FROM main.runs");
}

}  // namespace axsim::results
