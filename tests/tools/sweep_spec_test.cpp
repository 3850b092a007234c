// SPDX-License-Identifier: Apache-2.0
// Sweep specs: expansion order, ranges, zipped and seeded random axes, and errors that name the
// spec file and JSON path.
#include "tools/axsim/sweep_spec.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"

namespace axsim::tools::sweep_spec_test {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

const std::string kSource = AXSIM_SOURCE_DIR;

class SweepSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "axsim_sweep_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
           std::to_string(getpid());
    std::filesystem::create_directories(dir_);
    spec_ = {{"axsim_sweep", 1},
             {"name", "t"},
             {"configs", {kSource + "/configs/dense.json"}},
             {"axes", json::array()}};
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  SweepSpec load() {
    const std::string path = dir_ + "/spec.json";
    std::ofstream(path) << spec_.dump(2);
    return load_sweep_spec(path);
  }
  std::string error() {
    try {
      load();
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
  static std::vector<std::string> values(const SweepSpec& s, std::size_t assignment) {
    std::vector<std::string> out;
    for (const SweepPoint& p : s.points) out.push_back(p.assignments.at(assignment).value_json);
    return out;
  }

  std::string dir_;
  json spec_;
};

TEST_F(SweepSpecTest, CartesianProductWithTheFirstAxisSlowest) {
  spec_["axes"] = {{{"key", "unit.params.pe_rows"}, {"values", {4, 8}}},
                   {{"key", "/unit/params/pe_cols"}, {"name", "cols"}, {"values", {1, 2, 3}}}};
  const SweepSpec s = load();
  ASSERT_EQ(s.points.size(), 6u);
  EXPECT_EQ(values(s, 0), (std::vector<std::string>{"4", "4", "4", "8", "8", "8"}));
  EXPECT_EQ(values(s, 1), (std::vector<std::string>{"1", "2", "3", "1", "2", "3"}));
  ASSERT_EQ(s.params.size(), 2u);
  EXPECT_EQ(s.params[0].name, "pe_rows");  // the key's last token by default
  EXPECT_EQ(s.params[1].name, "cols");
  EXPECT_EQ(s.points[4].overrides(),
            (std::vector<std::string>{"unit.params.pe_rows=8", "/unit/params/pe_cols=2"}));
  EXPECT_EQ(s.points[4].index, 4);
}

TEST_F(SweepSpecTest, RangesIncludeTheirEndAndKeepIntegers) {
  spec_["axes"] = {{{"key", "a.x"}, {"range", {{"from", 1}, {"to", 32}, {"times", 2}}}},
                   {{"key", "a.y"}, {"range", {{"from", 0.1}, {"to", 0.5}, {"step", 0.1}}}}};
  const SweepSpec s = load();
  ASSERT_EQ(s.points.size(), 6u * 5u);
  EXPECT_EQ(s.points[5 * 5].assignments[0].value_json, "32");
  EXPECT_EQ(std::get<std::int64_t>(s.points[0].assignments[0].value), 1);
  EXPECT_NEAR(std::get<double>(s.points[4].assignments[1].value), 0.5, 1e-12);
}

TEST_F(SweepSpecTest, ZippedAxesMoveTogether) {
  spec_["axes"] = {{{"zip", {{{"key", "a.x"}, {"values", {1, 2, 3}}},
                             {{"key", "a.y"}, {"values", {"p", "q", "r"}}}}}}};
  const SweepSpec s = load();
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[2].overrides(), (std::vector<std::string>{"a.x=3", "a.y=\"r\""}));
}

TEST_F(SweepSpecTest, ZippedAxesOfDifferentLengthsAreAnError) {
  spec_["axes"] = {{{"zip", {{{"key", "a.x"}, {"values", {1, 2, 3}}},
                             {{"key", "a.y"}, {"values", {1, 2}}}}}}};
  EXPECT_THAT(error(), HasSubstr("/axes/0/zip/1: zipped axes must have the same length"));
}

TEST_F(SweepSpecTest, RandomAxesAreSeededAndInRange) {
  spec_["seed"] = 11;
  spec_["axes"] = {{{"random",
                     {{"count", 50},
                      {"params", {{{"key", "a.n"}, {"min", 2}, {"max", 9}, {"integer", true}},
                                  {{"key", "a.f"}, {"min", 1e-3}, {"max", 1.0}, {"log", true}},
                                  {{"key", "a.c"}, {"choices", {"x", "y"}}}}}}}}};
  const SweepSpec a = load(), b = load();
  ASSERT_EQ(a.points.size(), 50u);
  std::set<std::int64_t> ints;
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    EXPECT_EQ(a.points[i].overrides(), b.points[i].overrides());  // same seed, same points
    const auto n = std::get<std::int64_t>(a.points[i].assignments[0].value);
    const double f = std::get<double>(a.points[i].assignments[1].value);
    EXPECT_GE(n, 2);
    EXPECT_LE(n, 9);
    ints.insert(n);
    EXPECT_GE(f, 1e-3);
    EXPECT_LE(f, 1.0);
  }
  EXPECT_EQ(ints.size(), 8u);  // every integer of [2, 9] drawn in 50 tries
  spec_["seed"] = 12;
  EXPECT_NE(load().points[0].overrides(), a.points[0].overrides());
}

