// SPDX-License-Identifier: Apache-2.0
// The dense unit between its real neighbours: outputs against the reference convolution, and
// cycle counts against hand-traced timelines.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arch/unit.hpp"
#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/make_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/rng.hpp"

namespace axsim::dense_test {
namespace {

using nlohmann::json;

json dense_params(int rows, int cols, int macs, const std::string& dataflow) {
  return {{"pe_rows", rows},
          {"pe_cols", cols},
          {"macs_per_pe", macs},
          {"dataflow", dataflow},
          {"weight_buffer", {{"capacity_bytes", 2048}, {"width_bits", 128}}},
          {"input_buffer", {{"capacity_bytes", 2048}, {"width_bits", 128}}},
          {"output_buffer", {{"capacity_bytes", 1024}, {"width_bits", 128}}},
          {"dram",
           {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 16}, {"latency_cycles", 10}, {"queue_depth", 8}}}};
}

/// One dense unit in a fresh simulation, all on a 1 GHz clock.
struct Bench : test::UnitBench {
  explicit Bench(const json& params) : UnitBench("dense", params) {}
};

workloads::Layer random_layer(const workloads::LayerShape& s, std::uint64_t seed) {
  workloads::Rng rng(seed);
  std::vector<std::int32_t> w(s.weight_count()), x(s.input_count());
  for (auto& v : w) v = int(rng.next() % 255) - 127;
  for (auto& a : x) a = rng.next() % 4 ? int(rng.next() % 128) : 0;
  return workloads::make_layer("l", s, w, x, {"dense"});
}

workloads::LayerShape conv(int c, int h, int m, int k, int stride, int pad) {
  workloads::LayerShape s;
  s.in_channels = c, s.in_h = h, s.in_w = h + 1;  // non-square, to catch swapped axes
  s.out_channels = m, s.kernel_h = k, s.kernel_w = k, s.stride_h = s.stride_w = stride, s.pad_h = s.pad_w = pad;
  return s;
}

workloads::LayerShape fc(int in, int out) {
  workloads::LayerShape s;
  s.kind = workloads::LayerKind::kFullyConnected;
  s.in_channels = in, s.out_channels = out;
  return s;
}

class DenseOutputs : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

// Small buffers force several input-channel blocks (partial sums carried in the output buffer),
// several pixel blocks and block reuse; every output must equal the reference exactly.
TEST_P(DenseOutputs, EqualReferenceOnAwkwardShapes) {
  const auto& [dataflow, macs] = GetParam();
  const std::vector<workloads::LayerShape> shapes = {
      conv(3, 9, 5, 3, 1, 1), conv(7, 11, 6, 5, 2, 2), conv(20, 6, 9, 3, 1, 0),
      conv(1, 12, 3, 1, 1, 0), fc(300, 37), fc(5, 3)};
  std::uint64_t seed = 1;
  for (const auto& s : shapes) {
    Bench b(dense_params(4, 3, macs, dataflow));
    const auto layer = random_layer(s, seed++);
    b.run(layer);
    EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(layer))
        << "shape C=" << s.in_channels << " H=" << s.in_h << " M=" << s.out_channels;
  }
}

INSTANTIATE_TEST_SUITE_P(Dataflows, DenseOutputs,
                         ::testing::Combine(::testing::Values("output_stationary",
                                                              "weight_stationary"),
                                            ::testing::Values(1, 4)));

TEST(DenseTiming, FcOutputStationaryMatchesHandTrace) {
  // 16 -> 4 FC on 4x4 PEs, 1 MAC each, DRAM 16 B/cycle, 10-cycle latency, all at 1 GHz:
  //  0  controller issues the weight read (64 B); the input read waits for the next cycle
  //  1  DRAM starts the weight read (4 cycles); controller sends the input read (16 B)
  //  5  weight read done, response lands at 15; input read starts (1 cycle)
  //  6  input read done, response lands at 16
  // 16  both loaded: the tile goes to the PE array, arriving at 17
  // 17..32  16 reduction steps; done token lands at 33
  // 33  controller drains outputs, write (16 B) lands at DRAM at 34, done at 35, acked at 45
  Bench b(dense_params(4, 4, 1, "output_stationary"));
  const auto layer = random_layer(fc(16, 4), 7);
  EXPECT_EQ(b.run(layer), 45u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(layer));
}

