// SPDX-License-Identifier: Apache-2.0
// The SCNN unit: outputs against the reference convolution for strides, pads and grids; the
// Cartesian-product work, bank conflicts, barriers and Kc against hand counts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arch/scnn/layer_plan.hpp"
#include "sim/error.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/make_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/rng.hpp"

namespace axsim::scnn_test {
namespace {

using nlohmann::json;

json scnn_params(int rows, int cols, int f = 4, int i = 4, int banks = 32, int entries = 32,
                 int queue = 2) {
  return {{"pe_rows", rows}, {"pe_cols", cols}, {"f", f}, {"i", i}, {"acc_banks", banks},
          {"bank_entries", entries}, {"product_queue_depth", queue},
          {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 50}, {"latency_cycles", 10}}}};
}

struct ScnnBench : test::UnitBench {
  explicit ScnnBench(const json& params) : UnitBench("scnn", params, 1000, "16nm") {}
  double stat(const std::string& path, const std::string& name) {
    double sum = 0;
    for (const sim::Component* c : sim.ctx().components)
      if (c->path().rfind(path, 0) == 0)
        for (const sim::Stat* s : c->stats().all())
          if (s->name() == name) sum += s->value();
    return sum;
  }
};

workloads::LayerShape conv(int c, int h, int w, int m, int k, int stride, int pad) {
  workloads::LayerShape s;
  s.in_channels = c, s.in_h = h, s.in_w = w, s.out_channels = m;
  s.kernel_h = s.kernel_w = k, s.stride_h = s.stride_w = stride, s.pad_h = s.pad_w = pad;
  return s;
}

/// A layer stored in SCNN's format with the given weight and input levels.
workloads::Layer scnn_layer(const workloads::LayerShape& s, std::vector<std::int32_t> w,
                            std::vector<std::int32_t> x) {
  return workloads::make_layer("conv", s, w, std::move(x), {"scnn"});
}

workloads::Layer sparse_layer(const workloads::LayerShape& s, double w_density, double a_density,
                              std::uint64_t seed) {
  workloads::Rng rng(seed);
  auto draw = [&](double density) {
    const bool keep = double(rng.next() % 1000) < density * 1000;
    return keep ? int(rng.next() % 254) - 127 : 0;
  };
  std::vector<std::int32_t> w, x;
  for (std::uint64_t k = 0; k < s.weight_count(); ++k) w.push_back(draw(w_density));
  for (std::uint64_t k = 0; k < s.input_count(); ++k) {
    const int v = draw(a_density);
    x.push_back(v < 0 ? -v : v);
  }
  return scnn_layer(s, w, x);
}

struct Case {
  const char* name;
  int rows, cols;
  workloads::LayerShape shape;
  double wd, ad;
};

class ScnnOutputs : public ::testing::TestWithParam<Case> {};

