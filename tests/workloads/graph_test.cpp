// SPDX-License-Identifier: Apache-2.0
// Built-in models as graphs, run by the ONNX executor: a hand-made DAG (two branches into a
// concat, a residual add) against hand-computed values; GoogLeNet and ResNet-18 end to end, each
// branch layer consuming exactly what its producers emitted; the sequential built-ins giving the
// same activations as the layer-by-layer reference executor.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

#include "workloads/model/graph.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/onnx/graph_runner.hpp"
#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/reference/executor.hpp"

namespace axsim::workloads::graph_test {
namespace {

ModelLayer conv1x1(const std::string& name, int c, int m, std::vector<float> w) {
  ModelLayer l;
  l.name = name, l.kind = OpKind::kConv;
  l.in_channels = c, l.in_h = l.in_w = 2, l.out_channels = m;
  l.weights.shape = {m, c}, l.weights.data = std::move(w);
  return l;
}

// x [1][1][2][2] = 1, -2, 3, -4.
//   a = relu(ca: 2x) = 2, 0, 6, 0          b = cb: -x = -1, 2, -3, 4
//   cat = concat(a, b) along channels       c = cc: a + b = 1, 2, 3, 4
//   s = relu((c + x) * 0.5) = 1, 0, 3, 0    fc(mean(s) = 1): 3 * 1, -1 * 1
TEST(Graph, HandMadeDagWithConcatAndResidualAdd) {
  GraphBuilder b("x", {1, 1, 2, 2});
  const std::string a = b.relu(b.layer(conv1x1("ca", 1, 1, {2}), "x"));
  const std::string bb = b.layer(conv1x1("cb", 1, 1, {-1}), "x");
  const std::string cat = b.concat({a, bb});
  const std::string c = b.layer(conv1x1("cc", 2, 1, {1, 1}), cat);
  const std::string s = b.relu(b.scale(b.add(c, "x"), 0.5f));
  ModelLayer fc;
  fc.name = "fc", fc.in_channels = 1, fc.out_channels = 2;
  fc.weights.shape = {2, 1}, fc.weights.data = {3, -1};
  b.layer(fc, b.flatten(b.global_average_pool(s)));
  const std::vector<ModelLayer> layers = b.layers();
  const ModelGraph g = b.finish();
  std::map<std::string, const ModelLayer*> by_name;
  for (const ModelLayer& l : layers) by_name[l.name] = &l;

  const OnnxExecutor exec(OnnxExecutor::InMemory{"hand", graph_to_onnx("hand", g)});
  const OnnxRun r = exec.run({{"x", OnnxValue::floats({1, 1, 2, 2}, {1, -2, 3, -4})}}, {},
                             [&](const std::string& name) {
                               return std::shared_ptr<const ModelLayer>(std::shared_ptr<void>(),
                                                                        by_name.at(name));
                             });
  ASSERT_EQ(r.outputs.size(), 1u);
  EXPECT_EQ(r.outputs[0].shape, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{3, -1}));
  // The concat layer consumes both branches, the first branch's channel first.
  EXPECT_EQ(r.layer_inputs.at("cc").packed, (std::vector<float>{2, 0, 6, 0, -1, 2, -3, 4}));
  EXPECT_EQ(r.layer_inputs.at("cc").dims, (std::vector<std::int64_t>{2, 2, 2}));
  EXPECT_EQ(r.layer_inputs.at("ca").packed, r.layer_inputs.at("cb").packed);
  EXPECT_EQ(r.layer_inputs.at("fc").packed, (std::vector<float>{1}));
}

std::vector<float> relu(std::vector<float> v) {
  for (float& x : v) x = std::max(x, 0.f);
  return v;
}

double density(const std::vector<float>& v) {
  return double(std::count_if(v.begin(), v.end(), [](float x) { return x != 0.f; })) /
         double(v.size());
}

// The layer's output from its input, computed by the layer-by-layer executor (no ReLU: the
// graph applies it), weights made as the runner made them.
std::vector<float> produce(const Model& m, std::size_t i, const std::vector<float>& x) {
  ModelLayer l = m.layers[i].geometry();
  m.load_weights(l);
  return run_layer(l, x);
}

std::size_t index_of(const Model& m, const std::string& name) {
  for (std::size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].name == name) return i;
  ADD_FAILURE() << "no layer " << name;
  return 0;
}

void expect_near(const std::vector<float>& got, const std::vector<float>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  float scale = 0;
  for (float v : want) scale = std::max(scale, std::abs(v));
  for (std::size_t k = 0; k < got.size(); ++k)
    ASSERT_NEAR(got[k], want[k], 1e-5f * scale) << what << " element " << k;
}

// Every layer ran on an input of its geometry's size, finite, and after a ReLU about half
// zeros (random weights).
void expect_every_layer_ran(const Model& m, const ModelRunner::Result& r) {
  ASSERT_EQ(r.layer_inputs.size(), m.layers.size());
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const ModelLayer& l = m.layers[i];
    EXPECT_EQ(std::int64_t(r.layer_inputs[i].size()), layer_input_size(l)) << l.name;
    EXPECT_TRUE(std::all_of(r.layer_inputs[i].begin(), r.layer_inputs[i].end(),
                            [](float v) { return std::isfinite(v); }))
        << l.name;
    if (i > 0 && l.kind == OpKind::kConv) {
      EXPECT_GT(density(r.layer_inputs[i]), 0.1) << l.name;
      EXPECT_LT(density(r.layer_inputs[i]), 0.95) << l.name;
    }
  }
  EXPECT_EQ(r.output.size(), 1000u);
}

