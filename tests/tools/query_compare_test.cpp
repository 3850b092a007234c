// SPDX-License-Identifier: Apache-2.0
// axsim query and compare on hand-made results: the three output formats and their escaping,
// named-query argument checks and binding, the read-only default, baselines per workload and
// Pareto fronts (ties, maximised metrics).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "results/results_db.hpp"
#include "sim/provenance.hpp"
#include "tools/axsim/compare_command.hpp"
#include "tools/axsim/compare_plot.hpp"
#include "tools/axsim/query_command.hpp"

namespace axsim::tools::query_compare_test {
namespace {

using results::SqlValue;

// ---- formatting ----------------------------------------------------------------------------

ResultTable sample_table() {
  return {{"id", "name", "value"},
          {{std::int64_t{1}, std::string("a,b"), 0.1 + 0.2},
           {std::int64_t{22}, std::string("say \"hi\"\nthere"), SqlValue{}},
           {std::int64_t{-3}, std::string("µs"), 12345678.9}}};
}

TEST(ResultTableTest, TableAlignsNumbersRightAndTextLeft) {
  const std::string out = format_table(sample_table());
  std::istringstream lines(out);
  std::string header, row1, row2, row3;
  std::getline(lines, header);
  std::getline(lines, row1);
  std::getline(lines, row2);
  std::getline(lines, row3);
  EXPECT_EQ(header, "id  name                   value");
  EXPECT_EQ(row1, " 1  a,b                      0.3");  // %.6g, right-aligned
  EXPECT_EQ(row2, "22  say \"hi\"\\nthere");            // NULL empty, line break shown as \n
  EXPECT_EQ(row3, "-3  µs               1.23457e+07");  // µ counts as one column
}

TEST(ResultTableTest, CsvQuotesPerRfc4180AndKeepsRealsExact) {
  EXPECT_EQ(format_csv(sample_table()),
            "id,name,value\n"
            "1,\"a,b\",0.30000000000000004\n"
            "22,\"say \"\"hi\"\"\nthere\",\n"
            "-3,µs,12345678.9\n");
}

TEST(ResultTableTest, JsonIsTypedOrderedAndEscaped) {
  ResultTable t = sample_table();
  t.columns[2] = "id";  // a repeated column name must not overwrite the first
  t.rows[0][2] = std::numeric_limits<double>::quiet_NaN();
  const nlohmann::json j = nlohmann::json::parse(format_json(t));
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["id"], 1);
  EXPECT_TRUE(j[0]["id_2"].is_null());  // NaN is not JSON
  EXPECT_EQ(j[1]["name"], "say \"hi\"\nthere");
  EXPECT_TRUE(j[1]["id_2"].is_null());
  EXPECT_EQ(j[2]["id_2"].get<double>(), 12345678.9);
  EXPECT_EQ(j[2]["name"], "µs");
  EXPECT_EQ(format_json(t).find("\"id\""), format_json(t).find("\"id\": 1"));  // column order kept
  EXPECT_EQ(format_json(ResultTable{{"x"}, {}}), "[]\n");
}

TEST(ResultTableTest, RealsRoundTripThroughJson) {
  const double v = 1.0 / 3.0;
  const nlohmann::json j = nlohmann::json::parse(format_json(ResultTable{{"v"}, {{v}}}));
  EXPECT_EQ(j[0]["v"].get<double>(), v);
}

TEST(ResultTableTest, ArgumentsAreTypedLikeSqlite) {
  EXPECT_EQ(typed_value("42"), SqlValue{std::int64_t{42}});
  EXPECT_EQ(typed_value("-7"), SqlValue{std::int64_t{-7}});
  EXPECT_EQ(typed_value("0.5"), SqlValue{0.5});
  EXPECT_EQ(typed_value("1e3"), SqlValue{1000.0});
  EXPECT_EQ(typed_value("nan"), SqlValue{std::string("nan")});
  EXPECT_EQ(typed_value("12ab"), SqlValue{std::string("12ab")});
  EXPECT_EQ(typed_value(""), SqlValue{std::string("")});
}

// ---- a results db with a sweep over two workloads ----------------------------------------------

class TempDb {
 public:
  TempDb() {
    path_ =
        (std::filesystem::temp_directory_path() /
         ("axsim_qc_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++) + ".db"))
            .string();
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

results::RunRecord make_run(const std::string& workload, double time_s, double energy_pj,
                        std::vector<results::ParamValue> params = {}) {
  results::RunRecord run;
  run.info.unit = "dense";
  run.info.config_name = "test";
  run.info.config_path = "test.json";
  run.info.config_json = "{}";
  run.info.config_hash = sim::fnv1a_hex("{}");
  run.info.workload = workload;
  run.info.axsim_version = "test";
  run.info.tech_node = "45nm";
  run.info.params = std::move(params);
  run.status = "complete";
  run.components = {{"pe", "pe_array", 2e6, 1.0, "test", "test"}};
  results::PhaseRecord layer;
  layer.name = "fc0";
  layer.kind = "fc";
  layer.cycles = static_cast<std::uint64_t>(time_s * 1e9);
  layer.time_s = time_s;
  layer.work = 1000;  // MACs
  layer.energy = {{"pe", energy_pj * 0.75, energy_pj * 0.25}};
  run.phases = {layer};
  return run;
}

/// Sweep "grid" over pes in {4, 8, 16} and dataflow, on workloads "a" and "b": time halves and
/// energy grows with pes. Point indices follow insertion order.
class SweepDb : public ::testing::Test {
 protected:
  void SetUp() override {
    results::ResultsDb db(tmp.path());
    results::SweepInfo s{"grid",
                     "grid.json",
                     "{}",
                     "h",
                     "test",
                     12,
                     {{"pes", "unit.pes"}, {"dataflow", "unit.dataflow"}}};
    sweep_id = db.upsert_sweep(s);
    std::int64_t point = 0;
    for (const char* w : {"a", "b"})
      for (std::int64_t pes : {4, 8, 16})
        for (const char* df : {"ws", "os"}) {
          const double scale = w == std::string("a") ? 1.0 : 10.0;
          results::RunRecord r =
              make_run(w, scale * 8e-3 / static_cast<double>(pes),
                       scale * 100.0 * static_cast<double>(pes) + (df == std::string("os") ? 1 : 0),
                       {{"pes", pes}, {"dataflow", std::string(df)}});
          r.info.sweep_id = sweep_id;
          r.info.point_index = point++;
          ids.push_back(db.store_run(r));
        }
    results::RunRecord failed =
        make_run("a", 1, 1, {{"pes", std::int64_t{32}}, {"dataflow", std::string("ws")}});
    failed.status = "failed";
    failed.error = "deadlock";
    failed.info.sweep_id = sweep_id;
    failed.info.point_index = point++;
    failed_id = db.store_run(failed);
    plain_id = db.store_run(make_run("a", 1e-3, 50.0));
  }

  Comparison compare(CompareOptions opt) {
    results::ResultsDb db(tmp.path(), results::ResultsDb::Mode::read_only);
    return load_comparison(db, opt);
  }

  ResultTable query(const std::string& q, const std::vector<std::string>& args) {
    results::ResultsDb db(tmp.path(), results::ResultsDb::Mode::read_only);
    return run_query(db, q, args);
  }

  TempDb tmp;
  std::int64_t sweep_id = 0, failed_id = 0, plain_id = 0;
  std::vector<std::int64_t> ids;  // a: pes4 ws, pes4 os, pes8 ws, ... then b
};

// ---- named queries ---------------------------------------------------------------------------

TEST_F(SweepDb, NamedQueriesCheckTheirArguments) {
  EXPECT_THROW(query("layers", {}), UsageError);
  EXPECT_THROW(query("layers", {"1", "2"}), UsageError);
  EXPECT_THROW(query("layers", {"999"}), UsageError);  // no such run
  EXPECT_THROW(query("points", {"nope"}), UsageError);
  EXPECT_THROW(query("runs", {"1"}), UsageError);
  EXPECT_THROW(query("failures", {"nope"}), UsageError);
  try {
    query("energy", {});
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("axsim query energy RUN_ID"), std::string::npos)
        << e.what();
  }
}

TEST_F(SweepDb, NamedQueriesBindTheirArguments) {
  const ResultTable layers = query("layers", {std::to_string(ids[1])});
  ASSERT_EQ(layers.rows.size(), 1u);
  EXPECT_EQ(layers.rows[0][1], SqlValue{std::string("fc0")});

  const ResultTable points = query("points", {"grid"});
  ASSERT_EQ(points.rows.size(), 13u);  // failed point included
  EXPECT_EQ(points.columns[5], "pes");
  EXPECT_EQ(points.columns[6], "dataflow");

  EXPECT_EQ(query("failures", {}).rows.size(), 1u);
  EXPECT_EQ(query("failures", {"grid"}).rows.at(0)[0], SqlValue{failed_id});

  const ResultTable energy = query("energy", {std::to_string(ids[0])});
  ASSERT_EQ(energy.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(std::get<double>(energy.rows[0][3]), 400.0);  // pes 4 x 100 pJ
  EXPECT_DOUBLE_EQ(std::get<double>(energy.rows[0][4]), 100.0);  // percent of the run

  const ResultTable sweeps = query("sweeps", {});
  ASSERT_EQ(sweeps.rows.size(), 1u);
  EXPECT_EQ(sweeps.rows[0][2], SqlValue{std::int64_t{13}});  // stored
  EXPECT_EQ(sweeps.rows[0][3], SqlValue{std::int64_t{12}});  // complete
  EXPECT_EQ(sweeps.rows[0][4], SqlValue{std::int64_t{1}});   // failed
  EXPECT_EQ(sweeps.columns.at(5), "interrupted");
  EXPECT_EQ(sweeps.rows[0][5], SqlValue{std::int64_t{0}});

  const ResultTable runs = query("runs", {});
  ASSERT_EQ(runs.rows.size(), 14u);
  EXPECT_EQ(runs.rows.back().back(), SqlValue{});  // the plain run has no sweep
  EXPECT_EQ(runs.rows.front().back(), SqlValue{std::string("grid")});
}

TEST_F(SweepDb, SqlArgumentsBindTypedAndMustMatchTheParameters) {
  const ResultTable t =
      query("SELECT COUNT(*) FROM run_params WHERE name = ?1 AND value = ?2", {"pes", "8"});
  EXPECT_EQ(t.rows.at(0)[0], SqlValue{std::int64_t{4}});
  EXPECT_THROW(query("SELECT ?1, ?2", {"x"}), UsageError);
  EXPECT_THROW(query("SELECT 1", {"x"}), UsageError);
  EXPECT_THROW(query("SELEC 1", {}), std::runtime_error);
}

TEST_F(SweepDb, QueriesAreReadOnlyByDefault) {
  EXPECT_THROW(query("DELETE FROM runs", {}), std::runtime_error);
  EXPECT_EQ(query("SELECT COUNT(*) FROM runs", {}).rows.at(0)[0], SqlValue{std::int64_t{14}});
  results::ResultsDb db(tmp.path());
  const ResultTable t = run_query(db, "DELETE FROM runs WHERE id = ?1", {std::to_string(plain_id)});
  EXPECT_TRUE(t.columns.empty());
  EXPECT_EQ(query("SELECT COUNT(*) FROM runs", {}).rows.at(0)[0], SqlValue{std::int64_t{13}});
}

TEST(NamedQueryTest, ListHasEveryQueryWithItsArguments) {
  const ResultTable t = named_query_table();
  ASSERT_EQ(t.rows.size(), named_queries().size());
  bool found = false;
  for (const auto& row : t.rows)
    if (row[0] == SqlValue{std::string("failures")})
      found = row[1] == SqlValue{std::string("[SWEEP]")};
  EXPECT_TRUE(found);
}

// ---- baselines -------------------------------------------------------------------------------

TEST_F(SweepDb, DefaultBaselineIsTheFirstRunOfEachWorkload) {
  CompareOptions opt;
  opt.sweep = "grid";
  const Comparison c = compare(opt);
  ASSERT_EQ(c.runs.size(), 12u);  // the failed point is left out
  EXPECT_EQ(c.param_names, (std::vector<std::string>{"pes", "dataflow"}));
  for (const ComparedRun& r : c.runs) EXPECT_EQ(r.baseline_id, r.workload == "a" ? ids[0] : ids[6]);
  EXPECT_DOUBLE_EQ(c.runs[4].speedup, 4.0);   // a, pes 16 against pes 4
  EXPECT_DOUBLE_EQ(c.runs[10].speedup, 4.0);  // b, likewise
  EXPECT_DOUBLE_EQ(c.runs[0].energy_ratio, 1.0);
  EXPECT_DOUBLE_EQ(c.runs[4].edp_ratio, c.runs[4].energy_ratio / 4.0);
  EXPECT_EQ(c.baselines.size(), 2u);
}

TEST_F(SweepDb, SelectorBaselineMatchesOneRunPerWorkload) {
  CompareOptions opt;
  opt.sweep = "grid";
  opt.baseline = "pes=8,dataflow=os";
  const Comparison c = compare(opt);
  for (const ComparedRun& r : c.runs) EXPECT_EQ(r.baseline_id, r.workload == "a" ? ids[3] : ids[9]);
  EXPECT_DOUBLE_EQ(c.runs[0].speedup, 0.5);  // pes 4 is half as fast as pes 8

  opt.baseline = "pes=8.0,dataflow=os";  // numbers match by value
  EXPECT_EQ(compare(opt).runs[0].baseline_id, ids[3]);
}

TEST_F(SweepDb, SelectorBaselineMayLieOutsideTheWhereFilter) {
  CompareOptions opt;
  opt.sweep = "grid";
  opt.where = "pes >= 8 AND workload = 'a'";
  opt.baseline = "pes=4,dataflow=ws";
  const Comparison c = compare(opt);
  ASSERT_EQ(c.runs.size(), 4u);
  EXPECT_EQ(c.runs[0].baseline_id, ids[0]);
  EXPECT_DOUBLE_EQ(c.runs[0].speedup, 2.0);
}

TEST_F(SweepDb, BaselineErrorsNameTheProblem) {
  CompareOptions opt;
  opt.sweep = "grid";
  opt.baseline = "pes=8";  // two dataflows match
  EXPECT_THROW(compare(opt), UsageError);
  opt.baseline = "pes=5";
  EXPECT_THROW(compare(opt), UsageError);
  opt.baseline = "banks=2";
  EXPECT_THROW(compare(opt), UsageError);
  opt.baseline = std::to_string(ids[2]);  // a run on workload a serves workload b too (the
  EXPECT_NO_THROW(compare(opt));           // guard compares their layers: the same here)
  opt.baseline = std::to_string(failed_id);
  EXPECT_THROW(compare(opt), UsageError);
  try {
    opt.baseline = "pes=8";
    compare(opt);
    FAIL() << "an ambiguous baseline was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(ids[2]) + ", " + std::to_string(ids[3])),
              std::string::npos)
        << e.what();
  }
}

TEST_F(SweepDb, RunIdBaselineServesASingleWorkload) {
  CompareOptions opt;
  opt.runs = {ids[4], ids[2]};
  opt.baseline = std::to_string(plain_id);  // a plain run, outside the selection
  const Comparison c = compare(opt);
  ASSERT_EQ(c.runs.size(), 2u);
  EXPECT_EQ(c.runs[0].run_id, ids[4]);  // given order kept
  EXPECT_EQ(c.runs[0].baseline_id, plain_id);
  EXPECT_DOUBLE_EQ(c.runs[0].speedup, 1e-3 / 5e-4);
  EXPECT_EQ(c.param_names, (std::vector<std::string>{"pes", "dataflow"}));
}

TEST_F(SweepDb, SelectionErrors) {
  CompareOptions opt;
  opt.sweep = "nope";
  EXPECT_THROW(compare(opt), UsageError);
  opt.sweep = "grid";
  opt.where = "pes > 1000";
  EXPECT_THROW(compare(opt), UsageError);  // nothing selected
  opt.where = "banks = 2";
  EXPECT_THROW(compare(opt), UsageError);  // no such column
  opt = {};
  opt.runs = {ids[0], failed_id};
  EXPECT_THROW(compare(opt), UsageError);
  opt.runs = {ids[0], 999};
  EXPECT_THROW(compare(opt), UsageError);
}

TEST(CompareTest, AWorkloadParameterReplacesTheWorkloadColumn) {
  TempDb tmp;
  {
    results::ResultsDb db(tmp.path());
    const std::int64_t sweep = db.upsert_sweep(
        {"wl", "wl.json", "{}", "h", "test", 2, {{"workload", "workload"}, {"pes", "unit.pes"}}});
    for (std::int64_t pes : {4, 8}) {
      results::RunRecord r = make_run("tiny", 1e-6 / static_cast<double>(pes), 10.0,
                                  {{"workload", std::string("tiny")}, {"pes", pes}});
      r.info.sweep_id = sweep;
      r.info.point_index = pes;
      db.store_run(r);
    }
  }
  results::ResultsDb db(tmp.path(), results::ResultsDb::Mode::read_only);
  CompareOptions opt;
  opt.sweep = "wl";
  opt.where = "workload = 'tiny' AND pes = 8";  // the parameter, not an ambiguous column
  const Comparison c = load_comparison(db, opt);
  ASSERT_EQ(c.runs.size(), 1u);
  EXPECT_EQ(comparison_table(c, {"speedup"}, false).columns,
            (std::vector<std::string>{"run_id", "unit", "config_name", "workload", "pes",
                                      "baseline", "speedup", "infeasible_layers"}));
}

// ---- Pareto ----------------------------------------------------------------------------------

TEST(ParetoTest, MinimisesBothAndKeepsTies) {
  const std::vector<std::pair<double, double>> p = {{1, 5}, {2, 3}, {2, 3}, {3, 3},
                                                    {4, 1}, {5, 5}, {1, 6}, {std::nan(""), 0}};
  EXPECT_EQ(pareto_front(p, false, false),
            (std::vector<bool>{true, true, true, false, true, false, false, false}));
}

TEST(ParetoTest, MaxPrefixMaximisesThatMetric) {
  const std::vector<std::pair<double, double>> p = {{1, 1}, {2, 2}, {3, 2}, {3, 4}, {0.5, 0.5}};
  // maximise x (speedup), minimise y (energy)
  EXPECT_EQ(pareto_front(p, true, false),
            (std::vector<bool>{true, false, true, false, true}));  // (3,2) beats (2,2)
  EXPECT_EQ(pareto_front(p, true, true), (std::vector<bool>{false, false, false, true, false}));
  EXPECT_EQ(parse_objective("max:speedup").name, "speedup");
  EXPECT_TRUE(parse_objective("max:speedup").maximize);
  EXPECT_FALSE(parse_objective("energy_pj").maximize);
}

TEST_F(SweepDb, ParetoIsPerWorkload) {
  CompareOptions opt;
  opt.sweep = "grid";
  Comparison c = compare(opt);
  mark_pareto(c, parse_objective("time_s"), parse_objective("energy_pj"));
  // In each workload the "ws" points (less energy, same time) dominate the "os" ones.
  for (const ComparedRun& r : c.runs)
    EXPECT_EQ(r.pareto, r.params[1] == SqlValue{std::string("ws")}) << r.run_id;
  EXPECT_THROW(mark_pareto(c, parse_objective("banks"), parse_objective("energy_pj")), UsageError);
  const ResultTable t = comparison_table(c, {"speedup"}, true);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"run_id", "unit", "config_name", "pes",
                                                 "dataflow", "workload", "baseline", "speedup",
                                                 "infeasible_layers", "pareto"}));
}

TEST_F(SweepDb, PlotFilesNameAxesAndBlocks) {
  CompareOptions opt;
  opt.sweep = "grid";
  Comparison c = compare(opt);
  mark_pareto(c, parse_objective("time_s"), parse_objective("energy_pj"));
  const std::string out = tmp.path() + ".svg";
  PlotSpec spec{out, "time_s", "energy_pj", "pes", true, false, true};
  const PlotFiles files = write_plot_files(c, spec);
  std::ifstream gp(files.script);
  const std::string script((std::istreambuf_iterator<char>(gp)), {});
  // Engineering units on the axes (the data stays in s and pJ), lines along the other parameter
  // (dataflow) for each colour (pes), and log ticks that follow the data.
  EXPECT_NE(script.find("set xlabel 'time ("), std::string::npos) << script;
  EXPECT_EQ(script.find("set xlabel 'time (s)'"), std::string::npos) << script;
  EXPECT_NE(script.find("set logscale x"), std::string::npos);
  EXPECT_NE(script.find("set xtics ("), std::string::npos);
  EXPECT_NE(script.find("title 'pes=16 (line: dataflow)'"), std::string::npos) << script;
  EXPECT_NE(script.find("with linespoints pt variable"), std::string::npos);
  EXPECT_NE(script.find("title 'Pareto front (b)'"), std::string::npos);
  EXPECT_NE(script.find("title 'baseline'"), std::string::npos);
  EXPECT_THROW(check_plot_request(c, "x.pdf", "", "", ""), UsageError);
  EXPECT_THROW(check_plot_request(c, "x.png", "banks", "", ""), UsageError);
  EXPECT_THROW(check_plot_request(c, "x.png", "", "", "banks"), UsageError);
  std::filesystem::remove(files.script);
  std::filesystem::remove(files.data);
}

}  // namespace
}  // namespace axsim::tools::query_compare_test
