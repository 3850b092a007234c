// SPDX-License-Identifier: Apache-2.0
// Schema 3: the generic phases table, the views over it, and the upgrade of version 2 files.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "results/results_db.hpp"
#include "results/sqlite_stmt.hpp"
#include "tests/results/legacy_schema.hpp"
#include "tests/support/sql.hpp"

namespace axsim::results::phases_test {
namespace {

/// Every row of `sql`, each value typed as stored (so 4096 and 4096.0 differ).
std::string dump(sqlite3* db, const std::string& sql) {
  Stmt q(db, "test.db", sql);
  std::string out;
  while (q.step()) {
    for (int c = 0; c < q.column_count(); ++c) {
      const SqlValue v = q.value(c);
      const char* type = std::holds_alternative<std::monostate>(v) ? "null"
                         : std::holds_alternative<std::int64_t>(v) ? "int"
                         : std::holds_alternative<double>(v)       ? "real"
                                                                   : "text";
      out += q.column_name(c) + "=" + type + ":" + sql_value_text(v) + " ";
    }
    out += "\n";
  }
  return out;
}

/// The views version 2 had (and a sweep view over run_totals), as a user would read them.
// The views' columns that version 2 had, by their version 2 names (version 5 renamed macs to
// dense_macs beside the new useful_macs).
std::string dump_views(sqlite3* db, bool v2 = false) {
  const std::string macs = v2 ? "macs" : "dense_macs AS macs";
  return dump(db, "SELECT run_id, layer_index, layer, kind, cycles, time_s, " + macs +
                      ", utilization FROM layers ORDER BY run_id, layer_index") +
         dump(db, "SELECT run_id, layer_index, layer, cycles, time_s, energy_pj, " + macs +
                      ", utilization FROM layer_totals ORDER BY run_id, layer_index") +
         dump(db, "SELECT run_id, unit, config_name, workload, status, cycles, time_s, "
                  "energy_pj, area_mm2, " + macs + " FROM run_totals ORDER BY run_id");
}

class PhasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "axsim_phases_" + test->name() + "_" + std::to_string(getpid()) +
            ".db";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  /// Writes a version 2 file holding the sample run, plus `extra` SQL.
  void make_v2_file(const std::string& extra = "") {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    const std::string sql = std::string(test::kSchemaV2Sql) + test::kSampleV2RunSql + extra;
    ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(raw);
    sqlite3_close(raw);
  }
  std::string text(ResultsDb& db, const std::string& sql) {
    return test::query_text(db.handle(), sql);
  }
  std::string path_;
};

RunInfo sample_info() {
  RunInfo info;
  info.unit = "dense";
  info.config_name = "tiny";
  info.config_path = "configs/tiny.json";
  info.config_json = R"({"name":"tiny"})";
  info.config_hash = "hash";
  info.workload = "mlp";
  info.seed = 42;
  info.axsim_version = "0.1.0+test";
  info.tech_node = "45nm";
  return info;
}

/// The run of test::kSampleV2RunSql, as the runner records it today.
RunRecord sample_run() {
  RunRecord rec;
  rec.info = sample_info();
  rec.status = "complete";
  rec.components = {{"pe_array", "pe_array", 1.5e6, 2.0, "paper", "paper"},
                    {"gbuf", "sram", 0.5e6, 1.0, "scaled", "scaled"}};
  for (int i = 0; i < 2; ++i) {
    PhaseRecord p;
    p.index = i;
    p.name = "fc" + std::to_string(i);
    p.kind = "gemm";
    p.cycles = 1000 * static_cast<std::uint64_t>(i + 1);
    p.time_s = 1e-6 * (i + 1);
    p.work = 4096;
    p.peak_work_per_cycle = 256;
    p.utilization = 0.5;
    p.stats = {{"gbuf", "reads", "accesses", "SRAM reads", 128.0}};
    p.actions = {{"pe_array", "mac", 4096, 0.25, "horowitz"},
                 {"gbuf", "read", 128, 10.0, "scaled"}};
    p.energy = {{"pe_array", 1024.0, 2.0 * (i + 1)}, {"gbuf", 1280.0, 1.0 * (i + 1)}};
    rec.phases.push_back(p);
  }
  return rec;
}

TEST_F(PhasesTest, PhasesAreStoredAndReadBack) {
  ResultsDb db(path_);
  RunRecord rec = sample_run();
  PhaseRecord cpu;  // a phase that is no DNN layer: a region of an instruction trace
  cpu.index = 2;
  cpu.name = "region0";
  cpu.kind = "trace_region";
  cpu.cycles = 500;
  cpu.time_s = 5e-7;
  cpu.work = 800;
  cpu.work_unit = "instructions";
  cpu.peak_work_per_cycle = 4;
  cpu.utilization = 0.4;
  cpu.energy = {{"core", 10.0, 1.0}};
  rec.phases.push_back(cpu);
  const std::int64_t id = db.store_run(rec);
  EXPECT_EQ(dump(db.handle(), "SELECT * FROM phases WHERE run_id = " + std::to_string(id) +
                                  " ORDER BY phase_index"),
            "run_id=int:1 phase_index=int:0 name=text:fc0 kind=text:gemm cycles=int:1000 "
            "time_s=real:1e-06 work=int:4096 work_unit=text:MACs peak_work_per_cycle=real:256 "
            "utilization=real:0.5 useful_work=int:0 infeasible=null: lanes=int:0 \n"
            "run_id=int:1 phase_index=int:1 name=text:fc1 kind=text:gemm cycles=int:2000 "
            "time_s=real:2e-06 work=int:4096 work_unit=text:MACs peak_work_per_cycle=real:256 "
            "utilization=real:0.5 useful_work=int:0 infeasible=null: lanes=int:0 \n"
            "run_id=int:1 phase_index=int:2 name=text:region0 kind=text:trace_region "
            "cycles=int:500 time_s=real:5e-07 work=int:800 work_unit=text:instructions "
            "peak_work_per_cycle=real:4 utilization=real:0.4 useful_work=int:0 "
            "infeasible=null: lanes=int:0 \n");
  // layers shows the MAC phases only; run totals count every phase's time, MACs only of MACs.
  EXPECT_EQ(text(db, "SELECT group_concat(layer) FROM layers"), "fc0,fc1");
  EXPECT_EQ(text(db, "SELECT cycles || ' ' || dense_macs FROM run_totals"), "3500 8192");
  EXPECT_EQ(
      text(db, "SELECT energy_pj || ' ' || work_unit FROM phase_totals WHERE phase_index = 2"),
      "11.0 instructions");
  EXPECT_EQ(rec.phases[0].macs(), 4096u);
  EXPECT_EQ(cpu.macs(), 0u);
}

TEST_F(PhasesTest, ViewsMatchVersionTwoForTheSameRun) {
  make_v2_file();
  std::string v2;
  {
    ResultsDb old(path_, ResultsDb::Mode::read_only);
    v2 = dump_views(old.handle(), true);
  }
  remove_files();
  ResultsDb db(path_);
  db.store_run(sample_run());
  EXPECT_EQ(dump_views(db.handle()), v2);
  EXPECT_NE(v2.find("layer=text:fc1"), std::string::npos) << v2;
}

TEST_F(PhasesTest, VersionTwoUpgradesInPlaceKeepingEveryView) {
  make_v2_file();
  std::string before, sweep_before;
  {
    ResultsDb old(path_, ResultsDb::Mode::read_only);  // reading does not upgrade
    EXPECT_EQ(text(old, "SELECT value FROM meta WHERE key = 'schema_version'"), "2");
    EXPECT_EQ(text(old, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'phases'"), "0");
    before = dump_views(old.handle(), true);
    sweep_before = dump(old.handle(), "SELECT run_id, point_index, status, pes, cycles, time_s,"
                                      " energy_pj, area_mm2, macs, edp_pj_s, error FROM sweep_s");
  }
  ResultsDb db(path_);  // through versions 3 and 4 to 5 (runs rebuilt, views recreated)
  EXPECT_EQ(text(db, "SELECT value FROM meta WHERE key = 'schema_version'"), "6");
  EXPECT_EQ(text(db, "SELECT type FROM sqlite_master WHERE name = 'layers'"), "view");
  EXPECT_EQ(dump_views(db.handle()), before);
  EXPECT_EQ(dump(db.handle(), "SELECT run_id, point_index, status, pes, cycles, time_s,"
                              " energy_pj, area_mm2, dense_macs AS macs, edp_pj_s, error"
                              " FROM sweep_s"),
            sweep_before);
  // What version 2 never measured stays NULL: useful work, the stack's lanes.
  EXPECT_EQ(text(db, "SELECT COUNT(*) FROM phases WHERE useful_work IS NULL AND lanes IS NULL"),
            "2");
  // Version 2 did not store the peak: NULL, not a made-up number.
  EXPECT_EQ(text(db,
                 "SELECT group_concat(work_unit || ':' || COALESCE(peak_work_per_cycle, "
                 "'null')) FROM phases"),
            "MACs:null,MACs:null");
  db.store_run(sample_run());
  EXPECT_EQ(text(db, "SELECT COUNT(*) FROM layer_totals"), "4");
}

TEST_F(PhasesTest, FailedUpgradeLeavesVersionTwoAsItWas) {
  make_v2_file("CREATE VIEW phases AS SELECT 1 AS x;");  // the upgrade cannot write phases
  EXPECT_THROW(ResultsDb db(path_), std::runtime_error);
  ResultsDb db(path_, ResultsDb::Mode::read_only);
  EXPECT_EQ(text(db, "SELECT value FROM meta WHERE key = 'schema_version'"), "2");
  EXPECT_EQ(text(db, "SELECT type FROM sqlite_master WHERE name = 'layers'"), "table");
  EXPECT_EQ(text(db, "SELECT COUNT(*) FROM layer_totals"), "2");
}

}  // namespace
}  // namespace axsim::results::phases_test