TEST_F(SweepSpecTest, SeveralConfigsBecomeAParameter) {
  spec_["configs"] = {kSource + "/configs/dense.json", kSource + "/configs/dcnn.json"};
  spec_["axes"] = {{{"key", "seed"}, {"values", {1, 2}}}};
  const SweepSpec s = load();
  ASSERT_EQ(s.points.size(), 4u);
  EXPECT_EQ(s.params[0].name, "config");
  EXPECT_THAT(s.points[3].config_path, HasSubstr("dcnn.json"));
  EXPECT_TRUE(s.points[3].overrides() == std::vector<std::string>{"seed=2"});
}

TEST_F(SweepSpecTest, RelativeTracesAreRelativeToTheSpec) {
  spec_["axes"] = {{{"key", "workload"}, {"values", {"trace:t/x.axt", "lenet5"}}}};
  const SweepSpec s = load();
  EXPECT_EQ(s.points[0].assignments[0].value_json, json("trace:" + dir_ + "/t/x.axt").dump());
  EXPECT_EQ(s.points[1].assignments[0].value_json, "\"lenet5\"");
}

TEST_F(SweepSpecTest, ErrorsNameTheFileAndPathAndAreReportedTogether) {
  spec_["axes"] = {{{"key", "a.x"}, {"values", json::array()}},
                   {{"key", "a.cycles"}, {"values", {1}}},
                   {{"key", "b.x"}, {"values", {1}}},
                   {{"key", "c"}, {"range", {{"from", 4}, {"to", 1}, {"step", 1}}}},
                   {{"zap", 1}}};
  spec_["configs"] = {"missing.json"};
  spec_["typo"] = 1;
  const std::string e = error();
  EXPECT_THAT(e, HasSubstr("spec.json: /axes/0/values: expected a non-empty JSON array"));
  EXPECT_THAT(e, HasSubstr("/axes/1/name: parameter name 'cycles' is a result column"));
  EXPECT_THAT(e, HasSubstr("/axes/2/name: parameter name 'x' is used twice"));
  EXPECT_THAT(e, HasSubstr("/axes/3/range/to: must not be below \"from\""));
  EXPECT_THAT(e, HasSubstr("/axes/4: expected an axis"));
  EXPECT_THAT(e, HasSubstr("/configs: config file"));
  EXPECT_THAT(e, HasSubstr("typo"));
}

TEST(ParseShard, AcceptsOneBasedSlicesOnly) {
  EXPECT_EQ(parse_shard("2/8"), (std::pair<int, int>{2, 8}));
  EXPECT_EQ(parse_shard("1/1"), (std::pair<int, int>{1, 1}));
  for (const char* bad : {"0/4", "5/4", "1/0", "x", "1/", "-1/2"})
    EXPECT_THROW(parse_shard(bad), sim::ConfigError) << bad;
}

