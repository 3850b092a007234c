// SPDX-License-Identifier: Apache-2.0
#include "results/results_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/provenance.hpp"
#include "tests/results/legacy_schema.hpp"
#include "tests/support/sql.hpp"

namespace axsim::results::results_db_test {
namespace {

using sim::fnv1a_hex;

std::string query_text(ResultsDb& db, const std::string& sql) {
  return test::query_text(db.handle(), sql);
}

double query_double(ResultsDb& db, const std::string& sql) {
  return std::stod(query_text(db, sql));
}

std::int64_t query_int(ResultsDb& db, const std::string& sql) {
  return std::stoll(query_text(db, sql));
}

RunInfo sample_info() {
  RunInfo info;
  info.unit = "dense";
  info.config_name = "tiny";
  info.config_path = "configs/tiny.json";
  info.config_json = R"({"name":"tiny"})";
  info.config_hash = fnv1a_hex(info.config_json);
  info.workload = "mlp";
  info.seed = 42;
  info.axsim_version = "0.1.0+test";
  info.tech_node = "45nm";
  return info;
}

std::vector<ComponentRow> sample_components() {
  return {{"pe_array", "pe_array", 1.5e6, 2.0, "paper", "paper"},
          {"gbuf", "sram", 0.5e6, 1.0, "scaled", "scaled"}};
}

/// Layer `index` with a stat, two actions and energy for both components.
PhaseRecord sample_layer(int index) {
  PhaseRecord l;
  l.index = index;
  l.name = "fc" + std::to_string(index);
  l.kind = "gemm";
  l.cycles = 1000 * static_cast<std::uint64_t>(index + 1);
  l.time_s = 1e-6 * (index + 1);
  l.work = 4096;  // work_unit MACs by default
  l.utilization = 0.5;
  l.stats = {{"gbuf", "reads", "accesses", "SRAM reads", 128.0}};
  l.actions = {{"pe_array", "mac", 4096, 0.25, "horowitz"}, {"gbuf", "read", 128, 10.0, "scaled"}};
  l.energy = {{"pe_array", 1024.0, 2.0 * (index + 1)}, {"gbuf", 1280.0, 1.0 * (index + 1)}};
  return l;
}

class ResultsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "axsim_results_" + test->name() + "_" +
            std::to_string(getpid()) + ".db";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  /// A complete run with both components and two layers; returns its id.
  std::int64_t store_complete_run(ResultsDb& db) {
    std::int64_t id = db.begin_run(sample_info());
    db.add_components(id, sample_components());
    db.add_phase(id, sample_layer(0));
    db.add_phase(id, sample_layer(1));
    db.finish_run(id, 0.75, 12345, 3'000'000);
    return id;
  }
  std::string path_;
};

TEST_F(ResultsDbTest, RoundTripStoresRunRows) {
  ResultsDb db(path_);
  std::int64_t id = store_complete_run(db);
  std::string where = " WHERE run_id = " + std::to_string(id);
  EXPECT_EQ(query_text(db, "SELECT status FROM runs"), "complete");
  EXPECT_EQ(query_text(db, "SELECT config_hash FROM runs"), fnv1a_hex(R"({"name":"tiny"})"));
  EXPECT_EQ(query_int(db, "SELECT seed FROM runs"), 42);
  EXPECT_EQ(query_int(db, "SELECT events FROM runs"), 12345);
  EXPECT_EQ(query_int(db, "SELECT sim_ticks_ps FROM runs"), 3'000'000);
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT wall_seconds FROM runs"), 0.75);
  EXPECT_EQ(query_text(db, "SELECT started_at LIKE '____-__-__T__:__:__.___Z' FROM runs"), "1");
  EXPECT_EQ(query_text(db, "SELECT finished_at IS NOT NULL FROM runs"), "1");
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM components" + where), 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers" + where), 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM stats" + where), 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM actions" + where), 4);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM energy" + where), 4);
  EXPECT_EQ(query_text(db, "SELECT layer || ':' || kind FROM layers WHERE layer_index = 1"),
            "fc1:gemm");
  // energy_pj of an action is count x energy_per_action_pj.
  EXPECT_DOUBLE_EQ(query_double(db,
                                "SELECT energy_pj FROM actions WHERE layer_index = 0 AND "
                                "component = 'gbuf' AND action = 'read'"),
                   1280.0);
}

TEST_F(ResultsDbTest, RunTotalsSumsLayersEnergyAndArea) {
  ResultsDb db(path_);
  store_complete_run(db);
  // Dynamic 1024 + 1280 per layer; leakage 3 (layer 0) and 6 (layer 1).
  double expected_energy_pj = 2 * (1024.0 + 1280.0) + 3.0 + 6.0;
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT energy_pj FROM run_totals"), expected_energy_pj);
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT area_mm2 FROM run_totals"), 2.0);
  EXPECT_EQ(query_int(db, "SELECT cycles FROM run_totals"), 3000);
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT time_s FROM run_totals"), 3e-6);
  EXPECT_EQ(query_int(db, "SELECT dense_macs FROM run_totals"), 2 * 4096);
  EXPECT_EQ(query_text(db,
                       "SELECT unit || '/' || config_name || '/' || workload || '/' || status "
                       "FROM run_totals"),
            "dense/tiny/mlp/complete");
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT SUM(energy_pj) FROM layer_totals"), expected_energy_pj);
}

