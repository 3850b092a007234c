// SPDX-License-Identifier: Apache-2.0
// The float reference executor: the zoo's sequential models chain, conv / fc / ReLU / pooling
// give hand-computed values, compression can take its activations, and end-to-end fidelity
// behaves.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "results/compression_store.hpp"
#include "sim/error.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/reference/executor.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads::executor_test {
namespace {

ModelLayer conv_layer(int c, int h, int w, int m, int k, int stride, int pad, int groups,
                      std::vector<float> weights) {
  ModelLayer l;
  l.name = "conv";
  l.kind = OpKind::kConv;
  l.in_channels = c, l.in_h = h, l.in_w = w, l.out_channels = m;
  l.kernel_h = l.kernel_w = k, l.stride_h = l.stride_w = stride, l.pad_h = l.pad_w = pad, l.groups = groups;
  l.weights.shape = {l.rows(), l.cols()};
  l.weights.data = std::move(weights);
  return l;
}

ModelLayer fc_layer(int in, int out, std::vector<float> weights, std::vector<float> bias) {
  ModelLayer l;
  l.name = "fc";
  l.in_channels = in, l.out_channels = out;
  l.weights.shape = {out, in};
  l.weights.data = std::move(weights);
  l.bias.shape = {out};
  l.bias.data = std::move(bias);
  return l;
}

Model sequential(std::vector<ModelLayer> layers) {
  Model m;
  m.name = "hand";
  m.layers = std::move(layers);
  m.sequential = true;
  return m;
}

std::vector<float> iota(std::size_t n, float first) {
  std::vector<float> v(n);
  for (float& x : v) x = first++;
  return v;
}

// Convolution straight from its definition, one output at a time, to check the fast loops.
std::vector<float> naive_conv(const ModelLayer& l, const std::vector<float>& x) {
  const int oh = (l.in_h + 2 * l.pad_h - l.kernel_h) / l.stride_h + 1;
  const int ow = (l.in_w + 2 * l.pad_w - l.kernel_w) / l.stride_w + 1;
  const int cg = l.in_channels / l.groups, mg = l.out_channels / l.groups;
  std::vector<float> y;
  for (int m = 0; m < l.out_channels; ++m)
    for (int oy = 0; oy < oh; ++oy)
      for (int ox = 0; ox < ow; ++ox) {
        double acc = 0;
        for (int c = 0; c < cg; ++c)
          for (int r = 0; r < l.kernel_h; ++r)
            for (int s = 0; s < l.kernel_w; ++s) {
              const int iy = oy * l.stride_h - l.pad_h + r, ix = ox * l.stride_w - l.pad_w + s;
              if (iy < 0 || iy >= l.in_h || ix < 0 || ix >= l.in_w) continue;
              const int ic = (m / mg) * cg + c;
              const int k = ((m * cg + c) * l.kernel_h + r) * l.kernel_w + s;
              acc += double(l.weights.data[std::size_t(k)]) *
                     x[std::size_t((ic * l.in_h + iy) * l.in_w + ix)];
            }
        y.push_back(float(acc));
      }
  return y;
}

Recipe recipe(const std::string& defaults) {
  return parse_recipe("t.json",
                      R"({"axsim_recipe":1,"name":"t","seed":3,"defaults":)" + defaults + "}");
}

TEST(Executor, ZooSequentialModelsChain) {
  for (const char* name : {"lenet-300-100", "lenet5", "alexnet", "vgg16"}) {
    const Model m = make_zoo_model(name, 1);
    EXPECT_TRUE(m.sequential) << name;
    for (std::size_t i = 1; i < m.layers.size(); ++i)
      EXPECT_EQ(layer_input_size(m.layers[i]), layer_output_size(m.layers[i - 1]))
          << name << " " << m.layers[i].name;
    EXPECT_NO_THROW(check_sequential(m)) << name;
  }
  for (const char* name : {"tiny", "googlenet", "neuraltalk", "ese-lstm"}) {
    const Model m = make_zoo_model(name, 1);
    EXPECT_FALSE(m.sequential) << name;
    EXPECT_THROW(run_reference(m, seeded_input(m, 1)), std::invalid_argument) << name;
  }
}

TEST(Executor, PoolingUsesCaffeCeilModeAndAlexNetShrinks55To6) {
  EXPECT_EQ(pooled_size(55, 3, 2), 27);
  EXPECT_EQ(pooled_size(27, 3, 2), 13);
  EXPECT_EQ(pooled_size(13, 3, 2), 6);
  EXPECT_EQ(pooled_size(56, 3, 2), 28);  // ceil mode: floor would give 27
  EXPECT_EQ(pooled_size(7, 2, 2), 4);    // the last window is clipped to one row
  const Model alex = make_zoo_model("alexnet", 1);
  EXPECT_EQ(layer_output_size(alex.layers[0]), 96 * 27 * 27);
  EXPECT_EQ(layer_output_size(alex.layers[1]), 256 * 13 * 13);
  EXPECT_EQ(layer_output_size(alex.layers[4]), 9216);
  EXPECT_EQ(alex.layers[5].in_channels, 9216);
}

// conv 1x3x3 -> 2x2x2 (2x2 kernels), ReLU, 2/2 max pooling -> 2 values, then fc 2 -> 2.
TEST(Executor, ConvReluPoolFcMatchHandComputedValues) {
  ModelLayer c = conv_layer(1, 3, 3, 2, 2, 1, 0, 1, {1, 0, 0, -1, 0, 1, 1, 0});
  c.bias.data = {1, 0};
  c.relu_after = true, c.pool_after = 2, c.pool_stride = 2;
  const Model m = sequential({c, fc_layer(2, 2, {1, 1, 2, -1}, {0.5f, 0})});
  const auto acts = run_reference(m, iota(9, 1));  // input 1..9, row-major
  ASSERT_EQ(acts.size(), 3u);
  // Channel 0: x[y][x] - x[y+1][x+1] + 1 = -3 everywhere, ReLU -> 0. Channel 1:
  // x[y][x+1] + x[y+1][x] = 6, 8, 12, 14, max -> 14.
  EXPECT_EQ(acts[1], (std::vector<float>{0, 14}));
  EXPECT_EQ(acts[2], (std::vector<float>{14.5f, -14}));
  EXPECT_THROW(run_reference(m, iota(8, 1)), std::invalid_argument);
}

// Two groups, stride 2, padding 1, 1x1 kernels: each output channel reads only its own input
// channel, and only the centre output lands inside the 3x3 input.
TEST(Executor, GroupedStridedPaddedConv) {
  const Model m = sequential({conv_layer(2, 3, 3, 2, 1, 2, 1, 2, {2, -3})});
  const auto acts = run_reference(m, iota(18, 1));
  EXPECT_EQ(acts[1], (std::vector<float>{0, 0, 0, 0, 10, 0, 0, 0, 0,  //
                                         0, 0, 0, 0, -42, 0, 0, 0, 0}));
}

TEST(Executor, ConvLoopsMatchTheDefinition) {
  Rng rng(9);
  std::vector<float> w(4 * 2 * 3 * 3), x(4 * 7 * 9);
  for (float& v : w) v = float(rng.normal());
  for (float& v : x) v = float(rng.normal());
  const ModelLayer l = conv_layer(4, 7, 9, 4, 3, 2, 1, 2, w);
  ModelLayer l2 = l;
  l2.in_h = 9, l2.in_w = 7, l2.stride_h = l2.stride_w = 1, l2.pad_h = l2.pad_w = 2;
  ModelLayer l3 = l;  // a different stride and padding per axis (PaddleOCR's [2, 1] strides)
  l3.stride_h = 2, l3.stride_w = 1, l3.pad_h = 1, l3.pad_w = 0;
  for (const ModelLayer& layer : {l, l2, l3}) {
    const std::vector<float> y = run_layer(layer, x), want = naive_conv(layer, x);
    ASSERT_EQ(y.size(), want.size());
    for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], want[i], 1e-5) << i;
  }
}

