// SPDX-License-Identifier: Apache-2.0
#include "sim/json_input.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"

namespace axsim::sim::json_input_test {
namespace {

std::string nested(int levels) {
  return std::string(static_cast<std::size_t>(levels), '[') + "1" +
         std::string(static_cast<std::size_t>(levels), ']');
}

std::string nested_objects(int levels) {
  std::string s;
  for (int i = 0; i < levels; ++i) s += "{\"a\":";
  s += "1";
  for (int i = 0; i < levels; ++i) s += "}";
  return s;
}

TEST(JsonInput, ValidUtf8) {
  for (const char* ok :
       {"", "conv1", "\xc2\xb5s", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\x9f\xbf"})
    EXPECT_TRUE(valid_utf8(ok)) << ok;
  // A stray continuation byte, 0xff, a truncated sequence, overlong forms, a surrogate, above
  // U+10FFFF.
  for (const char* bad : {"\x80", "a\xff", "\xe2\x82", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xf5\x80\x80\x80"})
    EXPECT_FALSE(valid_utf8(bad)) << bad;
  // Each agrees with nlohmann, which the trace writer dumps names with.
  for (const char* s : {"\xc2\xb5s", "a\xff", "\xed\xa0\x80", "\xf0\x9f\x98\x80"}) {
    bool dumps = true;
    try {
      (void)nlohmann::json(s).dump();
    } catch (const nlohmann::json::type_error&) {
      dumps = false;
    }
    EXPECT_EQ(valid_utf8(s), dumps) << s;
  }
}

TEST(JsonInput, ParsesAnOrdinaryDocument) {
  nlohmann::json j;
  EXPECT_EQ(parse_json(R"({"a": [1, {"b": "x"}], "c": null})", "cfg.json", j), "");
  EXPECT_EQ(j["a"][1]["b"], "x");
}

TEST(JsonInput, AcceptsTheDocumentedDepth) {
  nlohmann::json j;
  EXPECT_EQ(parse_json(nested(kMaxJsonDepth), "cfg.json", j), "");
  EXPECT_EQ(parse_json(nested_objects(kMaxJsonDepth), "cfg.json", j), "");
}

TEST(JsonInput, RefusesDeeperNestingWithoutRecursing) {
  nlohmann::json j;
  const std::string e = parse_json(nested(kMaxJsonDepth + 1), "cfg.json", j);
  EXPECT_NE(e.find("cfg.json: /0/0/0"), std::string::npos) << e;
  EXPECT_NE(e.find("nesting deeper than 64 levels"), std::string::npos) << e;
  // 100,000 levels: refused at level 65, so nothing ever recurses over it.
  EXPECT_NE(parse_json(nested_objects(100'000), "deep.json", j).find("deeper than 64"),
            std::string::npos);
  nlohmann::ordered_json o;
  EXPECT_NE(parse_json(nested(100'000), "deep.json", o).find("deeper than 64"), std::string::npos);
}

TEST(JsonInput, RefusesDuplicateKeysNamingThePointer) {
  nlohmann::json j;
  const std::string e = parse_json(R"({"a": {"b": [0, {"c": 1, "c": 2}]}})", "r.json", j);
  EXPECT_NE(e.find("r.json: /a/b/1/c: duplicate key \"c\""), std::string::npos) << e;
  // The same key in different objects is fine, and so is a key containing '/'.
  EXPECT_EQ(parse_json(R"({"a": {"c": 1}, "b": {"c": 1}, "x/y": 2})", "r.json", j), "");
  const std::string slash = parse_json(R"({"x/y": {"k": 1, "k": 1}})", "r.json", j);
  EXPECT_NE(slash.find("/x~1y/k"), std::string::npos) << slash;
}

TEST(JsonInput, InvalidTextNamesTheByteOffset) {
  nlohmann::json j;
  const std::string e = parse_json("{\"a\": tru}", "cfg.json", j);
  EXPECT_NE(e.find("cfg.json: invalid JSON at byte"), std::string::npos) << e;
  EXPECT_EQ(e.find("[json.exception"), std::string::npos) << e;
  EXPECT_NE(parse_json("", "empty.json", j).find("empty.json: invalid JSON"), std::string::npos);
}

TEST(JsonInput, NumberOutOfRangeIsAMessageNotAnException) {
  nlohmann::json j;
  const std::string e = parse_json(R"({"a": [1e999]})", "cfg.json", j);
  EXPECT_NE(e.find("cfg.json: invalid JSON"), std::string::npos) << e;
}

TEST(JsonInput, RefusesTextAboveTheSizeLimit) {
  nlohmann::json j;
  const std::string big = "\"" + std::string(kMaxJsonBytes, 'x') + "\"";
  const std::string e = parse_json(big, "big.json", j);
  EXPECT_NE(e.find("above the limit of 16777216 bytes"), std::string::npos) << e;
}

TEST(JsonInput, ConfigFormThrowsConfigError) {
  EXPECT_THROW(parse_config_json("[", "cfg.json"), ConfigError);
  EXPECT_EQ(parse_config_json("[1]", "cfg.json")[0], 1);
}

TEST(JsonInput, ReadJsonFileRefusesDirectoriesAndMissingFiles) {
  EXPECT_THROW(read_json_file("/"), ConfigError);
  EXPECT_THROW(read_json_file("/nonexistent/x.json"), ConfigError);
}

}  // namespace
}  // namespace axsim::sim::json_input_test
