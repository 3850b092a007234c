// SPDX-License-Identifier: Apache-2.0
// The dLAC unit on layers made by the front-end: outputs bit for bit against the float rule in
// every configuration, a one-PE timeline counted by hand, what zero skipping changes and what
// it must not, and refusals.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"
#include "tests/support/layer_fixtures.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/reference/float_layer.hpp"

namespace axsim::dlac_test {
namespace {

using nlohmann::json;
using workloads::FloatFormat;

using test::compress_one;

workloads::ModelLayer conv(int c, int hw, int m, int k, int stride = 1, int groups = 1) {
  return test::conv_layer(c, hw, m, k, stride, groups);
}

json params(json extra = json::object()) {
  json p = {{"pe_rows", 4}, {"pe_cols", 4}, {"ofm_buffers", 2}};
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

struct Outcome {
  std::uint64_t cycles = 0, executed = 0;
  std::vector<std::int32_t> output;
};

Outcome run(const workloads::Layer& layer, const json& p) {
  test::UnitBench b("dlac", p, 2000, "14nm");  // 500 MHz
  b.unit->check_layer(layer);
  Outcome r;
  r.cycles = b.run(layer);
  r.output = b.unit->layer_output();
  r.executed = b.unit->layer_ops(layer);
  return r;
}

TEST(Dlac, OutputsEqualTheFloatRuleHoweverTheyRun) {
  const std::vector<std::pair<workloads::ModelLayer, std::string>> layers = {
      {conv(6, 9, 12, 3), R"({"scheme": "two_bit"})"},
      {conv(6, 9, 12, 3), R"({"scheme": "ternary", "ternary_threshold": 0.3})"},
      {conv(6, 9, 12, 3), R"({"scheme": "uniform", "bits": 16})"},
      {conv(8, 10, 10, 3, 2), R"({"scheme": "two_bit"})"},
      {conv(8, 7, 12, 3, 1, 4), R"({"scheme": "two_bit"})"},
  };
  const std::vector<json> configs = {
      params(), params({{"skip_zero_weights", false}, {"skip_zero_activations", false}}),
      params({{"lanes", 2}, {"queue_depth", 1}}), params({{"format", "fp32"}}),
      params({{"pe_rows", 3}, {"pe_cols", 5}, {"ofm_buffers", 3}, {"skip_per_cycle", 1}})};
  for (std::size_t li = 0; li < layers.size(); ++li) {
    const workloads::Layer layer = compress_one(layers[li].first, layers[li].second);
    for (const json& p : configs) {
      const FloatFormat f = p.value("format", "fp16") == "fp32" ? FloatFormat::kFp32 : FloatFormat::kFp16;
      EXPECT_EQ(run(layer, p).output, workloads::float_reference_output(layer, f)) << li << " " << p.dump();
    }
  }
}

// One PE, two output buffers, one lane, four terms of an fc layer:
//   weights m0: + 0 - 0, m1: 0 0 + +; every input non-zero.
// Cycle 0: the queues are empty (the buffers send k0 at its end). 1: k0's one term. 2: k1 has
// none: dropped. 3, 4: k2's two terms, one a cycle. 5: k3's term, the last: the pass drains
// for pipeline_cycles (1) + two scalings per output on one lane (4): cycles 6-10, the outputs
// written in cycle 10. 11 cycles. Skipping off: every term takes its cycle, two per entry:
// cycles 1-8, then the same 5 of drain: 14.
TEST(DlacTiming, OnePeByHand) {
  workloads::ModelLayer l;
  l.name = "fc", l.kind = workloads::OpKind::kFullyConnected, l.in_channels = 4, l.out_channels = 2;
  l.weights.shape = {2, 4};
  l.weights.data = {1, 0, -1, 0, 0, 0, 1, 1};
  workloads::Layer layer = compress_one(l, R"({"scheme": "two_bit"})");
  layer.input_q = {5, 3, 7, 2};
  const json one = {{"pe_rows", 1}, {"pe_cols", 1}, {"ofm_buffers", 2}, {"pipeline_cycles", 1}};
  const Outcome on = run(layer, one);
  EXPECT_EQ(on.cycles, 11u);
  EXPECT_EQ(on.executed, 4u);
  json off = one;
  off["skip_zero_weights"] = false;
  const Outcome all = run(layer, off);
  EXPECT_EQ(all.cycles, 14u);
  EXPECT_EQ(all.executed, 8u);
  EXPECT_EQ(on.output, all.output);
  EXPECT_EQ(on.output, workloads::float_reference_output(layer, FloatFormat::kFp16));
}

TEST(Dlac, SkippingSavesCyclesNotResults) {
  const workloads::Layer layer = compress_one(conv(16, 8, 16, 3), R"({"scheme": "two_bit"})", 0.4);
  const Outcome both = run(layer, params({{"ofm_buffers", 4}}));
  const Outcome weights_only = run(layer, params({{"ofm_buffers", 4}, {"skip_zero_activations", false}}));
  const Outcome none = run(layer, params({{"ofm_buffers", 4}, {"skip_zero_activations", false},
                                          {"skip_zero_weights", false}}));
  EXPECT_EQ(both.output, none.output);
  EXPECT_EQ(weights_only.output, none.output);
  EXPECT_LT(both.cycles, weights_only.cycles);
  EXPECT_LT(weights_only.cycles, none.cycles);
  // Without skipping every term of every output runs, the window's padding zeros included.
  EXPECT_EQ(none.executed, std::uint64_t(16) * 64 * 16 * 9);
  EXPECT_LT(both.executed, none.executed / 3);
}

TEST(Dlac, RefusesLstmLayers) {
  workloads::ModelLayer l;
  l.name = "lstm", l.kind = workloads::OpKind::kLstm;
  l.in_channels = 4, l.out_channels = 4, l.recurrent_in = 4, l.seq_len = 2;
  workloads::fill_random_weights(l, 1);
  const workloads::Layer layer = compress_one(l, R"({"scheme": "two_bit"})");
  test::UnitBench b("dlac", params(), 2000, "14nm");
  EXPECT_THROW(b.unit->check_layer(layer), sim::ConfigError);
}

}  // namespace
}  // namespace axsim::dlac_test
