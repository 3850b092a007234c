// SPDX-License-Identifier: Apache-2.0
// Config validation: every kind of error names the file and JSON path, errors are reported
// together, and --set overrides edit the JSON before validation.
#include "tools/axsim/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/error.hpp"

namespace axsim::tools::config_test {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

const std::string kSource = AXSIM_SOURCE_DIR;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "axsim_config_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
            std::to_string(getpid()) + ".json";
    std::ifstream in(kSource + "/configs/dense.json");
    doc_ = json::parse(in);
    doc_["tech"] = kSource + "/configs/tech/45nm.json";  // resolves from the temp directory
  }
  void TearDown() override { std::filesystem::remove(path_); }

  void write_text(const std::string& text) { std::ofstream(path_) << text; }
  void write() { write_text(doc_.dump(2)); }

  /// Writes the config, reads it back (with overrides) and validates it like the runner does.
  RunConfig load(const std::vector<std::string>& overrides = {}) {
    write();
    const ConfigIdentity id = read_config(path_, overrides);
    return parse_config(path_, id.json);
  }
  /// The ConfigError message of load(), or "" with a failure if it succeeds.
  std::string error_of(const std::vector<std::string>& overrides = {}) {
    try {
      load(overrides);
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a ConfigError";
    return {};
  }
  json& params() { return doc_["unit"]["params"]; }

  std::string path_;
  json doc_;
};

TEST_F(ConfigTest, ShippedConfigParses) {
  const RunConfig rc = load();
  EXPECT_EQ(rc.name, "dense-16x16-os-45nm");
  EXPECT_EQ(rc.unit_type, "dense");
  EXPECT_EQ(rc.unit_name, "dense");
  EXPECT_EQ(rc.unit_clock, "core");
  EXPECT_EQ(rc.workload, "lenet5");
  EXPECT_EQ(rc.seed, 1u);
  EXPECT_EQ(rc.watchdog_cycles, 1'000'000u);
  EXPECT_EQ(rc.tech_path, kSource + "/configs/tech/45nm.json");
  ASSERT_EQ(rc.clocks.size(), 1u);  // the DRAM runs on its preset's own clock
  EXPECT_EQ(rc.clocks[0].name, "core");
  EXPECT_EQ(rc.clocks[0].period_ps, 1000u);
  EXPECT_NE(rc.unit, nullptr);
}

TEST_F(ConfigTest, RelativeTechPathResolvesAgainstConfigDirectory) {
  const std::string shipped = kSource + "/configs/dense.json";
  const ConfigIdentity id = read_config(shipped, {});
  const RunConfig rc = parse_config(shipped, id.json);
  EXPECT_EQ(std::filesystem::path(rc.tech_path).lexically_normal(),
            std::filesystem::path(kSource + "/configs/tech/45nm.json").lexically_normal());
}

TEST_F(ConfigTest, UnknownTopLevelKey) {
  doc_["colour"] = "red";
  EXPECT_EQ(error_of(), path_ +
                            ": /colour: unknown key (known: axsim_config, clocks, description, "
                            "infeasible, "
                            "layer_kinds, layers, name, recipe, reproduces, seed, tech, unit, watchdog_cycles, workload)");
}

TEST_F(ConfigTest, LayerKindsMustBeKnownKinds) {
  doc_["layer_kinds"] = {"fc", "pool"};
  EXPECT_EQ(error_of(), path_ + ": /layer_kinds: item 1: expected one of conv, fc, lstm, got \"pool\"");
}

TEST_F(ConfigTest, UnknownUnitParamListsKnownKeys) {
  params()["pe_colums"] = 16;
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/pe_colums: unknown key (known: accumulator_bits, "
                            "data_bits, dataflow, dram, dram_compression, input_buffer, mac_bits, "
                            "macs_per_pe, output_buffer, output_dram_bits, pe_cols, pe_rows, "
                            "weight_buffer, zero_gating)");
}

TEST_F(ConfigTest, WrongTypeForIntegerParam) {
  params()["pe_rows"] = "16";
  EXPECT_EQ(error_of(),
            path_ + ": /unit/params/pe_rows: expected an integer in [1, 1024], got \"16\"");
}

TEST_F(ConfigTest, FractionalNumberForIntegerParam) {
  params()["pe_rows"] = 16.5;
  EXPECT_THAT(error_of(), HasSubstr("/unit/params/pe_rows: expected an integer in [1, 1024]"));
}

TEST_F(ConfigTest, OutOfRangeParam) {
  params()["pe_rows"] = 0;
  EXPECT_EQ(error_of(), path_ + ": /unit/params/pe_rows: expected an integer in [1, 1024], got 0");
}

TEST_F(ConfigTest, OutOfRangeNestedParam) {
  params()["dram"]["scheduler_queue_depth"] = 1'000'000;
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/dram/scheduler_queue_depth: expected an integer in "
                            "[1, 4096], got 1000000");
}

TEST_F(ConfigTest, BadChoiceListsChoices) {
  params()["dataflow"] = "row_stationary";
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/dataflow: expected one of output_stationary, "
                            "weight_stationary, got \"row_stationary\"");
}

TEST_F(ConfigTest, NonStringChoiceIsOneError) {
  // A non-string choice is one type error, not also a bad-choice error for "".
  params()["dataflow"] = 5;
  const std::string msg = error_of();
  EXPECT_THAT(msg, HasSubstr(path_ + ": /unit/params/dataflow: expected "));
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 0) << msg;
}

TEST_F(ConfigTest, EmptyClocksNamesClocksPointer) {
  // An error about /clocks itself names "/clocks", not a member "" of it.
  doc_["clocks"] = json::object();
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /clocks: expected at least one clock"));
}

