// SPDX-License-Identifier: Apache-2.0
// What every unit reports beside its timing, run through the CLI's runner on LeNet-5 with each
// shipped config: a cycle stack per layer that accounts for every cycle of every lane (in the
// record and in the db's views), useful MACs no larger than the dense-equivalent ones, and a
// layer that does not fit the design flagged (reported, or failing the run when asked).
#include "tests/support/sql.hpp"
#include "tools/axsim/runner.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace axsim::tools::unit_reports_test {
namespace {

const std::string kSource = AXSIM_SOURCE_DIR;

class UnitReports : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    db_path_ = ::testing::TempDir() + "axsim_unit_reports_" + std::to_string(getpid()) + "_" +
               std::to_string(counter_++) + ".db";
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + suffix);
  }
  // LeNet-5 compressed for the unit: EIE's fixed-point rule and CSC for EIE, SCNN's format and
  // the dense one (reference activations, trained-like zeros from ReLU) for the others.
  RunOptions options(const std::string& config) const {
    RunOptions opt;
    opt.config_path = kSource + "/configs/" + config;
    opt.workload = "lenet5";
    opt.db_path = db_path_;
    const bool eie = config == "eie.json";
    opt.overrides = {std::string("/recipe=recipes/") +
                     (eie ? "eie_real_models.json" : "scnn_real_models.json")};
    if (!eie) opt.overrides.push_back("/layer_kinds=[\"conv\",\"fc\"]");
    return opt;
  }
  std::string db_path_;
  static inline int counter_ = 0;
};

std::string query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::string out = test::query_text(db, sql);
  sqlite3_close(db);
  return out;
}

void expect_complete_reports(const RunResult& r, const std::string& db_path) {
  ASSERT_EQ(r.exit_code, 0) << r.error;
  ASSERT_FALSE(r.layers.empty());
  for (const results::PhaseRecord& l : r.layers) {
    EXPECT_GT(l.lanes, 0u) << l.name;
    const std::uint64_t sum =
        std::accumulate(l.cycle_stack.begin(), l.cycle_stack.end(), std::uint64_t{0});
    EXPECT_EQ(sum, std::uint64_t(l.lanes) * l.cycles) << l.name;
    EXPECT_GT(l.cycle_stack[0], 0u) << l.name << ": no compute cycle";
    EXPECT_GT(l.useful_work, 0u) << l.name;
    EXPECT_LE(l.useful_work, l.work) << l.name;
    EXPECT_TRUE(l.infeasible.empty()) << l.name << ": " << l.infeasible;
    // Cross-checks with counters kept by other code: an EIE PE's compute cycles are the MACs its
    // arithmetic unit took (so the share is the CCU's load efficiency); a dense array's are its
    // compute_cycles counter; a one-lane dLAC PE's, the terms it added.
    double counted = 0;
    for (const results::StatRow& st : l.stats)
      if ((st.name == "ops" && st.component.find(".arith") != std::string::npos) ||
          (st.name == "compute_cycles" && st.component.find("pe_array") != std::string::npos) ||
          (st.name == "fp_adds" && st.component.find("dlac.grid.pe") != std::string::npos))
        counted += st.value;
    if (r.unit != "scnn") {
      EXPECT_EQ(double(l.cycle_stack[0]), counted) << l.name;
    }
  }
  // The views divide by the lanes: each layer's categories add up to its cycles.
  const std::string id = std::to_string(r.run_id);
  EXPECT_EQ(query(db_path, "SELECT COUNT(*) FROM layers l WHERE run_id = " + id +
                                " AND ABS((SELECT SUM(cycles) FROM layer_cycle_stacks s"
                                " WHERE s.run_id = l.run_id AND s.layer_index = l.layer_index)"
                                " - l.cycles) > 1e-6 * l.cycles"),
            "0");
  EXPECT_EQ(query(db_path, "SELECT COUNT(*) FROM cycle_stacks WHERE run_id = " + id),
            std::to_string(6 * r.layers.size()));
  EXPECT_EQ(query(db_path, "SELECT printf('%.6f', SUM(share)) FROM run_cycle_stacks"
                            " WHERE run_id = " + id),
            "1.000000");
}

TEST_P(UnitReports, CycleStacksSumToEveryLanesCyclesAndUsefulWorkIsBounded) {
  expect_complete_reports(run(options(GetParam())), db_path_);
}

// ESE runs whole LSTM sequences: a small LSTMP on a design of 2 channels x 4 PEs.
TEST_F(UnitReports, EseReportsTheSame) {
  const std::string dir = ::testing::TempDir();
  const std::string topology = dir + "ese_small_" + std::to_string(getpid()) + ".json";
  const std::string recipe = dir + "ese_small_recipe_" + std::to_string(getpid()) + ".json";
  std::ofstream(topology) << R"({"axsim_topology": 1, "name": "lstmp", "layers": [{"name": "lstm",
      "kind": "lstm", "in": 20, "hidden": 16, "projection": 8, "seq_len": 4}]})";
  std::ofstream(recipe) << R"({"axsim_recipe": 1, "name": "small", "defaults": {
      "prune": {"density": 0.3, "balance_pes": 4},
      "quantize": {"scheme": "uniform", "bits": 12, "power_of_two": true},
      "encoding": {"format": "ese", "num_pes": 4, "channels": 2, "pointer_bits": 8},
      "fixed_point": {"lstm": {"utterances": 2}}, "huffman": false,
      "activations": {"density": 0.9, "bits": 16}}})";
  RunOptions opt;
  opt.config_path = kSource + "/configs/ese.json";
  opt.workload = topology;
  opt.db_path = db_path_;
  opt.overrides = {"/recipe=" + recipe, "unit.params.channels=2", "unit.params.pes_per_channel=4",
                   "unit.params.batch=2"};
  expect_complete_reports(run(opt), db_path_);
  std::filesystem::remove(topology);
  std::filesystem::remove(recipe);
}

INSTANTIATE_TEST_SUITE_P(ShippedConfigs, UnitReports,
                         ::testing::Values("dense.json", "dcnn.json", "dcnn_opt.json", "dlac.json", "eie.json",
                                           "scnn.json", "scnn_sparse_a.json",
                                           "scnn_sparse_w.json"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

// EIE with one PE and a 256-byte sparse-matrix SRAM holds none of LeNet-5's fc layers: the run
// completes with every layer flagged, or fails when the config says "infeasible": "fail".
TEST_F(UnitReports, ALayerThatDoesNotFitIsFlaggedOrFailsTheRun) {
  RunOptions opt = options("eie.json");
  opt.overrides.push_back("unit.params.num_pes=1");
  opt.overrides.push_back("unit.params.spmat_sram.capacity_bytes=256");
  const RunResult r = run(opt);
  ASSERT_EQ(r.exit_code, 0) << r.error;
  for (const results::PhaseRecord& l : r.layers)
    EXPECT_NE(l.infeasible.find("sparse-matrix SRAM needs"), std::string::npos) << l.name;
  EXPECT_EQ(query(db_path_, "SELECT infeasible_layers FROM run_totals WHERE run_id = " +
                                std::to_string(r.run_id)),
            std::to_string(r.layers.size()));
  EXPECT_EQ(r.config_name, "eie-64pe-45nm [recipe=recipes/eie_real_models.json, num_pes=1, "
                           "spmat_sram.capacity_bytes=256]");
  opt.overrides.push_back("/infeasible=fail");
  const RunResult failed = run(opt);
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_NE(failed.error.find("does not fit the design: sparse-matrix SRAM needs"),
            std::string::npos)
      << failed.error;
}

}  // namespace
}  // namespace axsim::tools::unit_reports_test
