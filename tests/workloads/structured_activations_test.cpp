// SPDX-License-Identifier: Apache-2.0
// The "published" activation source: exact per-layer densities on AlexNet and VGG-16 shapes,
// determinism, zeros in spatial blobs, a spread of channel densities, and its errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <numeric>

#include "sim/error.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/structured_activations.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/quantize/quantize.hpp"

namespace axsim::workloads::structured_activations_test {
namespace {

using ::testing::HasSubstr;

double quantized_density(const std::vector<float>& x, int bits) {
  const QuantizedActivations q = quantize_activations(x, bits);
  const auto nz = std::count_if(q.q.begin(), q.q.end(), [](std::int32_t v) { return v != 0; });
  return double(nz) / double(q.q.size());
}

ModelLayer conv_layer(const std::string& name, int c, int hw) {
  ModelLayer l;
  l.name = name, l.kind = OpKind::kConv;
  l.in_channels = c, l.in_h = l.in_w = hw, l.out_channels = 8, l.kernel_h = l.kernel_w = 3;
  l.pad_h = l.pad_w = 1;
  return l;
}

std::vector<double> channel_densities(const std::vector<float>& x, int c, int hw) {
  std::vector<double> d(std::size_t(c), 0.0);
  for (int ch = 0; ch < c; ++ch)
    for (int i = 0; i < hw * hw; ++i) d[std::size_t(ch)] += x[std::size_t(ch * hw * hw + i)] != 0.f;
  for (double& v : d) v /= double(hw * hw);
  return d;
}

// P(a 4-neighbour of a zero is zero), and what independent positions with each channel's own
// density would give.
std::pair<double, double> zero_neighbour_share(const std::vector<float>& x, int c, int hw) {
  const std::vector<double> dens = channel_densities(x, c, hw);
  double pairs = 0, zero_pairs = 0, predicted = 0;
  const int dx[] = {1, -1, 0, 0}, dy[] = {0, 0, 1, -1};
  for (int ch = 0; ch < c; ++ch)
    for (int y = 0; y < hw; ++y)
      for (int xx = 0; xx < hw; ++xx) {
        if (x[std::size_t((ch * hw + y) * hw + xx)] != 0.f) continue;
        for (int k = 0; k < 4; ++k) {
          const int ny = y + dy[k], nx = xx + dx[k];
          if (ny < 0 || ny >= hw || nx < 0 || nx >= hw) continue;
          pairs += 1;
          zero_pairs += x[std::size_t((ch * hw + ny) * hw + nx)] == 0.f;
          predicted += 1.0 - dens[std::size_t(ch)];
        }
      }
  return {zero_pairs / pairs, predicted / pairs};
}

TEST(PublishedActivations, EveryAlexNetAndVggLayerGetsItsPublishedDensity) {
  for (const char* name : {"alexnet", "vgg16"}) {
    const Model m = make_zoo_model(name, 1, ZooWeights::kOnDemand);
    for (const ModelLayer& l : m.layers) {
      ASSERT_FALSE(l.act_density_source.empty()) << name << " " << l.name;
      const std::vector<float> x = structured_activations(l, {l.act_density, 1.5, 1.0, 8}, 7);
      const double n = double(x.size());
      EXPECT_NEAR(quantized_density(x, 8), l.act_density, 0.5 / n + 1e-12) << name << " " << l.name;
    }
  }
}

TEST(PublishedActivations, HanTablesAreTheInputDensities) {
  const Model alex = make_zoo_model("alexnet", 1, ZooWeights::kOnDemand);
  const double alex_inputs[] = {1.0, 0.88, 0.52, 0.37, 0.40, 0.351, 0.353, 0.375};
  ASSERT_EQ(alex.layers.size(), std::size(alex_inputs));
  for (std::size_t i = 0; i < alex.layers.size(); ++i)
    EXPECT_DOUBLE_EQ(alex.layers[i].act_density, alex_inputs[i]) << alex.layers[i].name;
  const Model vgg = make_zoo_model("vgg16", 1, ZooWeights::kOnDemand);
  const double vgg_inputs[] = {1.0,  0.53, 0.89, 0.80, 0.81, 0.68, 0.70, 0.64,
                               0.51, 0.45, 0.34, 0.32, 0.29, 0.19, 0.38, 0.42};
  ASSERT_EQ(vgg.layers.size(), std::size(vgg_inputs));
  for (std::size_t i = 0; i < vgg.layers.size(); ++i)
    EXPECT_DOUBLE_EQ(vgg.layers[i].act_density, vgg_inputs[i]) << vgg.layers[i].name;
  EXPECT_THAT(vgg.layers[5].act_density_source, HasSubstr("NIPS 2015, Table 5"));
}

TEST(PublishedActivations, DeterministicFromSeedAndLayerName) {
  const ModelLayer a = conv_layer("a", 16, 20), b = conv_layer("b", 16, 20);
  const StructuredActivationSpec s{0.4, 1.5, 1.0, 8};
  EXPECT_EQ(structured_activations(a, s, 3), structured_activations(a, s, 3));
  EXPECT_NE(structured_activations(a, s, 3), structured_activations(a, s, 4));
  EXPECT_NE(structured_activations(a, s, 3), structured_activations(b, s, 3));
}

TEST(PublishedActivations, ZerosComeInBlobs) {
  const ModelLayer l = conv_layer("blobs", 64, 28);
  const auto [observed, predicted] =
      zero_neighbour_share(structured_activations(l, {0.4, 1.5, 0.0, 8}, 1), 64, 28);
  std::cout << "zero's 4-neighbour zero: " << observed << " (independent: " << predicted << ")\n";
  EXPECT_NEAR(predicted, 0.6, 0.01);
  EXPECT_GT(observed, predicted + 0.15) << "observed " << observed;
  // Without smoothing the positions are independent: the share is what the density predicts.
  const auto [iid, iid_predicted] =
      zero_neighbour_share(structured_activations(l, {0.4, 0.0, 0.0, 8}, 1), 64, 28);
  EXPECT_NEAR(iid, iid_predicted, 0.02);
}

TEST(PublishedActivations, ChannelDensitiesSpread) {
  const ModelLayer l = conv_layer("spread", 256, 13);
  const std::vector<double> d =
      channel_densities(structured_activations(l, {0.4, 1.5, 1.0, 8}, 1), 256, 13);
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / double(d.size());
  double var = 0;
  for (double v : d) var += (v - mean) * (v - mean);
  std::cout << "channel densities " << *std::min_element(d.begin(), d.end()) << " .. "
            << *std::max_element(d.begin(), d.end()) << ", std " << std::sqrt(var / double(d.size()))
            << "\n";
  EXPECT_NEAR(mean, 0.4, 0.5 / (256 * 169));
  EXPECT_GT(std::sqrt(var / double(d.size())), 0.12);
  EXPECT_LT(*std::min_element(d.begin(), d.end()), 0.1);   // some channels nearly dead
  EXPECT_GT(*std::max_element(d.begin(), d.end()), 0.75);  // some dense
  const std::vector<double> flat =
      channel_densities(structured_activations(l, {0.4, 1.5, 0.0, 8}, 1), 256, 13);
  const auto [lo, hi] = std::minmax_element(flat.begin(), flat.end());
  EXPECT_LE(*hi - *lo, 1.0 / 169 + 1e-12);
}

TEST(PublishedActivations, ChannelCountsSumExactlyWithinBounds) {
  for (const std::vector<double>& offsets :
       {std::vector<double>{0, 0, 0}, {-30, 0, 30}, {4, 4, 4, -4}, {0.1, -0.2, 0.3, 0.05, 2}}) {
    for (std::int64_t total : {std::int64_t{0}, std::int64_t{1}, std::int64_t{7}, std::int64_t{11},
                               std::int64_t(offsets.size()) * 10}) {
      const std::vector<std::int64_t> k = channel_counts(offsets, 10, total);
      EXPECT_EQ(std::accumulate(k.begin(), k.end(), std::int64_t{0}), total);
      for (std::int64_t v : k) EXPECT_TRUE(v >= 0 && v <= 10);
    }
  }
}

TEST(PublishedActivations, NoNonZeroQuantizesToZeroAtFewBits) {
  const ModelLayer l = conv_layer("bits", 8, 16);
  for (int bits : {1, 2, 4, 8, 16}) {
    const std::vector<float> x = structured_activations(l, {0.3, 1.0, 1.0, bits}, 1);
    EXPECT_NEAR(quantized_density(x, bits), 0.3, 0.5 / double(x.size())) << bits << " bits";
  }
  ModelLayer fc;
  fc.name = "fc", fc.kind = OpKind::kFullyConnected, fc.in_channels = 1001, fc.out_channels = 4;
  EXPECT_NEAR(quantized_density(structured_activations(fc, {0.25, 1.5, 1.0, 8}, 1), 8), 0.25,
              0.5 / 1001);
}

const char* kPublished = R"({"axsim_recipe": 1, "name": "p", "seed": 2, "defaults": {
  "quantize": {"scheme": "uniform", "bits": 8}, "encoding": {"format": "dense"},
  "activations": {"source": "published", "bits": 8}}%s})";