TEST_F(ConfigTest, UnknownUnitTypeListsRegisteredTypes) {
  doc_["unit"]["type"] = "systolic_magic";
  const std::string msg = error_of();
  EXPECT_THAT(msg, HasSubstr(path_ + ": /unit/type: unknown unit type \"systolic_magic\" "
                                     "(registered: "));
  EXPECT_THAT(msg, HasSubstr("dense"));
  // The params of an unknown type are not also reported.
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 0) << msg;
}

TEST_F(ConfigTest, UnknownUnitClock) {
  doc_["unit"]["clock"] = "turbo";
  // Lists the accepted names since issue 14 (was "(not defined in /clocks)").
  EXPECT_EQ(error_of(),
            path_ + ": /unit/clock: unknown clock \"turbo\" (defined in /clocks: core)");
}

TEST_F(ConfigTest, UnknownDramClockListsDefinedClocks) {
  params()["dram"] = {{"model", "ideal"}, {"clock", "hbm"}};
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/dram/clock: unknown clock \"hbm\" (defined in "
                            "/clocks: core)");
}

TEST_F(ConfigTest, BadFrequency) {
  doc_["clocks"]["core"] = "3GHz";
  EXPECT_EQ(error_of(), path_ +
                            ": /clocks/core: frequency \"3GHz\" has a period that is not a "
                            "whole number of picoseconds");
}

TEST_F(ConfigTest, FrequencyThatIsNotText) {
  doc_["clocks"]["dram"] = 800e6;
  EXPECT_EQ(error_of(),
            path_ + ": /clocks/dram: expected a frequency string such as \"800MHz\"");
}

TEST_F(ConfigTest, MissingRequiredKey) {
  doc_.erase("reproduces");
  EXPECT_EQ(error_of(), path_ + ": /reproduces: missing required key");
}

TEST_F(ConfigTest, MissingRequiredUnitParam) {
  params().erase("pe_cols");
  EXPECT_EQ(error_of(), path_ + ": /unit/params/pe_cols: missing required key");
}

TEST_F(ConfigTest, SeveralErrorsReportedTogetherOnePerLine) {
  doc_["colour"] = "red";
  doc_.erase("name");
  params()["pe_rows"] = 0;
  doc_["clocks"]["dram"] = "fast";
  const std::string msg = error_of();
  std::vector<std::string> lines;
  std::string line;
  for (std::istringstream in(msg); std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u) << msg;
  for (const std::string& l : lines) EXPECT_EQ(l.rfind(path_ + ": /", 0), 0u) << l;
  EXPECT_THAT(msg, HasSubstr(path_ + ": /name: missing required key"));
  EXPECT_THAT(msg, HasSubstr(path_ + ": /colour: unknown key"));
  EXPECT_THAT(msg, HasSubstr(path_ + ": /unit/params/pe_rows: expected an integer"));
  EXPECT_THAT(msg, HasSubstr(path_ + ": /clocks/dram: expected a frequency such as"));
}

TEST_F(ConfigTest, InvalidJsonSyntaxNamesFile) {
  write_text("{ \"name\": \"x\", ");
  try {
    read_config(path_, {});
    FAIL() << "invalid JSON should throw";
  } catch (const sim::ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(path_ + ": invalid JSON"));
  }
}

TEST_F(ConfigTest, MissingFileNamesFile) {
  try {
    read_config(path_ + ".nope", {});
    FAIL() << "a missing file should throw";
  } catch (const sim::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), path_ + ".nope: cannot open file");
  }
}

TEST_F(ConfigTest, SetOverridesChangeTheJson) {
  write();
  const ConfigIdentity id =
      read_config(path_, {"unit.params.pe_rows=32", "/seed=7", "workload=tiny"});
  const json j = json::parse(id.json);
  EXPECT_EQ(j["unit"]["params"]["pe_rows"], 32);
  EXPECT_EQ(j["seed"], 7);
  EXPECT_EQ(j["workload"], "tiny");  // a bare word is a string
  EXPECT_EQ(id.seed, 7u);
  EXPECT_EQ(id.workload, "tiny");
  EXPECT_EQ(id.name, "dense-16x16-os-45nm [seed=7, pe_rows=32]");  // the workload has its column
  EXPECT_EQ(id.unit_type, "dense");
  // The overridden JSON validates and carries the new values.
  const RunConfig rc = parse_config(path_, id.json);
  EXPECT_EQ(rc.seed, 7u);
  EXPECT_EQ(rc.workload, "tiny");
  EXPECT_EQ(rc.json, id.json);
}

TEST_F(ConfigTest, SetOverrideValueIsValidatedLikeTheFile) {
  EXPECT_EQ(error_of({"unit.params.pe_rows=0"}),
            path_ + ": /unit/params/pe_rows: expected an integer in [1, 1024], got 0");
}

TEST_F(ConfigTest, SetThroughNonObjectPathIsConfigError) {
  write();
  try {
    read_config(path_, {"name.first=3"});
    FAIL() << "--set through a string should throw";
  } catch (const sim::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              path_ + ": --set name.first: /name is not an object or array in the config");
  }
  EXPECT_THROW(read_config(path_, {"unit.params.pe_rows.x=1"}), sim::ConfigError);
  EXPECT_THROW(read_config(path_, {"unit.nosuch.x=1"}), sim::ConfigError);
}

TEST_F(ConfigTest, SetWithoutEqualsIsConfigError) {
  write();
  try {
    read_config(path_, {"unit.params.pe_rows"});
    FAIL() << "--set without '=' should throw";
  } catch (const sim::ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("expected KEY=VALUE"));
  }
}

}  // namespace
}  // namespace axsim::tools::config_test
