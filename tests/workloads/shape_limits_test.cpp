// SPDX-License-Identifier: Apache-2.0
// One layer-shape validation (workloads::shape_problem) and the memory budget
// (sim::MemoryBudget), and the trace reader refusing shapes and sizes through them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "tests/support/trace_fixtures.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/make_layer.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads::shape_limits_test {
namespace {

using test::replay_error;

LayerShape conv(int c, int hw, int m, int k, int stride, int pad, int groups = 1) {
  LayerShape s;
  s.kind = LayerKind::kConv;
  s.in_channels = c, s.in_h = s.in_w = hw, s.out_channels = m;
  s.kernel_h = s.kernel_w = k, s.stride_h = s.stride_w = stride, s.pad_h = s.pad_w = pad, s.groups = groups;
  return s;
}

void expect_problem(const LayerShape& s, const std::string& part) {
  const std::string p = shape_problem(s);
  EXPECT_NE(p.find(part), std::string::npos) << "problem: '" << p << "', expected '" << part << "'";
}

TEST(ShapeLimits, ValidShapesPass) {
  EXPECT_EQ(shape_problem(conv(3, 224, 64, 11, 4, 2)), "");
  EXPECT_EQ(shape_problem(conv(32, 56, 32, 3, 1, 1, 32)), "");  // depthwise
  LayerShape fc;
  fc.kind = LayerKind::kFullyConnected, fc.in_channels = 9216, fc.out_channels = 4096;
  EXPECT_EQ(shape_problem(fc), "");
  LayerShape lstm;
  lstm.kind = LayerKind::kLstm, lstm.in_channels = 40, lstm.out_channels = 4 * 128;
  lstm.recurrent_in = 128, lstm.seq_len = 100;
  EXPECT_EQ(shape_problem(lstm), "");
  EXPECT_NO_THROW(validate(lstm, "x"));
}

TEST(ShapeLimits, EveryFieldIsBounded) {
  expect_problem(conv(0, 8, 4, 3, 1, 1), "in_channels is 0");
  expect_problem(conv(4, 8, -1, 3, 1, 1), "out_channels is -1");
  expect_problem(conv(4, 8, 4, 0, 1, 0), "kernel_h is 0");
  expect_problem(conv(4, 8, 4, 3, 0, 1), "stride_h is 0");
  expect_problem(conv(4, 8, 4, 3, 1, -1), "pad_h is -1");
  expect_problem(conv(4, 8, 4, 3, 1, 3), "pad_h is 3, expected 0..2");
  expect_problem(conv(4, 8, 4, 3, 1, 1, 0), "groups is 0");
  expect_problem(conv(4, 8, 6, 3, 1, 1, 4), "groups 4 does not divide");
  expect_problem(conv(4, 1 << 17, 4, 3, 1, 1), "in_h is 131072");
  expect_problem(conv(4, 2, 4, 5, 1, 1), "output is 0 x 0");
  LayerShape fc;
  fc.kind = LayerKind::kFullyConnected, fc.in_channels = 8, fc.out_channels = 6, fc.groups = 4;
  expect_problem(fc, "groups 4 does not divide");
  LayerShape lstm;
  lstm.kind = LayerKind::kLstm, lstm.in_channels = 4, lstm.out_channels = 8, lstm.seq_len = 0;
  expect_problem(lstm, "seq_len is 0");
  lstm.seq_len = 1, lstm.recurrent_in = -2;
  expect_problem(lstm, "recurrent_in is -2");
}

TEST(ShapeLimits, ProductsThatWouldOverflowAreRefused) {
  // Each factor is within its limit; the weight matrix is 2^24 x 2^24.
  LayerShape fc;
  fc.kind = LayerKind::kFullyConnected;
  fc.in_channels = fc.out_channels = ShapeLimits::kMaxChannels;
  expect_problem(fc, "weight values, above the limit");
  expect_problem(conv(1 << 16, 1 << 16, 1, 1, 1, 0), "input plane values");
  EXPECT_THROW(validate(fc, "model.onnx: layer 'fc'"), std::invalid_argument);
  try {
    validate(fc, "model.onnx: layer 'fc'");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("model.onnx: layer 'fc': fc layer shape:"),
              std::string::npos) << e.what();
  }
}