TEST_F(ResultsDbTest, LayerTotalsSumsEnergyPerLayer) {
  ResultsDb db(path_);
  store_complete_run(db);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layer_totals"), 2);
  EXPECT_DOUBLE_EQ(query_double(db, "SELECT energy_pj FROM layer_totals WHERE layer_index = 1"),
                   1024.0 + 1280.0 + 6.0);
  EXPECT_EQ(query_text(db, "SELECT layer FROM layer_totals WHERE layer_index = 1"), "fc1");
  EXPECT_EQ(query_int(db, "SELECT cycles FROM layer_totals WHERE layer_index = 1"), 2000);
}

TEST_F(ResultsDbTest, FailedRunKeepsErrorAndEarlierRuns) {
  ResultsDb db(path_);
  std::int64_t good = store_complete_run(db);
  std::int64_t bad = db.begin_run(sample_info());
  db.add_phase(bad, sample_layer(0));
  db.fail_run(bad, "deadlock at tick 99", 0.1, 7);
  EXPECT_NE(good, bad);
  std::string bad_row = " FROM runs WHERE id = " + std::to_string(bad);
  EXPECT_EQ(query_text(db, "SELECT status" + bad_row), "failed");
  EXPECT_EQ(query_text(db, "SELECT error" + bad_row), "deadlock at tick 99");
  EXPECT_EQ(query_int(db, "SELECT events" + bad_row), 7);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers WHERE run_id = " + std::to_string(bad)), 1);
  EXPECT_EQ(query_text(db, "SELECT status FROM runs WHERE id = " + std::to_string(good)),
            "complete");
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers WHERE run_id = " + std::to_string(good)), 2);
}

TEST_F(ResultsDbTest, UnfinishedRunStaysRunning) {
  ResultsDb db(path_);
  db.begin_run(sample_info());
  EXPECT_EQ(query_text(db, "SELECT status FROM runs"), "running");
  EXPECT_EQ(query_text(db, "SELECT finished_at FROM runs"), "<null>");
  EXPECT_EQ(query_int(db, "SELECT cycles FROM run_totals"), 0);
}

TEST_F(ResultsDbTest, FailedLayerInsertRollsBackWholeLayer) {
  ResultsDb db(path_);
  std::int64_t id = db.begin_run(sample_info());
  PhaseRecord layer = sample_layer(0);
  layer.stats.push_back(layer.stats.front());  // duplicate primary key
  EXPECT_THROW(db.add_phase(id, layer), std::runtime_error);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 0);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM stats"), 0);
  db.add_phase(id, sample_layer(0));  // the connection is usable again
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 1);
}

TEST_F(ResultsDbTest, ForeignKeysRejectUnknownRun) {
  ResultsDb db(path_);
  EXPECT_THROW(db.add_phase(999, sample_layer(0)), std::runtime_error);
  EXPECT_THROW(db.finish_run(999, 1.0, 1, 1), std::runtime_error);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 0);
}

