// SPDX-License-Identifier: Apache-2.0
// The layer-by-layer front-end gives exactly what the whole-model one gives: the same trace,
// byte for byte, the same compression rows and the same layer fidelity, for every quantization
// path (uniform int8, k-means with pruning, an LSTM), and built-in weights made on demand are
// the weights made all at once.
#include "workloads/compress/streamed_trace.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "workloads/builtin.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads::streamed_trace_test {
namespace {

const std::string kRecipes = std::string(AXSIM_SOURCE_DIR) + "/configs/recipes/";

void expect_same_trace(const Trace& a, const Trace& b) {
  EXPECT_EQ(a.header_json, b.header_json);
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    EXPECT_EQ(a.layers[i].name, b.layers[i].name);
    EXPECT_EQ(a.layers[i].header_json, b.layers[i].header_json);
    EXPECT_TRUE(a.layers[i].blobs == b.layers[i].blobs) << a.layers[i].name;
  }
}

struct Case {
  const char* model;
  const char* recipe;  // "" = the built-in int8 recipe (uniform, no pruning)
};

class Streamed : public ::testing::TestWithParam<Case> {};

TEST_P(Streamed, TraceRowsAndFidelityEqualTheWholeModelPath) {
  const Case c = GetParam();
  Recipe recipe = std::string(c.recipe).empty()
                      ? parse_recipe("int8", R"({"axsim_recipe": 1, "name": "int8", "defaults": {
                          "quantize": {"scheme": "uniform", "bits": 8, "symmetric": true},
                          "encoding": {"format": "dense"}, "huffman": false,
                          "activations": {"source": "synthetic", "density": "paper", "bits": 8}}})")
                      : load_recipe(kRecipes + c.recipe);
  recipe.seed = 5;
  const Model whole = make_zoo_model(c.model, 5);
  const Model lazy = make_zoo_model(c.model, 5, ZooWeights::kOnDemand);
  ASSERT_TRUE(lazy.load_weights);
  for (const ModelLayer& l : lazy.layers) EXPECT_TRUE(l.weights.data.empty());

  const Compressed eager = compress(whole, recipe);
  const std::vector<LayerFidelity> want = layer_fidelity(whole, eager, 5);
  std::optional<LayerFidelityProbe> probe;
  std::vector<LayerFidelity> got;
  LayerCallbacks callbacks{nullptr,
                           [&](const ModelLayer& l, const std::vector<float>& m,
                               const std::vector<float>& x) { probe.emplace(l, m, x, 5); },
                           nullptr};
  const StreamedCompression streamed = compress_to_trace(
      lazy, recipe, "test", callbacks,
      [&](std::size_t, const CompressedLayer& l) { got.push_back(probe->finish(l)); });

  expect_same_trace(streamed.trace, to_trace(eager, recipe, "test"));
  ASSERT_EQ(streamed.summary.layers.size(), eager.layers.size());
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < eager.layers.size(); ++i) {
    EXPECT_EQ(streamed.summary.layers[i].row.compressed_bytes,
              eager.layers[i].row.compressed_bytes);
    EXPECT_EQ(streamed.summary.layers[i].row.nonzeros, eager.layers[i].row.nonzeros);
    EXPECT_EQ(got[i].outputs, want[i].outputs);
    EXPECT_EQ(got[i].sqnr_db, want[i].sqnr_db);
    EXPECT_EQ(got[i].cosine, want[i].cosine);
    EXPECT_EQ(got[i].top1, want[i].top1);
  }
  // compress() of the on-demand model keeps every layer whole, as of the full model.
  const Compressed kept = compress(lazy, recipe);
  ASSERT_EQ(kept.layers.size(), eager.layers.size());
  for (std::size_t i = 0; i < eager.layers.size(); ++i) {
    EXPECT_EQ(kept.layers[i].layer.matrix(), eager.layers[i].layer.matrix());
    EXPECT_EQ(kept.layers[i].layer.bias.data, eager.layers[i].layer.bias.data);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, Streamed,
    ::testing::Values(Case{"tiny", ""}, Case{"tiny", "eie_benchmarks.json"},
                      Case{"lenet5", "deep_compression_lenet.json"}, Case{"lenet5", ""},
                      Case{"ese-lstm", ""}, Case{"ese-lstm", "fine30_kmeans4_eie.json"},
                      Case{"ese-lstm", "ese_lstm.json"},
                      Case{"lenet-300-100", "coarse_filter50_int8.json"}),
    [](const auto& info) {
      std::string n = std::string(info.param.model) + "_" +
                      (std::string(info.param.recipe).empty() ? "int8" : info.param.recipe);
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(ZooOnDemand, WeightsEqualThoseMadeAllAtOnce) {
  const Model whole = make_zoo_model("neuraltalk", 9);
  const Model lazy = make_zoo_model("neuraltalk", 9, ZooWeights::kOnDemand);
  for (std::size_t i = lazy.layers.size(); i-- > 0;) {  // any order
    ModelLayer l = lazy.layers[i];
    lazy.load_weights(l);
    EXPECT_EQ(l.weights.data, whole.layers[i].weights.data) << l.name;
    EXPECT_EQ(l.weights.shape, whole.layers[i].weights.shape);
    EXPECT_EQ(l.recurrent.data, whole.layers[i].recurrent.data);
    EXPECT_EQ(l.bias.data, whole.layers[i].bias.data);
  }
}

}  // namespace
}  // namespace axsim::workloads::streamed_trace_test
