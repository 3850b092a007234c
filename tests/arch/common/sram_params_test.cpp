// SPDX-License-Identifier: Apache-2.0
// SRAM params: the keys every unit's SRAM objects share, declared and read through one table,
// with their checks and messages.
#include "arch/common/sram_params.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace axsim::arch::sram_params_test {
namespace {

struct Parsed {
  SramSpec spec;
  sim::Diagnostics diag;
  std::string errors() const {
    std::string all;
    for (const auto& m : diag.messages()) all += m + "\n";
    return all;
  }
};

Parsed parse(const char* json, const SramParamRules& rules, std::uint32_t element_bits = 16) {
  Parsed out;
  sim::Params p =
      sim::Params::from_json(std::make_shared<nlohmann::json>(nlohmann::json::parse(json)),
                             "test.json", out.diag, "/unit/params/buf");
  const ParamTable rows = sram_param_rows(rules);
  ParamReader r(p, rows);
  out.spec = read_sram(r, element_bits, rules);
  r.finish();
  return out;
}

TEST(SramParams, ReadsCapacityWidthAndBanks) {
  SramParamRules rules;
  rules.banks = true;
  const Parsed r = parse(R"({"capacity_bytes": 4096, "width_bits": 64, "banks": 4})", rules);
  EXPECT_TRUE(r.diag.empty()) << r.errors();
  EXPECT_EQ(r.spec.capacity_bytes, 4096u);
  EXPECT_EQ(r.spec.width_bits, 64u);
  EXPECT_EQ(r.spec.banks, 4u);
  EXPECT_EQ(r.spec.element_bits, 16u);
}

TEST(SramParams, DefaultWidthAndRequiredWidth) {
  SramParamRules with_default;
  with_default.default_width_bits = 128;
  EXPECT_EQ(parse(R"({"capacity_bytes": 4096})", with_default).spec.width_bits, 128u);
  const Parsed missing = parse(R"({"capacity_bytes": 4096})", {});
  EXPECT_NE(missing.errors().find("/unit/params/buf/width_bits"), std::string::npos)
      << missing.errors();
}

TEST(SramParams, ErrorsNameTheKey) {
  SramParamRules rules;
  rules.banks = true, rules.width_multiple_of_8 = true, rules.min_capacity_bytes = 1024;
  const Parsed r = parse(R"({"capacity_bytes": 3000, "width_bits": 12, "banks": 7})", rules);
  const std::string e = r.errors();
  EXPECT_NE(e.find("width_bits: expected a multiple of 8"), std::string::npos) << e;
  EXPECT_NE(e.find("banks: expected a divisor of capacity_bytes"), std::string::npos) << e;
  const Parsed small = parse(R"({"capacity_bytes": 512, "width_bits": 64})", rules);
  EXPECT_NE(small.errors().find("capacity_bytes"), std::string::npos) << small.errors();
}

TEST(SramParams, BanksAreRejectedWhereNotAccepted) {
  const Parsed r = parse(R"({"capacity_bytes": 4096, "width_bits": 64, "banks": 2})", {});
  EXPECT_NE(r.errors().find("banks"), std::string::npos) << r.errors();
}

TEST(SramParams, RowsFollowTheRules) {
  SramParamRules rules;
  rules.banks = true, rules.default_width_bits = 128, rules.width_multiple_of_8 = true;
  const ParamTable rows = sram_param_rows(rules);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[0].required);
  EXPECT_EQ(param_default_text(rows[1]), "128");
  EXPECT_EQ(param_range_text(rows[1]), "[8, 4096], multiple of 8");
  EXPECT_EQ(param_range_text(rows[2]), "[1, 4096], divides `capacity_bytes`");
  rules.width_key = "";
  rules.banks = false;
  EXPECT_EQ(sram_param_rows(rules).size(), 1u);
}

TEST(SramParams, AWidthThatIsNotAKeyIsTheElementWidth) {
  SramParamRules rules;
  rules.width_key = "";
  const Parsed r = parse(R"({"capacity_bytes": 4096})", rules, 32);
  EXPECT_TRUE(r.diag.empty()) << r.errors();
  EXPECT_EQ(r.spec.width_bits, 32u);
}

}  // namespace
}  // namespace axsim::arch::sram_params_test
