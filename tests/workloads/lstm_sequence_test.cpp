// SPDX-License-Identifier: Apache-2.0
// The whole-sequence LSTM rule: the front-end's formats and tables, the trace's "lstm" section
// (round trip and refusals), and the fixed-point reference against the float LSTM.
#include "workloads/reference/lstm_sequence.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"
#include "workloads/compress/lstm_sequence_rule.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads::lstm_sequence_test {
namespace {

std::string recipe_text(const std::string& quantize, const std::string& lstm) {
  return R"({"axsim_recipe": 1, "name": "t", "defaults": {
    "quantize": )" + quantize + R"(,
    "encoding": {"format": "ese", "num_pes": 4, "index_bits": 4, "pointer_bits": 16},
    "fixed_point": {"lstm": )" + lstm + R"(}, "huffman": false,
    "activations": {"source": "synthetic", "density": 1.0, "bits": 16}}})";
}

const std::string kPow2 = R"({"scheme": "uniform", "bits": 12, "power_of_two": true})";

Model lstmp(int steps, bool projection) {
  ModelLayer l;
  l.name = "lstm", l.kind = OpKind::kLstm;
  l.in_channels = 12, l.out_channels = 16, l.recurrent_in = projection ? 8 : 16, l.seq_len = steps;
  if (projection) l.projection.shape = {8, 16};
  fill_random_weights(l, 3);
  Model m;
  m.name = "lstmp", m.source = "test", m.layers = {l};
  return m;
}

Layer round_trip(const Model& m, const Recipe& r) {
  const Trace t = to_trace(compress(m, r), r, "test");
  return workload_from_trace(t, "t.axt").layers.front();
}

TEST(LstmSequence, RuleArithmeticTracksTheFloatLstmOnTheStoredWeights) {
  for (const bool projection : {false, true}) {
    double sqnr[2] = {0, 0};
    for (int lut = 0; lut < 2; ++lut) {
      const std::string kind = lut ? "lut" : "pwl";
      const Recipe r = parse_recipe(
          "t", recipe_text(kPow2, R"({"nonlinearity": ")" + kind + R"(", "segments": 256})"));
      const Compressed c = compress(lstmp(6, projection), r);
      ASSERT_TRUE(c.layers.front().lstm);
      sqnr[lut] = c.layers.front().lstm->rule_sqnr_db;
    }
    // 16-bit formats and 256 segments: the arithmetic alone costs little, and linear pieces
    // follow the curves better than constant ones.
    EXPECT_GT(sqnr[0], 30.0) << projection;
    EXPECT_GT(sqnr[1], 20.0) << projection;
    EXPECT_GT(sqnr[0], sqnr[1]) << projection;
  }
}

TEST(LstmSequence, TraceKeepsTheRuleExactly) {
  const Recipe r = parse_recipe("t", recipe_text(kPow2, "{}"));
  const Model m = lstmp(5, true);
  const Compressed c = compress(m, r);
  const Layer l = round_trip(m, r);
  ASSERT_TRUE(l.lstm);
  const LstmRule &a = *c.layers.front().lstm, &b = *l.lstm;
  EXPECT_EQ(a.bias, b.bias);
  EXPECT_EQ(a.sigmoid.base, b.sigmoid.base);
  EXPECT_EQ(a.tanh.slope, b.tanh.slope);
  EXPECT_EQ(a.sigmoid.lo, b.sigmoid.lo);
  EXPECT_EQ(a.act_frac_bits, b.act_frac_bits);
  EXPECT_EQ(a.weight_frac_bits, b.weight_frac_bits);
  ASSERT_EQ(b.projection.size(), 1u);
  EXPECT_EQ(a.projection.front().bytes, b.projection.front().bytes);
  EXPECT_DOUBLE_EQ(a.rule_sqnr_db, b.rule_sqnr_db);
  const LstmSequenceOutput out = lstm_sequence_reference(l);
  EXPECT_EQ(out.h.size(), 5u * 8u);
  EXPECT_EQ(out.dense_macs, 5u * (64u * 20u + 8u * 16u));
  EXPECT_GT(out.useful_macs, 0u);
  EXPECT_LE(out.useful_macs, out.dense_macs);
}

TEST(LstmSequence, UtterancesRestartFromTheInitialState) {
  const Recipe r = parse_recipe("t", recipe_text(kPow2, R"({"utterances": 2})"));
  Layer l = round_trip(lstmp(6, true), r);
  ASSERT_EQ(l.lstm->utterances, 2);
  const std::size_t in = 12 * 3;  // the second utterance's inputs repeat the first's
  std::copy_n(l.input_q.begin(), in, l.input_q.begin() + std::ptrdiff_t(in));
  const std::vector<std::int32_t> two = lstm_sequence_reference(l).h;
  EXPECT_TRUE(std::equal(two.begin(), two.begin() + 24, two.begin() + 24));
  l.lstm->utterances = 1;  // one sequence carries its state on
  const std::vector<std::int32_t> one = lstm_sequence_reference(l).h;
  EXPECT_TRUE(std::equal(one.begin(), one.begin() + 24, two.begin()));
  EXPECT_FALSE(std::equal(one.begin(), one.begin() + 24, one.begin() + 24));
  EXPECT_THROW(parse_recipe("t", recipe_text(kPow2, R"({"utterances": 0})")), sim::ConfigError);
  EXPECT_THROW(compress(lstmp(5, true), r), sim::ConfigError);  // 2 does not divide 5
}

