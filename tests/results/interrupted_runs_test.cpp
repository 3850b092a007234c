// SPDX-License-Identifier: Apache-2.0
// Runs whose process is gone: marked 'interrupted' by a writing open, shown so by a read-only
// one, left alone when they belong to another host or a live process; the schema 3 -> 4 rebuild
// of runs keeps ids and every row.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "results/process_identity.hpp"
#include "results/results_db.hpp"
#include "tests/results/legacy_schema.hpp"
#include "tests/support/sql.hpp"

namespace axsim::results::interrupted_runs_test {
namespace {

RunInfo info_named(const std::string& name) {
  RunInfo info;
  info.unit = "dense";
  info.config_name = name;
  info.config_path = "configs/" + name + ".json";
  info.config_json = "{}";
  info.config_hash = "h";
  info.workload = "mlp";
  info.axsim_version = "test";
  info.tech_node = "45nm";
  return info;
}

PhaseRecord phase(int index) {
  PhaseRecord p;
  p.index = index;
  p.name = "fc" + std::to_string(index);
  p.kind = "gemm";
  p.cycles = 100;
  p.work = 10;
  p.energy = {{"pe_array", 1.0, 0.5}};
  return p;
}

/// The pid of a child that has exited and been reaped: no process has it now.
std::int64_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

class InterruptedRunsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "axsim_interrupted_" + test->name() + "_" +
            std::to_string(getpid()) + ".db";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  /// Writes with a plain connection, as another axsim process would have left the file.
  void raw_exec(const std::string& sql) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  std::string raw_text(const std::string& sql) {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    const std::string out = test::query_text(raw, sql);
    sqlite3_close(raw);
    return out;
  }
  /// A complete run, then a 'running' one; returns the running one's id.
  std::int64_t complete_then_running() {
    ResultsDb db(path_);
    const std::int64_t done = db.begin_run(info_named("done"));
    db.add_phase(done, phase(0));
    db.finish_run(done, 1.0, 5, 100);
    const std::int64_t id = db.begin_run(info_named("killed"));
    db.add_phase(id, phase(0));
    return id;
  }
  std::string status_of(ResultsDb& db, std::int64_t id) {
    return test::query_text(db.handle(),
                            "SELECT status FROM runs WHERE id = " + std::to_string(id));
  }
  std::string path_;
};

TEST_F(InterruptedRunsTest, RunRowsRecordTheirProcess) {
  ResultsDb db(path_);
  db.begin_run(info_named("a"));
  const ProcessIdentity& self = this_process();
  EXPECT_EQ(test::query_text(db.handle(), "SELECT pid FROM runs"), std::to_string(getpid()));
  EXPECT_EQ(test::query_text(db.handle(), "SELECT host FROM runs"), self.host);
  ASSERT_TRUE(self.start_ticks.has_value());  // Linux: /proc/self/stat
  EXPECT_EQ(test::query_text(db.handle(), "SELECT process_start_ticks FROM runs"),
            std::to_string(*self.start_ticks));
}

TEST_F(InterruptedRunsTest, LiveProcessRowStaysRunning) {
  const std::int64_t id = complete_then_running();  // this process: alive
  ResultsDb db(path_);
  EXPECT_EQ(db.interrupted_runs(), 0u);
  EXPECT_EQ(status_of(db, id), "running");
}

TEST_F(InterruptedRunsTest, DeadPidRowIsMarkedInterrupted) {
  const std::int64_t id = complete_then_running();
  const std::int64_t pid = dead_pid();
  raw_exec("UPDATE runs SET pid = " + std::to_string(pid) + " WHERE id = " + std::to_string(id));
  ResultsDb db(path_);
  EXPECT_EQ(db.interrupted_runs(), 1u);
  EXPECT_EQ(status_of(db, id), "interrupted");
  const std::string error =
      test::query_text(db.handle(), "SELECT error FROM runs WHERE id = " + std::to_string(id));
  EXPECT_NE(error.find("interrupted: process " + std::to_string(pid) + " on "), std::string::npos)
      << error;
  EXPECT_NE(error.find("killed or crashed"), std::string::npos) << error;
  EXPECT_EQ(status_of(db, id - 1), "complete");  // the earlier run is untouched
  EXPECT_EQ(test::query_text(db.handle(), "SELECT COUNT(*) FROM phases"), "2");
}

TEST_F(InterruptedRunsTest, ReusedPidRowIsMarkedInterrupted) {
  const std::int64_t id = complete_then_running();
  ASSERT_TRUE(this_process().start_ticks.has_value());
  // This process's pid, but another start time: the pid was given to a new process.
  raw_exec("UPDATE runs SET process_start_ticks = process_start_ticks + 1 WHERE id = " +
           std::to_string(id));
  ResultsDb db(path_);
  EXPECT_EQ(status_of(db, id), "interrupted");
  const std::string error =
      test::query_text(db.handle(), "SELECT error FROM runs WHERE id = " + std::to_string(id));
  EXPECT_NE(error.find("another time"), std::string::npos) << error;
}

TEST_F(InterruptedRunsTest, OtherHostsRowsAreLeftAlone) {
  const std::int64_t id = complete_then_running();
  raw_exec("UPDATE runs SET host = 'some-other-host.example', pid = " + std::to_string(dead_pid()) +
           " WHERE id = " + std::to_string(id));
  ResultsDb db(path_);
  EXPECT_EQ(db.interrupted_runs(), 0u);
  EXPECT_EQ(status_of(db, id), "running");
}

TEST_F(InterruptedRunsTest, ReadOnlyOpenShowsInterruptedWithoutWriting) {
  const std::int64_t id = complete_then_running();
  raw_exec("UPDATE runs SET pid = " + std::to_string(dead_pid()) +
           " WHERE id = " + std::to_string(id));
  {
    ResultsDb db(path_, ResultsDb::Mode::read_only);
    EXPECT_EQ(db.interrupted_runs(), 1u);
    EXPECT_EQ(status_of(db, id), "interrupted");
    EXPECT_EQ(test::query_text(db.handle(), "SELECT status FROM run_totals WHERE run_id = " +
                                                std::to_string(id)),
              "interrupted");
    EXPECT_NE(
        test::query_text(db.handle(), "SELECT error FROM runs WHERE id = " + std::to_string(id))
            .find("interrupted: process"),
        std::string::npos);
    EXPECT_EQ(test::query_text(db.handle(), "SELECT COUNT(*) FROM runs"), "2");
  }
  EXPECT_EQ(raw_text("SELECT status FROM runs WHERE id = " + std::to_string(id)), "running");
}

// A process killed with SIGKILL mid-run: what it committed stays, its row becomes interrupted.
TEST_F(InterruptedRunsTest, KilledProcessLosesNothingStored) {
  { ResultsDb db(path_); }  // created before the fork: the child only adds to it
  const pid_t child = fork();
  if (child == 0) {
    try {
      ResultsDb db(path_);
      const std::int64_t done = db.begin_run(info_named("done"));
      db.add_phase(done, phase(0));
      db.finish_run(done, 1.0, 5, 100);
      const std::int64_t id = db.begin_run(info_named("killed"));
      db.add_phase(id, phase(0));
      db.add_phase(id, phase(1));
      raise(SIGKILL);
    } catch (...) {
    }
    _exit(3);  // never back into the test runner
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  ResultsDb db(path_);
  EXPECT_EQ(db.interrupted_runs(), 1u);
  EXPECT_EQ(status_of(db, 1), "complete");
  EXPECT_EQ(status_of(db, 2), "interrupted");
  EXPECT_EQ(test::query_text(db.handle(), "SELECT COUNT(*) FROM phases WHERE run_id = 2"), "2");
  EXPECT_EQ(test::query_text(db.handle(), "SELECT COUNT(*) FROM energy"), "3");
}

// Version 3's CHECK refused 'interrupted': runs is rebuilt with the same ids and every row,
// children and views included (the v2 file goes through version 3 in the same open).
TEST_F(InterruptedRunsTest, OlderFilesGainTheProcessColumnsKeepingIdsAndRows) {
  raw_exec(std::string(test::kSchemaV2Sql) + test::kSampleV2RunSql +
           "INSERT INTO runs(id, started_at, unit, config_name, config_path, config_json,"
           " config_hash, workload, seed, axsim_version, tech_node, status)"
           " VALUES (7, 't', 'dense', 'old', 'p', '{}', 'h', 'w', 1, 'v', 'n', 'running');");
  ResultsDb db(path_);
  auto q = [&](const std::string& sql) { return test::query_text(db.handle(), sql); };
  EXPECT_EQ(q("SELECT value FROM meta WHERE key = 'schema_version'"), "6");
  EXPECT_EQ(q("SELECT group_concat(id) FROM (SELECT id FROM runs ORDER BY id)"), "1,7");
  EXPECT_EQ(q("SELECT status FROM runs WHERE id = 7"), "running");  // process unknown: kept
  EXPECT_EQ(q("SELECT pid IS NULL AND host IS NULL FROM runs WHERE id = 7"), "1");
  EXPECT_EQ(q("SELECT COUNT(*) FROM components"), "2");
  EXPECT_EQ(q("SELECT COUNT(*) FROM energy"), "4");
  EXPECT_EQ(q("SELECT COUNT(*) FROM run_params"), "1");
  EXPECT_EQ(q("SELECT pes FROM sweep_s"), "64");  // the sweep view, recreated
  EXPECT_EQ(q("SELECT COUNT(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(q("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'runs'"),
            "4");
  EXPECT_EQ(q("PRAGMA foreign_keys"), "1");
  sqlite3_exec(db.handle(), "UPDATE runs SET status = 'interrupted' WHERE id = 7", nullptr, nullptr,
               nullptr);
  EXPECT_EQ(q("SELECT status FROM run_totals WHERE run_id = 7"), "interrupted");
  // The foreign keys still cascade from the rebuilt table.
  sqlite3_exec(db.handle(), "DELETE FROM runs WHERE id = 1", nullptr, nullptr, nullptr);
  EXPECT_EQ(q("SELECT COUNT(*) FROM energy"), "0");
}

}  // namespace
}  // namespace axsim::results::interrupted_runs_test