std::string with_layers(const std::string& layers) {
  std::string s = kPublished;
  return s.replace(s.find("%s"), 2, layers);
}

TEST(PublishedActivations, MissingDensityNamesModelAndLayers) {
  const Model tiny = make_zoo_model("tiny", 1);
  const Recipe r = parse_recipe("p.json", with_layers(""));
  try {
    compress(tiny, r);
    FAIL() << "no error";
  } catch (const sim::ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("p.json: activations/source \"published\": model tiny has no "
                                    "published input density for layer 'conv', 'fc'"));
    EXPECT_THAT(e.what(), HasSubstr("fallback_density"));
  }
  EXPECT_THROW(compress_layers(make_zoo_model("tiny", 1, ZooWeights::kOnDemand), r, {}),
               sim::ConfigError);
}

TEST(PublishedActivations, FallbackIsRecordedPerLayer) {
  const Model tiny = make_zoo_model("tiny", 1);
  const Recipe r = parse_recipe(
      "p.json", with_layers(R"(, "layers": {"fc": {"activations": {"fallback_density": 0.5}},
        "conv": {"activations": {"source": "synthetic", "density": 0.25}}})"));
  const Compressed c = compress(tiny, r);
  EXPECT_EQ(c.layers[1].row.act_source, "fallback_density");
  EXPECT_DOUBLE_EQ(c.layers[1].row.act_target, 0.5);
  EXPECT_DOUBLE_EQ(c.layers[1].row.act_density, 0.5);
  EXPECT_EQ(c.layers[0].row.act_source, "recipe");
  const Trace t = to_trace(c, r, "test");
  EXPECT_THAT(t.layers[1].header_json, HasSubstr(R"("density_source":"fallback_density")"));
  EXPECT_THAT(t.layers[1].header_json, HasSubstr(R"("source":"published")"));
  EXPECT_THAT(format_input_density_table(c), HasSubstr("fallback_density"));
}

