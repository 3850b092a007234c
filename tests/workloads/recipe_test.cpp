// SPDX-License-Identifier: Apache-2.0
// Recipes: defaults, per-layer overrides by kind, name and glob, and errors that name the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads::recipe_test {
namespace {

using ::testing::HasSubstr;

const char* kRecipe = R"({
  "axsim_recipe": 1, "name": "t", "seed": 3,
  "defaults": {"prune": {"density": "paper"}, "quantize": {"scheme": "kmeans", "bits": 5},
               "encoding": {"format": "eie_csc", "num_pes": 4}},
  "layers": {"kind:conv": {"quantize": {"bits": 8}},
             "ip*": {"encoding": {"index_bits": 5}},
             "ip2": {"prune": {"density": 0.5}, "huffman": false}}
})";

std::string error_of(const std::string& text) {
  try {
    parse_recipe("r.json", text);
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Recipe, OverridesApplyInFileOrder) {
  const Recipe r = parse_recipe("r.json", kRecipe);
  const Model m = make_zoo_model("lenet5", 1);
  const LayerRecipe conv1 = r.for_layer(m.layers[0]);
  EXPECT_EQ(conv1.quant.bits, 8);
  EXPECT_TRUE(conv1.density_from_paper);
  EXPECT_EQ(conv1.encodings.at(0).spec.index_bits, 4);
  const LayerRecipe ip1 = r.for_layer(m.layers[2]);
  EXPECT_EQ(ip1.quant.bits, 5);
  EXPECT_EQ(ip1.encodings.at(0).spec.index_bits, 5);
  EXPECT_EQ(ip1.encodings.at(0).spec.num_pes, 4);
  const LayerRecipe ip2 = r.for_layer(m.layers[3]);
  EXPECT_FALSE(ip2.density_from_paper);
  EXPECT_DOUBLE_EQ(ip2.prune_spec.density, 0.5);
  EXPECT_FALSE(ip2.huffman);
  EXPECT_EQ(r.seed, 3u);
}

TEST(Recipe, ErrorsNameFileAndJsonPath) {
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","defaults":{"quantize":{"scheme":"kmean"}}})"),
              HasSubstr("r.json: /defaults/quantize/scheme: expected one of none, uniform, kmeans"));
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","defaults":{"prune":{"density":"papr"}}})"),
              HasSubstr("r.json: /defaults/prune/density: expected a number in (0, 1] or \"paper\""));
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","layers":{"fc6":{"quantize":{"bits":99}}}})"),
              HasSubstr("r.json: /layers/fc6/quantize/bits: expected an integer in [1, 16], got 99"));
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","defaults":{"huffmann":true}})"),
              HasSubstr("r.json: /defaults/huffmann: unknown key"));
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","defaults":{"prune":{"granularity":"kernel","balance_pes":4}}})"),
              HasSubstr("/defaults/prune/balance_pes: load-balanced pruning needs granularity"));
  EXPECT_THAT(error_of(R"({"name":"t"})"), HasSubstr("r.json: /axsim_recipe: missing required key"));
  EXPECT_THAT(error_of("{"), HasSubstr("r.json: invalid JSON"));
}

TEST(Recipe, SeveralErrorsAreReportedTogether) {
  const std::string msg = error_of(
      R"({"axsim_recipe":1,"name":"t","defaults":{"quantize":{"bits":0}},"layers":{"a":{"x":1}}})");
  EXPECT_THAT(msg, HasSubstr("/defaults/quantize/bits"));
  EXPECT_THAT(msg, HasSubstr("/layers/a/x: unknown key"));
}

}  // namespace
}  // namespace axsim::workloads::recipe_test

namespace axsim::workloads::recipe_test {
namespace {

TEST(Recipe, LaterOverridesWinInFileOrderNotAlphabetical) {
  const Recipe r = parse_recipe("r.json", R"({"axsim_recipe":1,"name":"t",
    "layers":{"kind:conv":{"quantize":{"scheme":"uniform","bits":4}},
              "conv*":{"quantize":{"scheme":"uniform","bits":6}}}})");
  const Model m = make_zoo_model("lenet5", 1);
  EXPECT_EQ(r.for_layer(m.layers[0]).quant.bits, 6);  // "conv*" comes later in the file
}

TEST(Recipe, PerSchemeLimitsAreCheckedWhenLoading) {
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","defaults":{"quantize":{"scheme":"log","bits":12}}})"),
              HasSubstr("r.json: /defaults/quantize/bits: quantize log: bits"));
}

// Issue 14: a deeply nested recipe overflowed the stack in dump(); a selector of many '*'
// recursed once per star (and backtracked exponentially); repeated keys were silently dropped.
TEST(Recipe, DeepNestingAndDuplicateKeysAreRefused) {
  const std::string deep = R"({"axsim_recipe":1,"name":"t","defaults":)" +
                           std::string(100'000, '[') + std::string(100'000, ']') + "}";
  EXPECT_THAT(error_of(deep), HasSubstr("r.json: /defaults/0/0/"));
  EXPECT_THAT(error_of(deep), HasSubstr("nesting deeper than 64 levels"));
  EXPECT_THAT(error_of(R"({"axsim_recipe":1,"name":"t","layers":{"fc6":{},"fc6":{}}})"),
              HasSubstr("r.json: /layers/fc6: duplicate key \"fc6\""));
}

TEST(Recipe, GlobSelectorsMatchWithoutRecursion) {
  const std::string stars(50'000, '*');
  const std::string text = R"({"axsim_recipe":1,"name":"t","defaults":{"quantize":{"bits":6}},
      "layers":{")" + stars +
                           R"(x":{"quantize":{"bits":3}},"i*p*2":{"quantize":{"bits":7}},
      "c*n*1*":{"quantize":{"bits":5}}}})";
  const Recipe r = parse_recipe("r.json", text);
  const Model m = make_zoo_model("lenet5", 1);
  EXPECT_EQ(r.for_layer(m.layers[0]).quant.bits, 5);  // conv1
  EXPECT_EQ(r.for_layer(m.layers[2]).quant.bits, 6);  // ip1: no selector matches
  EXPECT_EQ(r.for_layer(m.layers[3]).quant.bits, 7);  // ip2
}

}  // namespace
}  // namespace axsim::workloads::recipe_test
