// SPDX-License-Identifier: Apache-2.0
// The built-in models have the published weight counts (Deep Compression Tables 1-5).
#include <gtest/gtest.h>

#include <cmath>

#include "sim/error.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads::zoo_test {
namespace {

std::uint64_t total_weights(const Model& m) {
  std::uint64_t n = 0;
  for (const ModelLayer& l : m.layers) n += l.weight_count();
  return n;
}

TEST(Zoo, WeightCountsMatchDeepCompressionTables) {
  EXPECT_EQ(total_weights(make_zoo_model("lenet-300-100", 1)), 266200u);  // 266K
  EXPECT_EQ(total_weights(make_zoo_model("lenet5", 1)), 430500u);         // 431K
  const Model alex = make_zoo_model("alexnet", 1);
  EXPECT_NEAR(double(total_weights(alex)) / 1e6, 61.0, 0.1);  // 61M
  EXPECT_EQ(alex.layers[1].weight_count(), 307200u);           // conv2: 307K (2 groups)
  EXPECT_NEAR(double(total_weights(make_zoo_model("vgg16", 1))) / 1e6, 138.3, 0.1);  // 138M
}

TEST(Zoo, WeightsAreSeededLaplaceWithHeScale) {
  const Model a = make_zoo_model("lenet-300-100", 7), b = make_zoo_model("lenet-300-100", 7);
  EXPECT_EQ(a.layers[0].weights.data, b.layers[0].weights.data);
  const auto& w = a.layers[0].weights.data;
  double sum2 = 0;
  for (float x : w) sum2 += double(x) * x;
  EXPECT_NEAR(std::sqrt(sum2 / double(w.size())), std::sqrt(2.0 / 784), 0.002);
  EXPECT_NE(make_zoo_model("lenet-300-100", 8).layers[0].weights.data, w);
}

TEST(Zoo, LstmMatrixViewJoinsInputAndRecurrentWeights) {
  const Model m = make_zoo_model("ese-lstm", 1);
  const ModelLayer& l = m.layers[0];
  EXPECT_EQ(l.rows(), 4096);
  EXPECT_EQ(l.cols(), 153 + 512);
  EXPECT_EQ(l.matrix_at(5, 160), l.recurrent.data[5 * 512 + 7]);
  ModelLayer copy = l;
  copy.set_matrix(l.matrix());
  EXPECT_EQ(copy.weights.data, l.weights.data);
  EXPECT_EQ(copy.recurrent.data, l.recurrent.data);
}

// GoogLeNet's inception convs carry the published densities of Timeloop's densities.csv (the
// 54 layers of 3a..5b); the stem and the classifier have none.
TEST(Zoo, GoogLeNetInceptionLayersCarryPublishedDensities) {
  const Model m = make_zoo_model("googlenet", 1, ZooWeights::kOnDemand);
  int published = 0;
  for (const ModelLayer& l : m.layers) {
    const bool inception = l.name.rfind("inception_", 0) == 0;
    EXPECT_EQ(l.act_density_source.find("Timeloop") != std::string::npos, inception) << l.name;
    if (!inception) continue;
    ++published;
    EXPECT_GT(l.weight_density, 0.3) << l.name;
    EXPECT_LT(l.weight_density, 0.5) << l.name;
    if (l.name == "inception_4b/1x1") {
      EXPECT_DOUBLE_EQ(l.weight_density, 0.346);
      EXPECT_DOUBLE_EQ(l.act_density, 0.222);
    }
  }
  EXPECT_EQ(published, 54);
}

TEST(Zoo, UnknownModelListsKnownOnes) {
  try {
    make_zoo_model("resnet-9000", 1);
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("alexnet"), std::string::npos);
  }
}

}  // namespace
}  // namespace axsim::workloads::zoo_test
