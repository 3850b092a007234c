// SPDX-License-Identifier: Apache-2.0
// Declared params: the reader takes type, default and range from the declaration, reports config
// errors with their JSON path, and makes declaration and parsing unable to drift (reading an
// undeclared key, or never reading a declared one, is an internal error).
#include "arch/param_table.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "arch/unit.hpp"

namespace axsim::arch::param_table_test {
namespace {

using P = ParamDecl;

const ParamTable kTable{
    P::integer("rows", 1, 64, "PEs", "rows"),
    P::integer("depth", 8, 1, 1LL << 20, "entries", "depth"),
    P::number("rate", 0.5, 8, "bytes/cycle", "rate"),
    P::boolean("gate", false, "gating"),
    P::string("key", "mac_int8", "tech key").with_constraint("a tech-table key"),
    P::choice("flow", "os", {{"os", "output stationary"}, {"ws", "weight stationary"}}, "flow"),
    P::clock("clock", "its clock"),
    P::object("mem", {P::integer("bytes", 64, 4096, "bytes", "capacity")}, "memory"),
};

struct Bench {
  sim::Diagnostics diag;
  sim::Params params;
  explicit Bench(const char* json)
      : params(sim::Params::from_json(std::make_shared<nlohmann::json>(nlohmann::json::parse(json)),
                                      "t.json", diag, "/unit/params")) {}
  std::string errors() const {
    std::string all;
    for (const auto& m : diag.messages()) all += m + "\n";
    return all;
  }
};

const ParseContext kCtx{{"core", "dram"}, "core"};

void read_all(ParamReader& r) {
  r.integer("rows"), r.integer("depth"), r.number("rate"), r.boolean("gate"), r.string("key");
  r.choice("flow"), r.clock("clock", kCtx);
  ParamReader mem = r.child("mem");
  mem.integer("bytes");
  mem.finish();
}

TEST(ParamTable, ReadsValuesAndDefaultsThroughTheDeclaration) {
  Bench b(R"({"rows": 8, "rate": 2, "flow": "ws", "clock": "dram", "mem": {"bytes": 128}})");
  ParamReader r(b.params, kTable);
  EXPECT_EQ(r.integer("rows"), 8);
  EXPECT_EQ(r.integer("depth"), 8);  // the declared default
  EXPECT_EQ(r.number("rate"), 2.0);
  EXPECT_FALSE(r.boolean("gate"));
  EXPECT_EQ(r.string("key"), "mac_int8");
  EXPECT_EQ(r.choice("flow"), "ws");
  EXPECT_EQ(r.clock("clock", kCtx), "dram");
  ParamReader mem = r.child("mem");
  EXPECT_EQ(mem.integer("bytes"), 128);
  mem.finish();
  r.finish();
  EXPECT_TRUE(b.diag.empty()) << b.errors();
}

TEST(ParamTable, ConfigErrorsNameThePathAndTheDeclaredRange) {
  Bench b(R"({"rows": 99, "rate": 2, "flow": "xs", "clock": "mem", "mem": {"bytes": 1},
              "extra": 1})");
  ParamReader r(b.params, kTable);
  read_all(r);
  r.finish();
  const std::string e = b.errors();
  EXPECT_NE(e.find("t.json: /unit/params/rows: expected an integer in [1, 64], got 99"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("/unit/params/flow: expected one of os, ws"), std::string::npos) << e;
  EXPECT_NE(e.find("/unit/params/clock: unknown clock \"mem\""), std::string::npos) << e;
  EXPECT_NE(e.find("/unit/params/mem/bytes"), std::string::npos) << e;
  EXPECT_NE(e.find("/unit/params/extra: unknown key"), std::string::npos) << e;
}

TEST(ParamTable, ReadingAnUndeclaredKeyIsAnInternalError) {
  Bench b(R"({"rows": 8})");
  ParamReader r(b.params, kTable);
  EXPECT_THROW(r.integer("cols"), std::logic_error);
  EXPECT_THROW(r.boolean("rows"), std::logic_error);  // declared, but not as a bool
}

TEST(ParamTable, ADeclaredKeyNeverReadIsAnInternalError) {
  Bench b(R"({"rows": 8})");
  ParamReader r(b.params, kTable);
  r.integer("rows");
  try {
    r.finish();
    FAIL() << "finish() accepted unread declarations";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("\"depth\" never read"), std::string::npos) << e.what();
  }
}

TEST(ParamTable, TextColumns) {
  EXPECT_EQ(param_default_text(kTable[0]), "required");
  EXPECT_EQ(param_default_text(kTable[1]), "8");
  EXPECT_EQ(param_range_text(kTable[1]), "[1, 2²⁰]");
  EXPECT_EQ(param_range_text(kTable[2]), "[0.5, 8]");
  EXPECT_EQ(param_default_text(kTable[3]), "`false`");
  EXPECT_EQ(param_default_text(kTable[4]), "`\"mac_int8\"`");
  EXPECT_EQ(param_range_text(kTable[4]), "a tech-table key");
  EXPECT_EQ(param_range_text(kTable[5]), "`os`, `ws`");
  EXPECT_EQ(std::string(param_type_name(kTable[7].type)), "object");
}

}  // namespace
}  // namespace axsim::arch::param_table_test
