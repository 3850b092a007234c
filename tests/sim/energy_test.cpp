// SPDX-License-Identifier: Apache-2.0
// TechTable loading and lookups (every cost has a source; missing entries name file and key),
// SRAM scaling, and ActionCounts' dynamic energy.
#include "sim/energy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"

namespace axsim::sim {
namespace {

const std::string kTechPath = std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json";

/// The message of the ConfigError `fn` throws, or "" (and a failure) if it does not.
template <class Fn>
std::string config_error(Fn fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

class TechTableTest : public ::testing::Test {
 protected:
  void SetUp() override { tech_ = TechTable::load(kTechPath); }
  TechTable tech_;
};

TEST_F(TechTableTest, LoadsNodeAndPath) {
  EXPECT_EQ(tech_.node(), "45nm");
  EXPECT_EQ(tech_.path(), kTechPath);
}

TEST_F(TechTableTest, EnergyEntryHasValueAndSource) {
  const Cost mac = tech_.energy_pj("mac_int8");
  EXPECT_DOUBLE_EQ(mac.value, 0.3);
  EXPECT_FALSE(mac.source.empty());
  EXPECT_NE(mac.source.find("Horowitz"), std::string::npos) << mac.source;
  EXPECT_DOUBLE_EQ(tech_.energy_pj("dram_access_64b").value, 1280.0);
  EXPECT_DOUBLE_EQ(tech_.leakage_mw("mac_int8").value, 0.0005);
  EXPECT_DOUBLE_EQ(tech_.area_um2("mac_int8").value, 419.0);
  EXPECT_FALSE(tech_.leakage_mw("mac_int8").source.empty());
  EXPECT_FALSE(tech_.area_um2("mac_int8").source.empty());
}

TEST_F(TechTableTest, MissingEnergyKeyNamesFileAndJsonPath) {
  const std::string msg = config_error([&] { tech_.energy_pj("mac_fp64"); });
  EXPECT_NE(msg.find(kTechPath), std::string::npos) << msg;
  EXPECT_NE(msg.find("/energy/mac_fp64"), std::string::npos) << msg;
  EXPECT_EQ(msg, kTechPath + ": /energy/mac_fp64: missing entry (needed by the configured hardware)");
}

TEST_F(TechTableTest, MissingLeakageAndAreaKeysNameTheirSection) {
  EXPECT_NE(config_error([&] { tech_.leakage_mw("noc"); }).find("/leakage/noc"), std::string::npos);
  EXPECT_NE(config_error([&] { tech_.area_um2("noc"); }).find("/area/noc"), std::string::npos);
}

TEST_F(TechTableTest, SramScalesWithCapacityAndWidth) {
  const SramCosts ref = tech_.sram(8 * 1024, 64);
  EXPECT_DOUBLE_EQ(ref.read_pj.value, 10.0);
  EXPECT_DOUBLE_EQ(ref.write_pj.value, 10.0);
  EXPECT_DOUBLE_EQ(tech_.sram(32 * 1024, 64).read_pj.value, 20.0);    // sqrt(4) x
  EXPECT_DOUBLE_EQ(tech_.sram(8 * 1024, 128).read_pj.value, 20.0);    // twice as wide
  EXPECT_DOUBLE_EQ(tech_.sram(32 * 1024, 128).write_pj.value, 40.0);  // both
  EXPECT_DOUBLE_EQ(tech_.sram(128 * 1024, 128).read_pj.value, 80.0);
  EXPECT_FALSE(ref.read_pj.source.empty());
  EXPECT_NE(ref.read_pj.source.find("scaled"), std::string::npos) << ref.read_pj.source;
}

TEST_F(TechTableTest, SramLeakageAndAreaFollowCapacity) {
  const SramCosts s = tech_.sram(8 * 1024, 64);
  EXPECT_DOUBLE_EQ(s.leakage_mw.value, 8 * 0.005);
  EXPECT_DOUBLE_EQ(s.area_um2.value, 8 * 1024 * 8 * 0.448);
  EXPECT_FALSE(s.leakage_mw.source.empty());
  EXPECT_FALSE(s.area_um2.source.empty());
}

class TechFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "axsim_tech_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
            std::to_string(getpid()) + ".json";
    std::ifstream in(kTechPath);
    doc_ = nlohmann::json::parse(in);
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void write() {
    std::ofstream(path_) << doc_.dump(2);
  }
  std::string path_;
  nlohmann::json doc_;
};

TEST_F(TechFileTest, EntryWithoutSourceIsConfigErrorNamingJsonPath) {
  doc_["energy"]["mac_int8"].erase("source");
  write();
  const std::string msg = config_error([&] { TechTable::load(path_); });
  EXPECT_EQ(msg, path_ + ": /energy/mac_int8/source: missing required key");
}

TEST_F(TechFileTest, EveryBadEntryIsReportedTogether) {
  doc_["leakage"]["mac_int8"].erase("source");
  doc_["area"]["mac_int8"]["um2"] = "big";
  doc_["sram"].erase("energy_source");
  doc_["energy"]["mac_int8"]["typo"] = 1;
  write();
  const std::string msg = config_error([&] { TechTable::load(path_); });
  EXPECT_NE(msg.find(path_ + ": /leakage/mac_int8/source: missing required key"),
            std::string::npos) << msg;
  EXPECT_NE(msg.find(path_ + ": /area/mac_int8/um2: expected a number"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find(path_ + ": /sram/energy_source: missing required key"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find(path_ + ": /energy/mac_int8/typo: unknown key"), std::string::npos) << msg;
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 3) << msg;
}

TEST_F(TechFileTest, UnreadableFileIsConfigError) {
  const std::string msg = config_error([&] { TechTable::load(path_ + ".missing"); });
  EXPECT_EQ(msg, path_ + ".missing: cannot open file");
}

TEST(ActionCounts, DynamicEnergyIsSumOfCountTimesEnergy) {
  ActionCounts a;
  const auto mac = a.declare("mac", {0.3, "test"});
  const auto rd = a.declare("read", {10.0, "test"});
  const auto idle = a.declare("idle", {2.5, "test"});
  EXPECT_EQ(a.dynamic_energy_pj(), 0.0);
  a.add(mac, 1000);
  a.add(rd);
  a.add(rd, 4);
  EXPECT_DOUBLE_EQ(a.dynamic_energy_pj(), 1000 * 0.3 + 5 * 10.0 + 0 * 2.5);
  ASSERT_EQ(a.all().size(), 3u);
  EXPECT_EQ(a.all()[rd].count, 5u);
  EXPECT_EQ(a.all()[idle].name, "idle");
  a.reset();
  EXPECT_EQ(a.dynamic_energy_pj(), 0.0);
  EXPECT_EQ(a.all().size(), 3u);  // reset keeps the declarations and their costs
  EXPECT_EQ(a.all()[mac].energy_pj.value, 0.3);
}

}  // namespace
}  // namespace axsim::sim