TEST(Executor, LeNet5ActivationsAreNonNegativeOnlyAfterRelu) {
  const Model m = make_zoo_model("lenet5", 1);
  const auto acts = run_reference(m, seeded_input(m, 1));
  ASSERT_EQ(acts.size(), 5u);
  EXPECT_EQ(acts[0].size(), 784u);
  EXPECT_EQ(acts[4].size(), 10u);
  auto min = [](const std::vector<float>& v) { return *std::min_element(v.begin(), v.end()); };
  auto max = [](const std::vector<float>& v) { return *std::max_element(v.begin(), v.end()); };
  EXPECT_GE(min(acts[0]), 0.f);
  EXPECT_LT(max(acts[0]), 1.f);
  EXPECT_LT(min(acts[1]), 0.f);  // Caffe LeNet: no ReLU after the convs
  EXPECT_LT(min(acts[2]), 0.f);
  EXPECT_GE(min(acts[3]), 0.f);  // after ip1's ReLU
  EXPECT_GT(max(acts[3]), 0.f);
}

TEST(Executor, CompressTakesReferenceActivations) {
  const Model m = make_zoo_model("lenet5", 1);
  const Recipe r = recipe(R"({"quantize":{"scheme":"uniform","bits":8},
                              "activations":{"source":"reference","bits":8}})");
  const Compressed c = compress(m, r);
  const auto acts = run_reference(m, seeded_input(m, r.seed));
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    EXPECT_EQ(c.layers[i].input_float, acts[i]) << m.layers[i].name;
    EXPECT_EQ(c.layers[i].input.q.size(), acts[i].size());
  }
  try {
    compress(make_zoo_model("tiny", 1), r);
    FAIL() << "tiny cannot run as a whole";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("a model that can run"), std::string::npos) << e.what();
  }
}