TEST(LstmSequence, RuleOnOtherInputsEqualsTheReferenceOnTheStoredOnes) {
  const Recipe r = parse_recipe("t", recipe_text(kPow2, "{}"));
  const Layer l = round_trip(lstmp(5, true), r);
  const std::size_t x_count = 5 * 12;
  std::vector<float> x(x_count);  // the stored inputs as floats: they quantize back exactly
  for (std::size_t k = 0; k < x_count; ++k) x[k] = float(l.input_q[k] * l.input_scale);
  const std::vector<std::int32_t> h = lstm_sequence_reference(l).h;
  const std::vector<float> on = lstm_sequence_on(l, x);
  ASSERT_EQ(on.size(), h.size());
  for (std::size_t k = 0; k < h.size(); ++k) EXPECT_EQ(on[k], float(h[k] * l.input_scale)) << k;
  // Any length: the first three steps alone give the first three outputs.
  const std::vector<float> three = lstm_sequence_on(l, {x.begin(), x.begin() + 36});
  EXPECT_TRUE(std::equal(three.begin(), three.end(), on.begin()));
  // Out-of-range inputs saturate instead of wrapping; partial steps are refused.
  EXPECT_EQ(lstm_sequence_on(l, std::vector<float>(12, 1e30f)).size(), 8u);
  EXPECT_THROW(lstm_sequence_on(l, std::vector<float>(13, 0.f)), std::invalid_argument);
  EXPECT_THROW(lstm_sequence_on(l, {}), std::invalid_argument);
}

TEST(LstmSequence, GateTableInterpolatesAndClamps) {
  GateTable t;
  t.lo = -8, t.step_shift = 2;  // 4 segments of 4 steps over [-8, 8)
  t.base = {0, 100, 200, 300};
  t.slope = {100, 100, 100, 40};
  EXPECT_EQ(gate_value(t, -8), 0);
  EXPECT_EQ(gate_value(t, -6), 50);
  EXPECT_EQ(gate_value(t, -4), 100);
  EXPECT_EQ(gate_value(t, 7), 330);    // last segment, d = 3: 300 + round(120 / 4)
  EXPECT_EQ(gate_value(t, 1000), 330); // clamped to the last input step
  EXPECT_EQ(gate_value(t, -1000), 0);
}

TEST(LstmSequence, RecipeRefusesScalesThatAreNotPowersOfTwo) {
  const Recipe r = parse_recipe("t.json", recipe_text(R"({"scheme": "uniform", "bits": 12})", "{}"));
  try {
    compress(lstmp(2, false), r);
    FAIL() << "expected a ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("power of two"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("layer 'lstm'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_recipe("t.json", recipe_text(
                   R"({"scheme": "kmeans", "bits": 4, "power_of_two": true})", "{}")),
               sim::ConfigError);
  EXPECT_THROW(parse_recipe("t.json", recipe_text(kPow2, R"({"segments": 48})")), sim::ConfigError);
}

// Each damaged field is refused by name, before anything computes with it.
TEST(LstmSequence, ReaderRefusesRulesThatCouldOverflow) {
  const Recipe r = parse_recipe("t", recipe_text(kPow2, "{}"));
  const Model m = lstmp(2, true);
  const Trace good = to_trace(compress(m, r), r, "test");
  const struct {
    const char* pointer;
    nlohmann::json value;
    const char* expect;
  } cases[] = {{"/lstm/gate_frac_bits", 30, "/lstm/gate_frac_bits"},
               {"/lstm/gate_input_frac_bits", 24, "pre-activation shift"},
               {"/lstm/bias/count", 3, "/lstm/bias/count"},
               {"/lstm/hidden", 5, "/lstm/hidden"},
               {"/lstm/act_frac_bits", 3, "activation scale"},
               {"/lstm/projection/rows", 9, "recurrent_in x hidden"},
               {"/lstm/sigmoid/segments", 1000, "lstm.sigmoid"}};
  for (const auto& c : cases) {
    Trace t = good;
    nlohmann::json h = nlohmann::json::parse(t.layers[0].header_json);
    h[nlohmann::json::json_pointer(c.pointer)] = c.value;
    t.layers[0].header_json = h.dump();
    try {
      workload_from_trace(t, "t.axt");
      ADD_FAILURE() << c.pointer << " accepted";
    } catch (const TraceError& e) {
      EXPECT_NE(std::string(e.what()).find(c.expect), std::string::npos) << e.what();
    }
  }
  Trace big = good;  // a table value beyond +-2 in the gate format
  big.layers[0].blobs["lstm.tanh"][0] = 0xFF, big.layers[0].blobs["lstm.tanh"][3] = 0x7F;
  EXPECT_THROW(workload_from_trace(big, "t.axt"), TraceError);
}

}  // namespace
}  // namespace axsim::workloads::lstm_sequence_test
