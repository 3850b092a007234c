// SPDX-License-Identifier: Apache-2.0
// The ESE unit on LSTM(P) layers made by the front-end: whole-sequence outputs against the
// fixed-point reference for every way of running them, the weight stream's traffic, refusals,
// and the trends its structures should show.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/reference/lstm_sequence.hpp"

namespace axsim::ese_test {
namespace {

using nlohmann::json;

struct Case {
  int pes = 8;
  bool projection = true;
  int utterances = 2, seq_len = 6;
  double density = 0.3;
};

workloads::Layer make_layer(const Case& c) {
  workloads::ModelLayer l;
  l.name = "lstm", l.kind = workloads::OpKind::kLstm;
  l.in_channels = 20, l.out_channels = 24, l.recurrent_in = c.projection ? 12 : 24;
  l.seq_len = c.seq_len;
  if (c.projection) l.projection.shape = {12, 24};
  workloads::fill_random_weights(l, 7);
  workloads::Model m;
  m.name = "t", m.source = "test", m.layers = {l};
  const std::string recipe = R"({"axsim_recipe": 1, "name": "t", "defaults": {
    "prune": {"density": )" + std::to_string(c.density) + R"(, "balance_pes": )" +
                             std::to_string(c.pes / 2) + R"(, "balance_channels": 2},
    "quantize": {"scheme": "uniform", "bits": 12, "power_of_two": true},
    "encoding": {"format": "ese", "num_pes": )" + std::to_string(c.pes / 2) + R"(, "channels": 2},
    "fixed_point": {"lstm": {"utterances": )" + std::to_string(c.utterances) + R"(}},
    "huffman": false, "activations": {"source": "synthetic", "density": 0.9, "bits": 16}}})";
  const workloads::Recipe r = workloads::parse_recipe("t", recipe);
  const workloads::Trace t = workloads::to_trace(workloads::compress(m, r), r, "test");
  return workloads::workload_from_trace(t, "t.axt").layers.front();
}

json params(int pes, json extra = json::object()) {
  json p = {{"channels", 2}, {"pes_per_channel", pes / 2}, {"elementwise_units", 4},
            {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 16},
                      {"latency_cycles", 20}}}};
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

struct Outcome {
  std::uint64_t cycles = 0;
  std::vector<std::int32_t> output;
  double stream_bytes = 0;
};

Outcome run(const workloads::Layer& layer, const json& p) {
  test::UnitBench b("ese", p, 5000);  // 200 MHz
  b.unit->check_layer(layer);
  Outcome r;
  r.cycles = b.run(layer);
  r.output = b.unit->layer_output();
  for (const sim::Component* c : b.sim.ctx().components)
    if (c->type() == "ese.weight_stream") r.stream_bytes = c->stats().find("bytes")->value();
  return r;
}

TEST(Ese, WholeSequencesEqualTheReferenceHoweverTheyRun) {
  for (const bool projection : {true, false}) {
    const workloads::Layer layer = make_layer({8, projection});
    const std::vector<std::int32_t> want = workloads::lstm_sequence_reference(layer).h;
    ASSERT_GT(std::count_if(want.begin(), want.end(), [](std::int32_t v) { return v != 0; }),
              std::ptrdiff_t(want.size() / 2));
    for (const json& extra :
         {json{{"batch", 1}}, json{{"batch", 2}}, json{{"batch", 2}, {"act_queue_depth", 1}},
          json{{"weight_buffer_bytes", 128}}, json{{"weights_resident", true}},
          json{{"batch", 2}, {"elementwise_latency_cycles", 40}, {"elementwise_units", 1}},
          json{{"dram", {{"model", "ddr3_1600"}, {"channels", 2}}}}})
      EXPECT_EQ(run(layer, params(8, extra)).output, want) << projection << " " << extra.dump();
  }
}

TEST(Ese, StreamsEveryStepUnlessTheMatricesStay) {
  const workloads::Layer layer = make_layer({});
  const Outcome stream = run(layer, params(8, {{"batch", 1}}));
  const Outcome batched = run(layer, params(8, {{"batch", 2}}));
  const Outcome resident = run(layer, params(8, {{"weights_resident", true}}));
  // Six steps of two utterances: one round of both matrices per step and batch group.
  EXPECT_DOUBLE_EQ(stream.stream_bytes, 2 * batched.stream_bytes);
  EXPECT_DOUBLE_EQ(batched.stream_bytes, 3 * resident.stream_bytes);
  EXPECT_LT(batched.cycles, stream.cycles);
}

TEST(Ese, SlowerMemoryTakesLonger) {
  const workloads::Layer layer = make_layer({});
  json slow = params(8), fast = params(8);
  slow["dram"]["bytes_per_cycle"] = 0.5;
  EXPECT_GT(run(layer, slow).cycles, run(layer, fast).cycles);
}

TEST(Ese, RefusesWhatItCannotRun) {
  const workloads::Layer layer = make_layer({});
  test::UnitBench other("ese", params(16), 5000);  // the trace is for 8 PEs
  EXPECT_THROW(other.unit->check_layer(layer), sim::ConfigError);
  test::UnitBench big_batch("ese", params(8, {{"batch", 4}}), 5000);  // 2 utterances stored
  EXPECT_THROW(big_batch.unit->check_layer(layer), sim::ConfigError);
  workloads::Layer no_rule = layer;
  no_rule.lstm.reset();
  test::UnitBench b("ese", params(8), 5000);
  try {
    b.unit->check_layer(no_rule);
    FAIL() << "expected a ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("sequence rule"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace axsim::ese_test
