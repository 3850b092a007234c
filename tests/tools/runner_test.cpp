// SPDX-License-Identifier: Apache-2.0
// tools::run end to end on the 'tiny' workload: completion with output checking, energy
// accounting that adds up (RunResult and the db's run_totals view agree), failed runs recorded
// next to earlier complete ones, and bit-identical repeat runs.
#include "tests/support/sql.hpp"
#include "tests/support/trace_fixtures.hpp"
#include "tools/axsim/runner.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/trace/trace.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace axsim::tools::runner_test {
namespace {

const std::string kSource = AXSIM_SOURCE_DIR;
constexpr double kPjPerMwSecond = 1e9;

/// A read-only connection to the results db, for checking what the runner stored.
class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// First column of the first row as text ("<no row>" / "<null>" otherwise).
  std::string text(const std::string& sql) { return test::query_text(db_, sql); }
  double real(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    double out = std::nan("");
    if (sqlite3_step(stmt) == SQLITE_ROW) out = sqlite3_column_double(stmt, 0);
    sqlite3_finalize(stmt);
    return out;
  }
  std::int64_t integer(const std::string& sql) { return std::stoll(text(sql)); }
  /// component -> leakage_mw of one run.
  std::map<std::string, double> leakage_mw(std::int64_t run_id) {
    std::map<std::string, double> out;
    sqlite3_stmt* stmt = nullptr;
    const std::string sql =
        "SELECT component, leakage_mw FROM components WHERE run_id = " + std::to_string(run_id);
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db_));
    while (sqlite3_step(stmt) == SQLITE_ROW)
      out[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))] =
          sqlite3_column_double(stmt, 1);
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

void expect_near_rel(double a, double b, const std::string& what) {
  EXPECT_LE(std::abs(a - b), 1e-9 * std::max(std::abs(a), std::abs(b))) << what << ": " << a
                                                                          << " vs " << b;
}

double layer_energy_pj(const results::PhaseRecord& l) {
  double e = 0;
  for (const auto& row : l.energy) e += row.dynamic_pj + row.leakage_pj;
  return e;
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string base = ::testing::TempDir() + "axsim_runner_" +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                             "_" + std::to_string(getpid());
    db_path_ = base + ".db";
    bad_config_ = base + "_bad.json";
    remove_files();
  }
  void TearDown() override { remove_files(); }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + suffix);
    std::filesystem::remove(bad_config_);
  }
  RunOptions tiny() const {
    RunOptions opt;
    opt.config_path = kSource + "/configs/dense.json";
    opt.workload = "tiny";
    opt.db_path = db_path_;
    opt.check = true;
    return opt;
  }
  std::string db_path_, bad_config_;
};

TEST_F(RunnerTest, TinyWorkloadCompletesWithCheck) {
  const RunResult r = run(tiny());
  ASSERT_EQ(r.exit_code, 0) << r.error;
  EXPECT_EQ(r.status, "complete");
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.unit, "dense");
  EXPECT_EQ(r.workload, "tiny");
  EXPECT_EQ(r.tech_node, "45nm");
  EXPECT_DOUBLE_EQ(r.clock_hz, 1e9);
  EXPECT_GT(r.area_mm2, 0.0);
  EXPECT_GT(r.events, 0u);
  ASSERT_EQ(r.layers.size(), 2u);
  EXPECT_EQ(r.layers[0].name, "conv");
  EXPECT_EQ(r.layers[1].name, "fc");
  std::uint64_t ticks = 0;
  for (const auto& l : r.layers) {
    EXPECT_GT(l.cycles, 0u) << l.name;
    EXPECT_GT(l.utilization, 0.0) << l.name;
    EXPECT_LE(l.utilization, 1.0) << l.name;
    ticks += static_cast<std::uint64_t>(std::llround(l.time_s * 1e12));
  }
  EXPECT_EQ(r.sim_ticks_ps, ticks);
  EXPECT_EQ(r.layers[1].macs(), 16u * 8u);
  EXPECT_EQ(r.layers[1].work, r.layers[1].macs());
  EXPECT_EQ(r.layers[1].work_unit, "MACs");
  EXPECT_GT(r.layers[1].peak_work_per_cycle, 0.0);

  Db db(db_path_);
  const std::string row = " FROM runs WHERE id = " + std::to_string(r.run_id);
  EXPECT_EQ(db.text("SELECT status" + row), "complete");
  EXPECT_EQ(db.integer("SELECT events" + row), static_cast<std::int64_t>(r.events));
  EXPECT_EQ(db.integer("SELECT sim_ticks_ps" + row), static_cast<std::int64_t>(r.sim_ticks_ps));
  EXPECT_EQ(db.text("SELECT workload" + row), "tiny");
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM layers WHERE run_id = " + std::to_string(r.run_id)),
            2);
}