TEST(PublishedActivations, RecipeErrorsNameTheJsonPath) {
  // A recipe whose `where` ("defaults" or "layers") holds `acts` as its activations object.
  const auto error_of = [](const std::string& where, const std::string& acts) -> std::string {
    const std::string body = R"({"activations":)" + acts + "}";
    const std::string inner = where == "defaults" ? body : R"({"conv*":)" + body + "}";
    try {
      parse_recipe("r.json", R"({"axsim_recipe":1,"name":"t",")" + where + "\":" + inner + "}");
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(error_of("defaults", R"({"source":"publshed"})"),
              HasSubstr("r.json: /defaults/activations/source: expected one of synthetic, "
                        "reference, published"));
  EXPECT_THAT(error_of("layers", R"({"fallback_density":1.5})"),
              HasSubstr("r.json: /layers/conv*/activations/fallback_density: expected a number"));
  EXPECT_THAT(error_of("defaults", R"({"fallback_density":0})"),
              HasSubstr("/defaults/activations/fallback_density: expected a number in"));
  EXPECT_THAT(error_of("defaults", R"({"correlation_px":-1})"),
              HasSubstr("/defaults/activations/correlation_px: expected a number in"));
  EXPECT_THAT(error_of("defaults", R"({"channel_spread":"x"})"),
              HasSubstr("/defaults/activations/channel_spread: expected a number in"));
  EXPECT_EQ(error_of("defaults", R"({"source":"published","fallback_density":0.5})"), "no error");
}

}  // namespace
}  // namespace axsim::workloads::structured_activations_test