TEST_F(ResultsDbTest, UsesWalJournal) {
  ResultsDb db(path_);
  EXPECT_EQ(query_text(db, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(query_text(db, "PRAGMA foreign_keys"), "1");
}

TEST_F(ResultsDbTest, ReopenKeepsRows) {
  {
    ResultsDb db(path_);
    store_complete_run(db);
  }
  ResultsDb db(path_);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM runs"), 1);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 2);
  EXPECT_EQ(query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::to_string(ResultsDb::kSchemaVersion));
  std::int64_t second = store_complete_run(db);
  EXPECT_EQ(second, 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM run_totals"), 2);
}

TEST_F(ResultsDbTest, RefusesNewerSchemaVersion) {
  {
    ResultsDb db(path_);
    ASSERT_EQ(
        sqlite3_exec(db.handle(), "UPDATE meta SET value = '999' WHERE key = 'schema_version'",
                     nullptr, nullptr, nullptr),
        SQLITE_OK);
  }
  try {
    ResultsDb db(path_);
    FAIL() << "opening a db with schema_version 999 should throw";
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find(path_), std::string::npos) << message;
    EXPECT_NE(message.find("schema_version 999"), std::string::npos) << message;
    EXPECT_NE(message.find("newer"), std::string::npos) << message;
  }
}

TEST_F(ResultsDbTest, RefusesForeignSqliteFile) {
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE other(x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
  }
  EXPECT_THROW(ResultsDb db(path_), std::runtime_error);
  // Refused files are left as they were: no axsim tables added, journal mode unchanged.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(raw, "SELECT group_concat(name) FROM sqlite_master", -1, &stmt, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "other");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
}

TEST_F(ResultsDbTest, OpenFailureNamesFile) {
  std::string bad_path = ::testing::TempDir() + "no_such_dir_axsim/x.db";
  try {
    ResultsDb db(bad_path);
    FAIL() << "opening in a missing directory should throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad_path), std::string::npos) << e.what();
  }
}

TEST_F(ResultsDbTest, StoreRunWritesAWholeSweepPointInOneGo) {
  ResultsDb db(path_);
  SweepInfo sweep{"pe-sweep",
                  "s.json",
                  "{}",
                  "h",
                  "v",
                  2,
                  {{"pes", "unit.params.num_pes"}, {"kind", "unit.params.kind"}}};
  const std::int64_t sweep_id = db.upsert_sweep(sweep);
  RunRecord rec;
  rec.info = sample_info();
  rec.info.run_key = "k1";
  rec.info.sweep_id = sweep_id;
  rec.info.point_index = 1;
  rec.info.params = {{"pes", std::int64_t{64}}, {"kind", std::string("fast")}};
  rec.status = "complete";
  rec.wall_seconds = 0.5;
  rec.events = 99;
  rec.sim_ticks_ps = 3'000'000;
  rec.components = sample_components();
  rec.phases = {sample_layer(0), sample_layer(1)};
  const std::int64_t id = db.store_run(rec);
  EXPECT_EQ(query_text(db, "SELECT status || ' ' || run_key || ' ' || point_index FROM runs"),
            "complete k1 1");
  EXPECT_EQ(query_text(db, "SELECT finished_at IS NOT NULL FROM runs"), "1");
  // The view: parameters as typed columns beside the totals.
  EXPECT_EQ(query_int(db, "SELECT pes FROM sweep_pe_sweep"), 64);
  EXPECT_EQ(query_text(db, "SELECT typeof(pes) || kind FROM sweep_pe_sweep"), "integerfast");
  EXPECT_EQ(query_int(db, "SELECT cycles FROM sweep_pe_sweep"), 3000);
  EXPECT_EQ(db.sweep_runs(sweep_id).at("k1").run_id, id);
  // A retried failed point replaces its row; its children go with it.
  rec.info.run_key = "k2";
  rec.status = "failed";
  rec.error = "boom";
  const std::int64_t failed = db.store_run(rec);
  EXPECT_EQ(db.sweep_runs(sweep_id).at("k2").status, "failed");
  rec.status = "complete";
  rec.error.clear();
  db.store_run(rec, failed);
  EXPECT_EQ(db.sweep_runs(sweep_id).at("k2").status, "complete");
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM runs"), 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM run_params"), 4);  // the failed row's went too
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 4);
  // Updating the sweep (an edited spec) keeps its id and rebuilds the view with the new params.
  sweep.params = {{"pes", "unit.params.num_pes"}};
  EXPECT_EQ(db.upsert_sweep(sweep), sweep_id);
  EXPECT_EQ(
      query_int(db, "SELECT COUNT(*) FROM pragma_table_info('sweep_pe_sweep') WHERE name = 'kind'"),
      0);
  sweep.params = {{"cycles", "x"}};
  EXPECT_THROW(db.upsert_sweep(sweep), std::runtime_error);
}

// Version 1 chains through version 2 to the current one in the same open. (Before schema 3 this
// test built its version 1 file from the current schema; the current one has no layers table,
// so it starts from version 2's SQL instead.)
TEST_F(ResultsDbTest, VersionOneFilesAreUpgradedKeepingTheirRuns) {
  {  // version 1's layout: version 2's without the sweep tables and columns
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    const std::string v1 =
        std::string(test::kSchemaV2Sql) + test::kSampleV2RunSql +
        "DROP VIEW sweep_s; DROP INDEX runs_by_run_key; DROP INDEX runs_by_sweep;"
        "ALTER TABLE runs DROP COLUMN run_key; ALTER TABLE runs DROP COLUMN sweep_id;"
        "ALTER TABLE runs DROP COLUMN point_index; DROP TABLE run_params; DROP TABLE sweep_params;"
        "DROP TABLE sweeps; UPDATE meta SET value = '1' WHERE key = 'schema_version';";
    ASSERT_EQ(sqlite3_exec(raw, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  {
    ResultsDb db(path_, ResultsDb::Mode::read_only);  // reading does not upgrade
    EXPECT_EQ(query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'"), "1");
  }
  ResultsDb db(path_);
  EXPECT_EQ(query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'"),
            std::to_string(ResultsDb::kSchemaVersion));
  EXPECT_EQ(
      query_int(db, "SELECT COUNT(*) FROM runs WHERE status = 'complete' AND run_key IS NULL"), 1);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM sweeps"), 0);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM layers"), 2);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM phases"), 2);
  store_complete_run(db);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM run_totals"), 2);
}

}  // namespace
}  // namespace axsim::results::results_db_test