TEST_F(RunnerTest, EnergyAccountingAddsUp) {
  const RunResult r = run(tiny());
  ASSERT_EQ(r.exit_code, 0) << r.error;
  Db db(db_path_);
  const std::map<std::string, double> leakage_mw = db.leakage_mw(r.run_id);
  ASSERT_FALSE(leakage_mw.empty());

  double total_pj = 0;
  for (const results::PhaseRecord& l : r.layers) {
    SCOPED_TRACE("layer " + l.name);
    ASSERT_FALSE(l.actions.empty());
    ASSERT_EQ(l.energy.size(), leakage_mw.size()) << "one energy row per component";
    // Per component: dynamic = sum of its actions' count x energy; leakage = mW x layer time.
    std::map<std::string, double> dynamic_from_actions;
    for (const auto& a : l.actions)
      dynamic_from_actions[a.component] += static_cast<double>(a.count) * a.energy_per_action_pj;
    double components_pj = 0, actions_pj = 0, leakage_terms_pj = 0;
    for (const results::EnergyRow& e : l.energy) {
      components_pj += e.dynamic_pj + e.leakage_pj;
      expect_near_rel(e.dynamic_pj, dynamic_from_actions[e.component], e.component + " dynamic");
      ASSERT_TRUE(leakage_mw.count(e.component)) << e.component;
      const double leak = leakage_mw.at(e.component) * l.time_s * kPjPerMwSecond;
      expect_near_rel(e.leakage_pj, leak, e.component + " leakage");
      leakage_terms_pj += leak;
    }
    for (const auto& [component, pj] : dynamic_from_actions) actions_pj += pj;
    EXPECT_GT(actions_pj, 0.0);
    expect_near_rel(components_pj, actions_pj + leakage_terms_pj, "layer total");
    // The db's per-layer view agrees too.
    expect_near_rel(db.real("SELECT energy_pj FROM layer_totals WHERE run_id = " +
                            std::to_string(r.run_id) +
                            " AND layer_index = " + std::to_string(l.index)),
                    layer_energy_pj(l), "layer_totals");
    total_pj += layer_energy_pj(l);
  }
  const double db_total =
      db.real("SELECT energy_pj FROM run_totals WHERE run_id = " + std::to_string(r.run_id));
  expect_near_rel(db_total, total_pj, "run_totals.energy_pj");
  EXPECT_GT(total_pj, 0.0);
}

TEST_F(RunnerTest, ConfigErrorRecordsFailedRunAndKeepsEarlierOne) {
  const RunResult good = run(tiny());
  ASSERT_EQ(good.exit_code, 0) << good.error;

  nlohmann::json doc = nlohmann::json::parse(std::ifstream(kSource + "/configs/dense.json"));
  doc["tech"] = kSource + "/configs/tech/45nm.json";
  doc["unit"]["params"]["pe_rows"] = 0;
  std::ofstream(bad_config_) << doc.dump(2);
  RunOptions opt = tiny();
  opt.config_path = bad_config_;
  const RunResult bad = run(opt);

  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.status, "failed");
  EXPECT_NE(bad.error.find(bad_config_ + ": /unit/params/pe_rows: expected an integer"),
            std::string::npos)
      << bad.error;
  EXPECT_TRUE(bad.layers.empty());
  ASSERT_GT(bad.run_id, 0);
  EXPECT_NE(bad.run_id, good.run_id);

  Db db(db_path_);
  const std::string bad_row = " FROM runs WHERE id = " + std::to_string(bad.run_id);
  EXPECT_EQ(db.text("SELECT status" + bad_row), "failed");
  EXPECT_EQ(db.text("SELECT error" + bad_row), bad.error);
  EXPECT_EQ(db.text("SELECT config_name" + bad_row), "dense-16x16-os-45nm");
  EXPECT_EQ(db.text("SELECT status FROM runs WHERE id = " + std::to_string(good.run_id)),
            "complete");
  EXPECT_EQ(
      db.integer("SELECT COUNT(*) FROM layers WHERE run_id = " + std::to_string(good.run_id)), 2);
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM runs"), 2);
}