TEST(DenseTiming, FcWeightStationaryMatchesHandTrace) {
  // Same layer weight stationary: 4 passes of 4x4 stationary weights, each loaded in one
  // 128-bit read overlapped with its single pixel: cycles 17..20, done at 21, write acked at 33.
  Bench b(dense_params(4, 4, 1, "weight_stationary"));
  const auto layer = random_layer(fc(16, 4), 7);
  EXPECT_EQ(b.run(layer), 33u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(layer));
}

TEST(DenseTiming, ComputeCyclesAndMacsOfAConvLayer) {
  // 3x8x9 input, 4 filters 3x3, pad 1: 72 pixels in 24 groups of 3 columns, K = 27 steps each.
  Bench b(dense_params(4, 3, 1, "output_stationary"));
  const auto layer = random_layer(conv(3, 8, 4, 3, 1, 1), 3);
  b.run(layer);
  const auto* pe = [&]() -> const sim::Component* {
    for (const sim::Component* c : b.sim.ctx().components)
      if (c->path() == "dense.pe_array") return c;
    return nullptr;
  }();
  ASSERT_NE(pe, nullptr);
  EXPECT_EQ(pe->stats().find("compute_cycles")->value(), 24 * 27);
  EXPECT_EQ(pe->actions().all()[0].count, layer.shape.macs());
}

TEST(DenseTiming, SpilledInputRunsInBandsReadOnce) {
  // 1x40x41 input > the 1 KiB input half: bands of 22 output rows (input rows 0..22, 23 x 41 =
  // 943 values) and 18 (rows 21..39), each read once for all 4 filters; the 36 weight bytes
  // stay resident across bands. DRAM reads: (23 + 19) x 41 + 36 bytes.
  Bench b(dense_params(4, 4, 1, "output_stationary"));
  const auto layer = random_layer(conv(1, 40, 4, 3, 1, 1), 1);
  b.run(layer);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(layer));
  const auto* dram = [&]() -> const sim::Component* {
    for (const sim::Component* c : b.sim.ctx().components)
      if (c->path() == "dense.dram") return c;
    return nullptr;
  }();
  ASSERT_NE(dram, nullptr);
  EXPECT_EQ(dram->stats().find("bytes_read")->value(), (23 + 19) * 41 + 36);
}

TEST(DenseTiming, LayerThatCannotFitIsAClearError) {
  Bench b(dense_params(4, 4, 1, "output_stationary"));
  // 3 input rows of 401 values > the 1 KiB input half, and so is one 400x401 plane.
  const auto layer = random_layer(conv(1, 400, 4, 3, 1, 1), 1);
  try {
    b.run(layer);
    FAIL() << "expected ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("fit half the input buffer"), std::string::npos);
  }
}

}  // namespace
}  // namespace axsim::dense_test

namespace axsim::dense_test {
namespace {

// 16-bit weight levels (SCNN's DCNN reads 16-bit traces): the datapath holds them exactly.
TEST(DenseOutputs16, SixteenBitWeightsEqualTheReference) {
  json p = dense_params(4, 3, 4, "output_stationary");
  p["data_bits"] = 16;
  const auto s = conv(5, 7, 6, 3, 1, 1);
  workloads::Rng rng(9);
  std::vector<std::int32_t> w(s.weight_count()), x(s.input_count());
  for (auto& v : w) v = int(rng.next() % 65535) - 32767;
  for (auto& a : x) a = int(rng.next() % 128);
  const auto layer = workloads::make_layer("l", s, w, x, {"dense"}, 16);
  Bench b(p);
  b.run(layer);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(layer));
}

// The weight image is checked against the memory budget before it is allocated, and a code
// whose level is wider than weight_bits is refused instead of being truncated to 16 bits.
TEST(DenseErrors, WeightImageChecksBudgetAndLevelWidth) {
  Bench b(dense_params(4, 4, 1, "output_stationary"));
  auto layer = random_layer(conv(2, 6, 4, 3, 1, 1), 3);
  sim::MemoryBudget::set("100");
  try {
    b.run(layer);
    ADD_FAILURE() << "expected ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("layer l: dense weight image: decoding needs"),
              std::string::npos) << e.what();
  }
  sim::MemoryBudget::clear();
  layer.fixed_point.weight_bits = 4;  // the codes are 8-bit levels
  Bench b2(dense_params(4, 4, 1, "output_stationary"));
  try {
    b2.run(layer);
    FAIL() << "expected ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("outside weight_bits 4"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace axsim::dense_test