TEST(Graph, GoogLeNetRunsThroughItsInceptionBranches) {
  const Model m = make_zoo_model("googlenet", 1, ZooWeights::kOnDemand);
  const auto runner = runner_for(m);
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->unavailable(), "");
  const ModelRunner::Result r = runner->run(1, {});
  expect_every_layer_ran(m, r);
  const auto in = [&](const std::string& n) { return r.layer_inputs[index_of(m, n)]; };
  // The four branches of 3a read the same value; each second conv reads its reduce's ReLU.
  EXPECT_EQ(in("inception_3a/1x1"), in("inception_3a/3x3_reduce"));
  EXPECT_EQ(in("inception_3a/1x1"), in("inception_3a/5x5_reduce"));
  const std::size_t r3 = index_of(m, "inception_3a/3x3_reduce");
  expect_near(in("inception_3a/3x3"), relu(produce(m, r3, in("inception_3a/3x3_reduce"))),
              "inception_3a/3x3");
  // 3b reads the concat of 3a's four branches (1x1 first): its first 64 planes are 3a/1x1's.
  const std::vector<float> b1 = relu(produce(m, index_of(m, "inception_3a/1x1"),
                                             in("inception_3a/1x1")));
  const std::vector<float> cat = in("inception_3b/1x1");
  ASSERT_EQ(cat.size(), 256u * 28 * 28);
  expect_near(std::vector<float>(cat.begin(), cat.begin() + std::ptrdiff_t(b1.size())), b1,
              "inception_3b input, 1x1 branch");
}

TEST(Graph, ResNet18RunsThroughItsResidualAdds) {
#ifdef AXSIM_SANITIZED  // ten times slower there; GoogLeNet's test runs the same executor paths
  GTEST_SKIP() << "Release build only";
#endif
  const Model m = make_zoo_model("resnet18", 1, ZooWeights::kOnDemand);
  const ModelRunner::Result r = runner_for(m)->run(1, {});
  expect_every_layer_ran(m, r);
  const auto in = [&](const std::string& n) { return r.layer_inputs[index_of(m, n)]; };
  // layer1.1 reads ReLU((layer1.0.conv2(...) + layer1.0's input) / sqrt 2).
  std::vector<float> sum = produce(m, index_of(m, "layer1.0.conv2"), in("layer1.0.conv2"));
  const std::vector<float> identity = in("layer1.0.conv1");
  ASSERT_EQ(sum.size(), identity.size());
  for (std::size_t k = 0; k < sum.size(); ++k) sum[k] = (sum[k] + identity[k]) * float(1 / std::sqrt(2.0));
  expect_near(in("layer1.1.conv1"), relu(sum), "layer1.1 input");
  // A downsampling block: the 1x1 shortcut reads the block's input.
  EXPECT_EQ(in("layer2.0.downsample.0"), in("layer2.0.conv1"));
}

TEST(Graph, ResNetsHaveTorchvisionLayersAndDistillerDensities) {
  const std::map<std::string, std::size_t> layers = {{"resnet18", 21}, {"resnet34", 37},
                                                     {"resnet50", 54}};
  for (const auto& [name, count] : layers) {
    const Model m = make_zoo_model(name, 1, ZooWeights::kOnDemand);
    EXPECT_EQ(m.layers.size(), count) << name;
    EXPECT_EQ(m.layers.front().name, "conv1");
    EXPECT_EQ(m.layers.back().name, "fc");
    EXPECT_EQ(m.layers.back().in_channels, name == "resnet50" ? 2048 : 512);
    ASSERT_TRUE(m.graph);
  }
  const Model r18 = make_zoo_model("resnet18", 1, ZooWeights::kOnDemand);
  EXPECT_EQ(r18.layers[index_of(r18, "layer2.0.conv2")].weight_density, 0.40);
  EXPECT_EQ(r18.layers[index_of(r18, "layer3.0.downsample.0")].weight_density, 1.0);
  EXPECT_EQ(r18.layers[index_of(r18, "layer4.0.downsample.0")].in_h, 14);
  const Model r50 = make_zoo_model("resnet50", 1, ZooWeights::kOnDemand);
  EXPECT_EQ(r50.layers[index_of(r50, "conv1")].weight_density, 1.0);
  EXPECT_EQ(r50.layers[index_of(r50, "layer4.2.conv3")].weight_density, 0.20);
  EXPECT_EQ(r50.layers[index_of(r50, "layer1.0.downsample.0")].out_channels, 256);
}

// The sequential built-ins through the graph: the same activations as the layer-by-layer
// executor, bit for bit (same loops, same seeded image).
TEST(Graph, SequentialBuiltInsMatchTheLayerByLayerExecutor) {
#ifdef AXSIM_SANITIZED  // ten times slower there; GoogLeNet's test runs the same executor paths
  GTEST_SKIP() << "Release build only";
#endif
  for (const char* name : {"lenet5", "lenet-300-100", "alexnet"}) {
    const Model m = make_zoo_model(name, 1);
    const ModelRunner::Result r = runner_for(m)->run(3, {});
    const auto acts = run_reference(m, seeded_input(m, 3));
    for (std::size_t i = 0; i < m.layers.size(); ++i)
      EXPECT_EQ(r.layer_inputs[i], acts[i]) << name << " " << m.layers[i].name;
    EXPECT_EQ(r.output, acts.back()) << name;
  }
}

}  // namespace
}  // namespace axsim::workloads::graph_test