TEST_P(ScnnOutputs, EqualTheReferenceConvolution) {
  const Case& c = GetParam();
  const workloads::Layer l = sparse_layer(c.shape, c.wd, c.ad, 7);
  ScnnBench b(scnn_params(c.rows, c.cols));
  EXPECT_GT(b.run(l), 0u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
}

INSTANTIATE_TEST_SUITE_P(
    Layers, ScnnOutputs,
    ::testing::Values(Case{"one_pe_3x3", 1, 1, conv(3, 6, 7, 5, 3, 1, 1), 0.5, 0.5},
                      Case{"grid_3x3_pad", 4, 4, conv(4, 12, 13, 9, 3, 1, 1), 0.4, 0.4},
                      Case{"stride2_5x5", 3, 2, conv(3, 15, 14, 6, 5, 2, 2), 0.6, 0.7},
                      Case{"stride4_11x11", 8, 8, conv(3, 35, 35, 8, 11, 4, 0), 0.8, 1.0},
                      Case{"pointwise", 8, 8, conv(16, 9, 9, 20, 1, 1, 0), 0.3, 0.4},
                      Case{"more_pes_than_pixels", 8, 8, conv(8, 5, 5, 12, 3, 1, 1), 0.5, 0.5},
                      Case{"dense", 2, 2, conv(2, 8, 8, 4, 3, 1, 0), 1.0, 1.0},
                      Case{"fully_connected", 8, 8, conv(300, 1, 1, 70, 1, 1, 0), 0.5, 0.6}),
    [](const auto& info) { return std::string(info.param.name); });

// One PE, one weight, eight activations at distinct outputs: ceil(8 / I) = 2 vector pairs, one
// multiply cycle each, every product useful and no bank conflict (consecutive addresses).
TEST(ScnnWork, CartesianProductCountsVectorPairs) {
  const workloads::Layer l = scnn_layer(conv(1, 1, 8, 1, 1, 1, 0), {3}, {1, 2, 3, 4, 5, 6, 7, 8});
  ScnnBench b(scnn_params(1, 1));
  b.run(l);
  EXPECT_EQ(b.stat("scnn.pe", "vector_pairs"), 2.0);
  EXPECT_EQ(b.stat("scnn.pe", "useful_products"), 8.0);
  EXPECT_EQ(b.stat("scnn.pe", "idle_multiplier_slots"), 2 * 12.0);  // 3 of 4 weight slots empty
  EXPECT_EQ(b.stat("scnn.pe", "crossbar_stall_cycles"), 0.0);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
}

// A 1x1 kernel at stride 2 reads only inputs at even (x, y): the stride phases keep the other
// 48 activations away from the multipliers instead of forming products that fall between
// outputs. 16 activations of phase 0 make 4 activation vectors for the one weight vector.
TEST(ScnnWork, StridedLayersMultiplyOnlyTheMatchingPhase) {
  const workloads::Layer l =
      scnn_layer(conv(1, 8, 8, 1, 1, 2, 0), {3}, std::vector<std::int32_t>(64, 1));
  ScnnBench b(scnn_params(1, 1));
  b.run(l);
  EXPECT_EQ(b.stat("scnn.pe", "vector_pairs"), 4.0);
  EXPECT_EQ(b.stat("scnn.pe", "useful_products"), 16.0);
  EXPECT_EQ(b.stat("scnn.pe", "dropped_products"), 0.0);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
}

// A fully connected layer (1 x 1 input) deals its input channels out over the PEs: every PE
// works, one activation (I = 1 of 4) against each weight vector.
TEST(ScnnWork, FullyConnectedLayersUseEveryPe) {
  const auto shape = conv(640, 1, 1, 32, 1, 1, 0);
  const workloads::Layer l =
      scnn_layer(shape, std::vector<std::int32_t>(shape.weight_count(), 1),
                 std::vector<std::int32_t>(shape.input_count(), 2));
  ScnnBench b(scnn_params(8, 8));
  b.run(l);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  for (const sim::Component* c : b.sim.ctx().components) {
    if (c->type() != "scnn.pe") continue;
    for (const sim::Stat* s : c->stats().all()) {
      if (s->name() == "vector_pairs") {
        EXPECT_EQ(s->value(), 10.0 * 8) << c->path();  // 10 channels x 32 weights / F
      }
    }
  }
}

// The ablations of the paper's Table 6: SCNN-SparseA multiplies every weight position and
// SCNN-SparseW every activation; with both switched off the unit does the vector pairs of a
// layer with no zeros at all, and its outputs stay exact.
TEST(ScnnWork, SparseAAndSparseWAblationsMultiplyTheZerosTheySkipNoMore) {
  const auto shape = conv(3, 10, 10, 8, 3, 1, 1);
  const workloads::Layer sparse = sparse_layer(shape, 0.3, 0.4, 9);
  json p = scnn_params(2, 2);
  p["skip_zero_weights"] = false, p["skip_zero_activations"] = false;
  ScnnBench neither(p), dense(scnn_params(2, 2));
  neither.run(sparse);
  EXPECT_EQ(neither.unit->layer_output(), workloads::reference_output(sparse));
  dense.run(scnn_layer(shape, std::vector<std::int32_t>(shape.weight_count(), 1),
                       std::vector<std::int32_t>(shape.input_count(), 1)));  // no zeros at all
  EXPECT_EQ(neither.stat("scnn.pe", "vector_pairs"), dense.stat("scnn.pe", "vector_pairs"));
  for (const char* flag : {"skip_zero_weights", "skip_zero_activations"}) {
    json one = scnn_params(2, 2);
    one[flag] = false;
    ScnnBench b(one), full(scnn_params(2, 2));
    b.run(sparse), full.run(sparse);
    EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(sparse)) << flag;
    EXPECT_GT(b.stat("scnn.pe", "vector_pairs"), full.stat("scnn.pe", "vector_pairs")) << flag;
  }
}

