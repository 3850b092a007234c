// SPDX-License-Identifier: Apache-2.0
// TechTable loading and lookups (every cost has a source; missing entries name file and key),
// SRAM, register-file, logic and derived-node pricing, and ActionCounts' dynamic energy.
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
#include "sim/sram_table.hpp"

namespace axsim::sim::energy_test {
namespace {

const std::string kTechPath = std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json";
const std::string kSramTablePath =
    std::string(AXSIM_SOURCE_DIR) + "/configs/tech/sram/cacti7_45nm.json";

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

TEST_F(TechTableTest, SramIsTheCactiTableAtItsGridPoints) {
  const SramTable cacti = SramTable::load(kSramTablePath);
  const SramCosts s = tech_.sram(8 * 1024, 64);
  const auto p = cacti.lookup("lstp", "1rw", 1024, 64, nullptr);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(s.read_pj.value, p->read_pj);
  EXPECT_DOUBLE_EQ(s.write_pj.value, p->write_pj);
  EXPECT_DOUBLE_EQ(s.leakage_mw.value, p->leakage_mw);
  EXPECT_DOUBLE_EQ(s.area_um2.value, p->area_um2);
  EXPECT_NE(s.read_pj.source.find("CACTI 7"), std::string::npos) << s.read_pj.source;
  EXPECT_NE(s.read_pj.source.find("1024 words x 64 b"), std::string::npos) << s.read_pj.source;
  const SramCosts dual = tech_.sram(8 * 1024, 64, true);
  EXPECT_DOUBLE_EQ(dual.area_um2.value, cacti.lookup("lstp", "1r1w", 1024, 64, nullptr)->area_um2);
  // Bigger arrays cost more per access.
  EXPECT_GT(tech_.sram(1 << 20, 64).read_pj.value, 4 * s.read_pj.value);
}

TEST_F(TechTableTest, ArraysBelowTheTableAreRegisterFiles) {
  const SramCosts rf = tech_.sram(16, 8);  // 16 words: below CACTI's 32 rows
  EXPECT_EQ(rf.read_pj.value, tech_.register_file(16, 8).read_pj.value);
  EXPECT_NE(rf.read_pj.source.find("register file 16 x 8 b"), std::string::npos)
      << rf.read_pj.source;
  const SramCosts r2 = tech_.register_file(32, 16);
  EXPECT_DOUBLE_EQ(r2.area_um2.value, 2 * 2 * tech_.register_file(16, 8).area_um2.value);
  EXPECT_DOUBLE_EQ(r2.write_pj.value, 2 * tech_.register_file(16, 8).write_pj.value);
}

TEST_F(TechTableTest, WideWordsAreSideBySideArraysAndHugeOnesAreRefused) {
  const SramCosts wide = tech_.sram(64 * 1024, 1024), half = tech_.sram(32 * 1024, 512);
  EXPECT_DOUBLE_EQ(wide.read_pj.value, 2 * half.read_pj.value);
  EXPECT_DOUBLE_EQ(wide.area_um2.value, 2 * half.area_um2.value);
  const std::string msg = config_error([&] { tech_.sram(std::uint64_t(1) << 30, 8); });
  EXPECT_NE(msg.find("declare banks"), std::string::npos) << msg;
}

TEST_F(TechTableTest, LogicFollowsAPowerLawBetweenCitedWidths) {
  EXPECT_NEAR(tech_.logic("int_add", 8).energy_pj.value, 0.03, 1e-12);
  EXPECT_NEAR(tech_.logic("int_add", 32).energy_pj.value, 0.1, 1e-12);
  const double k = std::log(3.1 / 0.2) / std::log(4.0);  // 8 -> 32 bits
  EXPECT_NEAR(tech_.logic("int_mult", 16).energy_pj.value, 0.2 * std::pow(2.0, k), 1e-12);
  EXPECT_NEAR(tech_.logic("int_mult", 32).area_um2.value, 3495, 1e-9);
  const OpCosts add = tech_.logic("int_add", 16);
  EXPECT_GT(add.leakage_mw.value, 0);
  EXPECT_NE(add.energy_pj.source.find("Horowitz"), std::string::npos) << add.energy_pj.source;
  EXPECT_NE(config_error([&] { tech_.logic("int_div", 8); }).find("/logic/int_div"),
            std::string::npos);
}

TEST_F(TechTableTest, ADerivedNodeScalesItsBaseByOneFactorPerQuantity) {
  const TechTable t16 = TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/16nm.json");
  const double e = t16.logic("int_add", 32).energy_pj.value / tech_.logic("int_add", 32).energy_pj.value;
  const double a = t16.logic("int_add", 32).area_um2.value / tech_.logic("int_add", 32).area_um2.value;
  EXPECT_NEAR(t16.logic("int_mult", 8).energy_pj.value / tech_.logic("int_mult", 8).energy_pj.value, e, 1e-12);
  EXPECT_NEAR(t16.logic("fp_mult", 16).area_um2.value / tech_.logic("fp_mult", 16).area_um2.value, a, 1e-12);
  EXPECT_NEAR(t16.register_file(8, 8).write_pj.value / tech_.register_file(8, 8).write_pj.value, e, 1e-12);
  // An entry the derived node gives itself (its wires) replaces the scaled one.
  EXPECT_NEAR(t16.wire_pj(8, 1).value, 8 * 0.165, 1e-12);
  EXPECT_LT(e, 1);
  EXPECT_LT(a, 1);
}

class TechFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "axsim_tech_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
            std::to_string(getpid()) + ".json";
    std::ifstream in(kTechPath);
    doc_ = nlohmann::json::parse(in);
    doc_["sram"]["table"] = kSramTablePath;  // the copy lives elsewhere
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void write() {
    std::ofstream(path_) << doc_.dump(2);
  }
  std::string path_;
  nlohmann::json doc_;
};

TEST_F(TechFileTest, NamedEnergyEntryHasValueAndSource) {
  doc_["energy"]["dram_access_64b"] = {{"pj", 1280}, {"source", "Horowitz ISSCC 2014"}};
  write();
  const Cost dram = TechTable::load(path_).energy_pj("dram_access_64b");
  EXPECT_DOUBLE_EQ(dram.value, 1280.0);
  EXPECT_EQ(dram.source, "Horowitz ISSCC 2014");
}

TEST_F(TechFileTest, EntryWithoutSourceIsConfigErrorNamingJsonPath) {
  doc_["energy"]["dram_access_64b"] = {{"pj", 1280}};
  write();
  const std::string msg = config_error([&] { TechTable::load(path_); });
  EXPECT_EQ(msg, path_ + ": /energy/dram_access_64b/source: missing required key");
}

TEST_F(TechFileTest, EveryBadEntryIsReportedTogether) {
  doc_["logic"]["int_add"].erase("source");
  doc_["wire"]["pj_per_bit_mm"] = "big";
  doc_["sram"].erase("flavor_source");
  doc_["energy"]["dram_access_64b"] = {{"pj", 1280}, {"source", "x"}, {"typo", 1}};
  write();
  const std::string msg = config_error([&] { TechTable::load(path_); });
  EXPECT_NE(msg.find(path_ + ": /logic/int_add/source: missing required key"),
            std::string::npos) << msg;
  EXPECT_NE(msg.find(path_ + ": /wire/pj_per_bit_mm: expected a number"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find(path_ + ": /sram/flavor_source: missing required key"), std::string::npos)
      << msg;
  EXPECT_NE(msg.find(path_ + ": /energy/dram_access_64b/typo: unknown key"), std::string::npos)
      << msg;
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
}  // namespace axsim::sim::energy_test