TEST_F(RunnerTest, UnknownWorkloadIsConfigError) {
  RunOptions opt = tiny();
  opt.workload = "no_such_net";
  const RunResult r = run(opt);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.status, "failed");
  EXPECT_NE(r.error.find("/workload"), std::string::npos) << r.error;
  Db db(db_path_);
  EXPECT_EQ(db.text("SELECT status FROM runs WHERE id = " + std::to_string(r.run_id)), "failed");
}

// --check evaluates the reference on the layer's first stored encoding. When only that one is
// damaged (the dense unit reads its "dense" encoding), the run fails as bad input: exit 2.
// A damaged encoding is bad input (exit 2, naming the layer), not a failed simulation: the one
// the unit and --check read, or another one (the useful-MAC count decodes the first).
TEST_F(RunnerTest, CheckOnADamagedEncodingIsBadInput) {
  workloads::Model m;
  m.name = "one";
  m.layers.push_back(test::small_conv());
  const workloads::Recipe recipe = workloads::parse_recipe("t", R"({"axsim_recipe":1,"name":"t",
      "defaults":{"quantize":{"scheme":"uniform","bits":8},
      "encoding":[{"format":"bitmask"},{"format":"dense"}],"activations":{"density":1.0}}})");
  for (const char* damaged : {"bitmask", "dense"}) {
    workloads::Trace t = workloads::to_trace(workloads::compress(m, recipe), recipe, "test");
    nlohmann::json h = nlohmann::json::parse(t.layers[0].header_json);
    ASSERT_EQ(h["encodings"][0]["format"], "bitmask");
    const std::string blob = std::string("weights.") + damaged;
    t.layers[0].blobs[blob].push_back(0xff);  // a byte after the last field
    for (auto& e : h["encodings"])
      if (e["format"] == damaged) e["bytes"] = t.layers[0].blobs[blob].size();
    t.layers[0].header_json = h.dump();
    workloads::write_trace(bad_config_, t);
    RunOptions opt = tiny();
    opt.workload = "trace:" + bad_config_;
    const RunResult r = run(opt);
    EXPECT_EQ(r.exit_code, 2) << damaged << ": " << r.error;
    EXPECT_NE(r.error.find("layer c"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("decode"), std::string::npos) << r.error;
  }
}

TEST_F(RunnerTest, SameConfigTwiceIsBitIdentical) {
  const RunResult a = run(tiny());
  const RunResult b = run(tiny());
  ASSERT_EQ(a.exit_code, 0) << a.error;
  ASSERT_EQ(b.exit_code, 0) << b.error;
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.sim_ticks_ps, b.sim_ticks_ps);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const results::PhaseRecord& la = a.layers[i];
    const results::PhaseRecord& lb = b.layers[i];
    SCOPED_TRACE("layer " + la.name);
    EXPECT_EQ(la.cycles, lb.cycles);
    EXPECT_EQ(la.time_s, lb.time_s);
    EXPECT_EQ(la.utilization, lb.utilization);
    ASSERT_EQ(la.stats.size(), lb.stats.size());
    for (std::size_t s = 0; s < la.stats.size(); ++s) {
      EXPECT_EQ(la.stats[s].component, lb.stats[s].component);
      EXPECT_EQ(la.stats[s].name, lb.stats[s].name);
      // Bit-identical, not merely close.
      EXPECT_EQ(std::memcmp(&la.stats[s].value, &lb.stats[s].value, sizeof(double)), 0)
          << la.stats[s].component << "." << la.stats[s].name << ": " << la.stats[s].value
          << " vs " << lb.stats[s].value;
    }
    ASSERT_EQ(la.actions.size(), lb.actions.size());
    for (std::size_t k = 0; k < la.actions.size(); ++k) {
      EXPECT_EQ(la.actions[k].component, lb.actions[k].component);
      EXPECT_EQ(la.actions[k].action, lb.actions[k].action);
      EXPECT_EQ(la.actions[k].count, lb.actions[k].count)
          << la.actions[k].component << "." << la.actions[k].action;
    }
    ASSERT_EQ(la.energy.size(), lb.energy.size());
    for (std::size_t k = 0; k < la.energy.size(); ++k) {
      EXPECT_EQ(la.energy[k].dynamic_pj, lb.energy[k].dynamic_pj);
      EXPECT_EQ(la.energy[k].leakage_pj, lb.energy[k].leakage_pj);
    }
  }
  // Both runs stored with the same config hash.
  Db db(db_path_);
  EXPECT_EQ(db.integer("SELECT COUNT(DISTINCT config_hash) FROM runs"), 1);
  EXPECT_EQ(db.integer("SELECT COUNT(*) FROM runs WHERE status = 'complete'"), 2);
}

}  // namespace
}  // namespace axsim::tools::runner_test
