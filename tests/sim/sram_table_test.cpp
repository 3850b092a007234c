// SPDX-License-Identifier: Apache-2.0
// SramTable: parsing (every malformed field named by JSON pointer) and log-log interpolation.
#include "sim/sram_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"

namespace axsim::sim::sram_table_test {
namespace {

/// A 2 x 2 grid (32/64 words x 8/16 bits) whose read energy is 1 pJ x words/32 x bits/8.
nlohmann::json small_table() {
  nlohmann::json q;
  q["read_pj"] = {{1.0, 2.0}, {2.0, 4.0}};
  q["write_pj"] = {{1.5, 3.0}, {3.0, 6.0}};
  q["leakage_mw"] = {{0.01, 0.02}, {0.02, 0.04}};
  q["area_um2"] = {{100.0, 180.0}, {160.0, 300.0}};
  q["cycle_ns"] = {{0.5, 0.5}, {0.6, 0.6}};
  nlohmann::json t;
  t["source"] = "test table";
  t["node_nm"] = 45;
  t["words"] = {32, 64};
  t["widths_bits"] = {8, 16};
  t["tables"]["lop/1rw"] = q;
  return t;
}

std::string parse_error(const nlohmann::json& doc) {
  try {
    SramTable::parse(doc.dump(), "t.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return {};
}

TEST(SramTable, GridPointsAreExact) {
  const SramTable t = SramTable::parse(small_table().dump(), "t.json");
  const auto p = t.lookup("lop", "1rw", 64, 16, nullptr);
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->read_pj, 4.0);
  EXPECT_DOUBLE_EQ(p->write_pj, 6.0);
  EXPECT_DOUBLE_EQ(p->area_um2, 300.0);
  EXPECT_DOUBLE_EQ(t.lookup("lop", "1rw", 32, 8, nullptr)->leakage_mw, 0.01);
}

TEST(SramTable, InterpolatesLogLogBetweenPoints) {
  const SramTable t = SramTable::parse(small_table().dump(), "t.json");
  // Read energy is a power law (words x bits) on this grid, so log-log interpolation is exact.
  const double words = 32 * std::sqrt(2.0), bits = 8 * std::pow(2.0, 0.25);
  EXPECT_NEAR(t.lookup("lop", "1rw", words, bits, nullptr)->read_pj,
              (words / 32) * (bits / 8), 1e-12);
  // Area: geometric mean of the four corners at the centre.
  EXPECT_NEAR(t.lookup("lop", "1rw", 32 * std::sqrt(2.0), 8 * std::sqrt(2.0), nullptr)->area_um2,
              std::pow(100.0 * 180 * 160 * 300, 0.25), 1e-9);
}

TEST(SramTable, OutsideTheGridOrUnknownFlavourIsReported) {
  const SramTable t = SramTable::parse(small_table().dump(), "t.json");
  std::string why;
  EXPECT_FALSE(t.lookup("lop", "1rw", 16, 8, &why));
  EXPECT_EQ(why, "outside t.json's grid (32 to 64 words of 8 to 16 bits)");
  EXPECT_FALSE(t.lookup("lop", "1rw", 32, 32, &why));
  EXPECT_FALSE(t.lookup("hp", "1rw", 32, 8, &why));
  EXPECT_EQ(why, "t.json has no table \"hp/1rw\"");
}

TEST(SramTable, NullNeighbourIsReportedAndAvoidedOnTheGrid) {
  nlohmann::json doc = small_table();
  doc["tables"]["lop/1rw"]["read_pj"][1][1] = nullptr;
  const SramTable t = SramTable::parse(doc.dump(), "t.json");
  std::string why;
  EXPECT_FALSE(t.lookup("lop", "1rw", 40, 12, &why));
  EXPECT_EQ(why, "next to a point of t.json that CACTI could not organise");
  EXPECT_TRUE(t.lookup("lop", "1rw", 32, 8, nullptr));  // weight 0 on the null corner
}

TEST(SramTable, MalformedFieldsAreNamedByPointer) {
  nlohmann::json doc = small_table();
  doc["words"] = {32, 48};
  EXPECT_EQ(parse_error(doc), "t.json: /words/1: expected a power of two in [1, 1099511627776] "
                              "above the previous entry, got 48");
  doc = small_table();
  doc["tables"]["lop/1rw"]["area_um2"][0] = {1.0};
  EXPECT_EQ(parse_error(doc),
            "t.json: /tables/lop~11rw/area_um2/0: expected an array of 2 numbers or nulls");
  doc = small_table();
  doc["tables"]["lop/1rw"]["cycle_ns"][1][0] = -1;
  EXPECT_EQ(parse_error(doc), "t.json: /tables/lop~11rw/cycle_ns/1/0: expected a number in "
                              "[0, 1e12] or null, got -1");
  doc = small_table();
  doc["tables"]["lop/1rw"].erase("write_pj");
  EXPECT_EQ(parse_error(doc), "t.json: /tables/lop~11rw: missing required key \"write_pj\"");
  doc = small_table();
  doc.erase("source");
  EXPECT_EQ(parse_error(doc), "t.json: : missing required key \"source\"");
}

TEST(SramTable, ShippedTablesLoad) {
  for (const char* node : {"45", "32", "22"}) {
    const std::string path =
        std::string(AXSIM_SOURCE_DIR) + "/configs/tech/sram/cacti7_" + node + "nm.json";
    const SramTable t = SramTable::load(path);
    EXPECT_EQ(std::to_string(t.node_nm()), node);
    for (const char* flavor : {"lstp", "lstp-lop", "lop", "hp"})
      for (const char* ports : {"1rw", "1r1w"}) EXPECT_TRUE(t.has(flavor, ports)) << path;
    // Every shipped configuration's SRAMs (64 B to 4 MiB, 8 to 512 bits) are inside the grid.
    EXPECT_TRUE(t.lookup("lstp-lop", "1rw", 64 * 1024, 64, nullptr)) << path;
  }
}

TEST(SramTable, LoadSharedParsesAFileOnceAndAgainWhenItChanges) {
  const std::string path = ::testing::TempDir() + "axsim_sram_table_shared.json";
  nlohmann::json doc = small_table();
  std::ofstream(path) << doc.dump();
  const auto a = SramTable::load_shared(path);
  EXPECT_EQ(SramTable::load_shared(path), a);  // same bytes: the same table
  doc["source"] = "changed";
  std::ofstream(path) << doc.dump();
  const auto b = SramTable::load_shared(path);
  EXPECT_NE(b, a);
  EXPECT_EQ(b->source(), "changed");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace axsim::sim::sram_table_test