// Kc is the most output channels whose partial sums fit one accumulator buffer in every PE.
TEST(ScnnPlan, KcFillsTheAccumulators) {
  const workloads::Layer l = sparse_layer(conv(2, 16, 16, 64, 3, 1, 1), 0.5, 0.5, 3);
  arch::scnn::ScnnSpec spec;
  spec.pe_rows = spec.pe_cols = 2;  // 8 x 8 input tiles; with a 3x3 kernel each reaches 9 x 9
  const arch::scnn::LayerPlan p = arch::scnn::plan_layer(l, spec);  // outputs (one edge clipped)
  EXPECT_EQ(p.kc, 1024 / 81);
  EXPECT_EQ(p.groups, (64 + 11) / 12);
  EXPECT_EQ(p.tiles[0].out_x.size() * p.tiles[0].out_y.size(), 81);
}

TEST(ScnnPlan, RejectsATileWhoseOutputsDoNotFit) {
  const workloads::Layer l = sparse_layer(conv(1, 64, 64, 1, 3, 1, 1), 1, 1, 3);
  ScnnBench b(scnn_params(1, 1));
  EXPECT_THROW(b.unit->check_layer(l), sim::ConfigError);
}

// stride^2 phases sized tables per channel and overflowed an int at stride 46341.
TEST(ScnnPlan, RejectsAStrideWhosePhasesOverflow) {
  const workloads::Layer l = scnn_layer(conv(1, 1, 1, 1, 1, 50000, 0), {1}, {1});
  try {
    arch::scnn::plan_layer(l, arch::scnn::ScnnSpec{});
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("layer conv: strides 50000 x 50000 give 2500000000 phases"),
              std::string::npos) << e.what();
  }
}

TEST(ScnnPlan, CompressedBytesCountPaddingZeros) {
  // 4-bit runs: 20 zeros before a value need one padding zero (16 zeros), then a run of 4.
  std::vector<std::int32_t> v(20, 0);
  v.push_back(5);
  EXPECT_EQ(arch::scnn::compressed_bytes(v, 16, 4), (2u * 20 + 7) / 8);
  EXPECT_EQ(arch::scnn::compressed_bytes({0, 0, 0}, 16, 4), 0u);
}

// The weight bytes SCNN fetches are the stored bytes of the layer's scnn encoding, whatever the
// output-channel grouping (Kc) and for a grouped convolution, whose encoding blocks hold a group-
// local channel for all outputs; the outputs still equal the trace's reference.
TEST(ScnnWeights, FetchesExactlyTheStoredEncoding) {
  auto shape = conv(8, 12, 12, 48, 3, 1, 1);
  for (int groups : {1, 2}) {
    shape.groups = groups;
    const workloads::Layer l = sparse_layer(shape, 0.3, 0.5, 11);
    ScnnBench b(scnn_params(2, 2));
    b.run(l);
    EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l)) << groups;
    EXPECT_EQ(b.stat("scnn.sequencer", "weight_bytes"), double(l.encoding("scnn")->bytes.size()))
        << groups << " groups";
    EXPECT_GT(b.stat("scnn.sequencer", "groups"), 1.0) << "several Kc groups";
  }
}

// Sparser layers run faster on the same grid (the point of SCNN).
TEST(ScnnWork, SparserIsFaster) {
  ScnnBench dense_b(scnn_params(4, 4)), sparse_b(scnn_params(4, 4));
  const auto shape = conv(16, 16, 16, 32, 3, 1, 1);
  const std::uint64_t dense = dense_b.run(sparse_layer(shape, 1.0, 1.0, 5));
  const std::uint64_t sparse = sparse_b.run(sparse_layer(shape, 0.3, 0.3, 5));
  EXPECT_LT(sparse * 3, dense);  // 0.09 of the work; small vectors fragment the array
}

}  // namespace
}  // namespace axsim::scnn_test
