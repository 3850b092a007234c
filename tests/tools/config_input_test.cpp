// SPDX-License-Identifier: Apache-2.0
// Issue 14: configs that used to crash axsim (deep nesting, empty unit type or clock names,
// --set values that allocate or nest without bound) are refused naming the file and JSON pointer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "tools/axsim/config.hpp"

namespace axsim::tools::config_input_test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const std::string kSource = AXSIM_SOURCE_DIR;

class ConfigInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "axsim_config_input_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
            std::to_string(getpid()) + ".json";
    std::ifstream in(kSource + "/configs/dense.json");
    doc_ = json::parse(in);
    doc_["tech"] = kSource + "/configs/tech/45nm.json";
  }
  void TearDown() override { std::filesystem::remove(path_); }

  std::string error_of(const std::vector<std::string>& overrides = {}, std::string text = "") {
    std::ofstream(path_) << (text.empty() ? doc_.dump(2) : text);
    try {
      const ConfigIdentity id = read_config(path_, overrides);
      parse_config(path_, id.json);
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a ConfigError";
    return {};
  }

  std::string path_;
  json doc_;
};

TEST_F(ConfigInputTest, EmptyUnitTypeListsRegisteredTypes) {
  doc_["unit"]["type"] = "";
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /unit/type: unknown unit type \"\" (registered: "));
}

TEST_F(ConfigInputTest, EmptyUnitClockListsDefinedClocks) {
  doc_["unit"]["clock"] = "";
  EXPECT_EQ(error_of(),
            path_ + ": /unit/clock: unknown clock \"\" (defined in /clocks: core)");
}

TEST_F(ConfigInputTest, EmptyDramClockListsDefinedClocks) {
  doc_["unit"]["params"]["dram"] = {{"model", "ideal"}, {"clock", ""}};
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/dram/clock: unknown clock \"\" (defined in "
                            "/clocks: core)");
}

TEST_F(ConfigInputTest, EmptyTechIsRefusedNamingThePointer) {
  doc_["tech"] = "";
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /tech: expected a tech table file"));
}

TEST_F(ConfigInputTest, EmptyUnitNameIsRefused) {
  doc_["unit"]["name"] = "";
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /unit/name: expected a non-empty name"));
}

TEST_F(ConfigInputTest, SlowClockIsRefusedWithTheRange) {
  doc_["clocks"]["dram"] = "1e-7Hz";
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /clocks/dram: frequency \"1e-7Hz\" is out of "
                                            "range: expected 1 kHz to 1 THz"));
}

TEST_F(ConfigInputTest, DeepNestingIsRefusedNamingThePointer) {
  std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string text = "{\"description\": " + deep + "}";
  EXPECT_THAT(error_of({}, text), HasSubstr(path_ + ": /description/0/0/"));
  EXPECT_THAT(error_of({}, text), HasSubstr("nesting deeper than 64 levels"));
}

TEST_F(ConfigInputTest, DuplicateKeyIsRefusedNamingThePointer) {
  std::string text = doc_.dump();
  text.insert(1, "\"seed\": 3, ");
  EXPECT_THAT(error_of({}, text), HasSubstr(path_ + ": /seed: duplicate key \"seed\""));
}

TEST_F(ConfigInputTest, DeepSetValueIsRefused) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_THAT(error_of({"description=" + deep}), HasSubstr(path_ + ": --set description: /0/0"));
  EXPECT_THAT(error_of({"description=[1,"}),
              HasSubstr(path_ + ": --set description: invalid JSON"));
}

TEST_F(ConfigInputTest, SetIndexPastTheEndOfAnArrayIsRefused) {
  doc_["layer_kinds"] = json::array({"conv"});
  EXPECT_THAT(error_of({"layer_kinds.4000000000=fc"}),
              HasSubstr("--set layer_kinds.4000000000: index 4000000000 is past the end of "
                        "/layer_kinds (size 1; use - to append)"));
}

TEST_F(ConfigInputTest, SeedAboveInt64IsAConfigErrorNotADatabaseError) {
  doc_["seed"] = std::uint64_t{1} << 63;
  std::ofstream(path_) << doc_.dump(2);
  EXPECT_EQ(read_config(path_, {}).seed, 1u);  // the run row is stored with the default
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /seed: expected an integer in [0, "));
}

TEST_F(ConfigInputTest, SetValueThatIsNotUtf8IsRefused) {
  EXPECT_THAT(error_of({"name=\xff"}), HasSubstr(path_ + ": --set: "));
  EXPECT_THAT(error_of({"name=\xff"}), HasSubstr("is not valid UTF-8"));
  EXPECT_THAT(error_of({"na\xffme=x"}), HasSubstr("is not valid UTF-8"));
}

TEST_F(ConfigInputTest, SetBareWordsStayStrings) {
  doc_["layer_kinds"] = json::array({"conv"});
  std::ofstream(path_) << doc_.dump(2);
  const ConfigIdentity id = read_config(path_, {"clocks.core=500MHz", "layer_kinds.-=fc"});
  const RunConfig rc = parse_config(path_, id.json);
  EXPECT_EQ(rc.clocks[0].period_ps, 2000u);
  EXPECT_EQ(rc.layer_kinds.size(), 2u);
}

TEST_F(ConfigInputTest, DirectoryAsConfigIsRefused) {
  try {
    read_config(::testing::TempDir(), {});
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("is a directory"));
  }
}

// Issue 14 audit: each parameter alone had a range, but their products could allocate gigabytes
// (dense: 1024 × 1024 × 256 lane registers, three 1 GiB buffers) or overflow an int (SCNN:
// acc_banks × bank_entries = 2^36 read as 0 entries).
TEST_F(ConfigInputTest, DenseLaneProductIsBounded) {
  doc_["unit"]["params"]["pe_rows"] = 1024;
  doc_["unit"]["params"]["pe_cols"] = 1024;
  doc_["unit"]["params"]["macs_per_pe"] = 256;
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/macs_per_pe: pe_rows × pe_cols × macs_per_pe is "
                            "268435456, more than the limit of 4194304 MAC lanes");
  doc_["unit"]["params"]["macs_per_pe"] = 4;
  EXPECT_NO_THROW(read_config(path_, {}));
}

TEST_F(ConfigInputTest, DenseBufferCapacityIsBounded) {
  doc_["unit"]["params"]["weight_buffer"]["capacity_bytes"] = 1 << 30;
  EXPECT_THAT(error_of(), HasSubstr(path_ + ": /unit/params/weight_buffer/capacity_bytes: "
                                            "expected an integer in [1024, 134217728]"));
}

TEST_F(ConfigInputTest, ScnnAccumulatorProductIsBounded) {
  std::ifstream in(kSource + "/configs/scnn.json");
  doc_ = json::parse(in);
  doc_["tech"] = kSource + "/configs/tech/16nm.json";
  doc_["unit"]["params"]["acc_banks"] = 65536;
  doc_["unit"]["params"]["bank_entries"] = 1 << 20;
  EXPECT_EQ(error_of(), path_ +
                            ": /unit/params/bank_entries: acc_banks × bank_entries is "
                            "68719476736, more than the limit of 16777216 accumulator entries");
}

}  // namespace
}  // namespace axsim::tools::config_input_test