TEST(ShapeLimits, MakeLayerValidates) {
  EXPECT_THROW(make_layer("bad", conv(4, 8, 4, 3, 0, 1), {}, {}, {"dense"}, 8, 8, {}),
               std::invalid_argument);
}

// A one-layer trace whose layer header is edited, then replayed.
Trace small_trace() {
  Model m;
  m.name = "one";
  m.layers.push_back(test::small_conv());
  const Recipe r = parse_recipe("t", R"({"axsim_recipe":1,"name":"t","defaults":{
      "quantize":{"scheme":"uniform","bits":8},"encoding":{"format":"dense"},
      "activations":{"density":1.0}}})");
  return to_trace(compress(m, r), r, "test");
}


TEST(ShapeLimits, TraceReaderRefusesAnInvalidShape) {
  Trace t = small_trace();
  ASSERT_EQ(replay_error(t), "");
  nlohmann::json h = nlohmann::json::parse(t.layers[0].header_json);
  h["pad"] = 7;  // above the 3 x 3 kernel: the output would read only padding
  t.layers[0].header_json = h.dump();
  const std::string e = replay_error(t);
  EXPECT_NE(e.find("t.axt: layer 'c': header: pad_h is 7, expected 0..2"), std::string::npos) << e;
}

TEST(MemoryBudget, ParsesSizes) {
  EXPECT_EQ(sim::MemoryBudget::parse("4096", "x"), 4096u);
  EXPECT_EQ(sim::MemoryBudget::parse("512M", "x"), 512u << 20);
  EXPECT_EQ(sim::MemoryBudget::parse("8G", "x"), std::uint64_t{8} << 30);
  EXPECT_EQ(sim::MemoryBudget::parse("2k", "x"), 2048u);
  for (const char* bad : {"", "G", "0", "-1", "1.5G", "12Q", "99999999999999999999", "16777216T"})
    EXPECT_THROW(sim::MemoryBudget::parse(bad, "x"), sim::ConfigError) << bad;
  EXPECT_EQ(sim::bytes_of(~std::uint64_t{0} / 2, 4), ~std::uint64_t{0});
}

TEST(MemoryBudget, DefaultIsPositiveAndOverridesApply) {
  sim::MemoryBudget::clear();
  if (std::getenv("AXSIM_MEMORY_BUDGET") == nullptr) {
    EXPECT_GT(sim::MemoryBudget::bytes(), 0u);
  }
  sim::MemoryBudget::set("1K");
  EXPECT_EQ(sim::MemoryBudget::bytes(), 1024u);
  EXPECT_NO_THROW(sim::MemoryBudget::check(1024, "f"));
  try {
    sim::MemoryBudget::check(1025, "f.axt: layer 'x'");
    ADD_FAILURE() << "no refusal";
  } catch (const sim::ConfigError& e) {
    EXPECT_STREQ(e.what(), "f.axt: layer 'x': decoding needs 1025 bytes, above the memory budget "
                           "of 1024 (AXSIM_MEMORY_BUDGET or --memory-budget)");
  }
  EXPECT_THROW(sim::MemoryBudget::set("lots"), sim::ConfigError);
  sim::MemoryBudget::clear();
}

TEST(MemoryBudget, TraceLayersAboveTheBudgetAreRefusedBeforeDecoding) {
  const Trace t = small_trace();
  sim::MemoryBudget::set("100");
  const std::string e = replay_error(t);
  sim::MemoryBudget::clear();
  EXPECT_NE(e.find("t.axt: layer 'c': decoding needs"), std::string::npos) << e;
  EXPECT_NE(e.find("above the memory budget of 100"), std::string::npos) << e;
}

}  // namespace
}  // namespace axsim::workloads::shape_limits_test