// Issue 14: identifiers of 50,000 characters overflowed the stack in std::regex_match; they are
// now checked by plain loops with a length limit named in the message.
TEST_F(SweepSpecTest, LongIdentifiersAreRefusedWithTheLimit) {
  spec_["name"] = std::string(50'000, 'a');
  spec_["axes"] = {{{"key", "a.x"}, {"name", std::string(50'000, 'b')}, {"values", {1}}},
                   {{"key", std::string(50'000, 'c')}, {"values", {1}}}};
  const std::string e = error();
  EXPECT_THAT(e, HasSubstr("spec.json: /name: 'aaaa"));
  EXPECT_THAT(e, HasSubstr("is 50000 characters long, the limit is 64"));
  EXPECT_THAT(e, HasSubstr("/axes/0/name: parameter name 'bbbb"));
  EXPECT_THAT(e, HasSubstr("/axes/1/key: is 50000 characters long, the limit is 256"));
  EXPECT_LT(e.size(), 2000u) << "names are cut in messages";
}

TEST_F(SweepSpecTest, IdentifierCharactersAreCheckedWithoutRegexes) {
  spec_["name"] = "ok_name-1.2";
  spec_["axes"] = {{{"key", "a.x"}, {"name", "_x9"}, {"values", {1}}}};
  EXPECT_EQ(load().params[0].name, "_x9");
  spec_["name"] = "bad name";
  spec_["axes"] = {{{"key", "a.x"}, {"name", "9x"}, {"values", {1}}},
                   {{"key", "a.y"}, {"name", "y-z"}, {"values", {1}}}};
  const std::string e = error();
  EXPECT_THAT(e, HasSubstr("/name: 'bad name' must be letters, digits"));
  EXPECT_THAT(e, HasSubstr("/axes/0/name: parameter name '9x' must be a letter or _"));
  EXPECT_THAT(e, HasSubstr("/axes/1/name: parameter name 'y-z' must be a letter or _"));
}

TEST_F(SweepSpecTest, DeepOrDuplicatedSpecIsRefused) {
  const std::string path = dir_ + "/spec.json";
  std::ofstream(path) << "{\"description\": " << std::string(100'000, '[')
                      << std::string(100'000, ']') << "}";
  EXPECT_THROW(load_sweep_spec(path), sim::ConfigError);
  std::ofstream(path) << R"({"axsim_sweep": 1, "name": "a", "name": "b"})";
  try {
    load_sweep_spec(path);
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("spec.json: /name: duplicate key"));
  }
}

TEST(ParseShard, RefusesLongOrMalformedTextWithTheLimit) {
  for (const std::string& bad :
       {std::string("1/1234567"), std::string("1/2/3"), std::string(50'000, '1') + "/2",
        std::string("+1/2"), std::string(" 1/2"), std::string("1 /2")}) {
    try {
      parse_shard(bad);
      ADD_FAILURE() << bad;
    } catch (const sim::ConfigError& e) {
      EXPECT_THAT(std::string(e.what()), HasSubstr("1 <= I <= N <= 999999"));
      EXPECT_LT(std::string(e.what()).size(), 200u);
    }
  }
  EXPECT_EQ(parse_shard("999999/999999"), (std::pair<int, int>{999999, 999999}));
}

// Issue 14: a range with a tiny step was cut silently at 10,000,000 values and then exhausted
// memory (std::bad_alloc); the limit is now 1,000,000 points and is reported.
// A path the system refuses (ENAMETOOLONG) is a missing config, named by its JSON pointer.
TEST_F(SweepSpecTest, ConfigPathTooLongForTheSystemIsRefusedByPointer) {
  spec_["configs"] = {std::string(50000, 'n')};
  EXPECT_THAT(error(), HasSubstr("spec.json: /configs: config file '/"));
  EXPECT_THAT(error(), HasSubstr("nnnn..."));
}

TEST_F(SweepSpecTest, RangeBeyondThePointLimitIsRefused) {
  spec_["axes"] = {{{"key", "a.x"}, {"range", {{"from", 1}, {"to", 1e300}, {"step", 1}}}}};
  EXPECT_THAT(error(), HasSubstr("spec.json: /axes/0/range: the range has more than 1000000 values"));
}

}  // namespace
}  // namespace axsim::tools::sweep_spec_test