TEST(Executor, UncompressedModelHasFullEndToEndFidelity) {
  const Model m = make_zoo_model("lenet5", 1);
  const Recipe r = recipe(R"({"activations":{"bits":16}})");
  const ModelFidelity f = model_fidelity(m, compress(m, r), r.seed, 4);
  EXPECT_EQ(f.inputs, 4);
  EXPECT_EQ(f.outputs, 40u);
  EXPECT_NEAR(f.cosine, 1.0, 1e-6);
  EXPECT_GT(f.sqnr_db, 60);
  EXPECT_EQ(f.top1, 1.0);
  const std::vector<results::FidelityRow> rows = results::fidelity_rows({}, f);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].layer_index, -1);
  EXPECT_EQ(rows[0].layer, "model");
  EXPECT_NE(format_fidelity_table({}, f).find("model (4 inputs)"), std::string::npos);
  EXPECT_THROW(model_fidelity(make_zoo_model("tiny", 1), Compressed{}, 1, 1),
               std::invalid_argument);
}

TEST(Executor, TwoBitKmeansLosesMoreEndToEndThanInt8) {
  const Model m = make_zoo_model("lenet5", 1);
  auto fidelity = [&](const char* quant) {
    const Recipe r = recipe(std::string(R"({"quantize":)") + quant + "}");
    return model_fidelity(m, compress(m, r), r.seed, 4);
  };
  const ModelFidelity int8 = fidelity(R"({"scheme":"uniform","bits":8})");
  const ModelFidelity two = fidelity(R"({"scheme":"kmeans","bits":2})");
  EXPECT_GT(int8.sqnr_db, 20);
  EXPECT_LT(two.sqnr_db, int8.sqnr_db);
  EXPECT_LT(two.cosine, int8.cosine);
}

}  // namespace
}  // namespace axsim::workloads::executor_test
