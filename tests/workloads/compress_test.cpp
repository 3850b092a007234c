// SPDX-License-Identifier: Apache-2.0
// The compression pipeline end to end: pruning to the paper densities, quantized values that the
// encoded bytes decode to, traces the dense unit replays exactly, and fidelity that behaves.
#include <gtest/gtest.h>

#include <set>

#include <filesystem>

#include "sim/error.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/model/zoo.hpp"
#include "tools/axsim/runner.hpp"

namespace axsim::workloads::compress_test {
namespace {

Recipe recipe(const std::string& defaults) {
  return parse_recipe("t.json", R"({"axsim_recipe":1,"name":"t","seed":5,"defaults":)" + defaults + "}");
}

const char* kDeepCompression =
    R"({"prune":{"density":"paper"},"quantize":{"scheme":"kmeans","bits":5},
        "encoding":{"format":"eie_csc","num_pes":1,"index_bits":4,"pointer_bits":32},
        "activations":{"density":0.5}})";

TEST(Compress, PrunesToPaperDensitiesAndEncodesTheQuantizedCodes) {
  const Model m = make_zoo_model("lenet5", 1);
  const Compressed c = compress(m, recipe(kDeepCompression));
  ASSERT_EQ(c.layers.size(), m.layers.size());
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const CompressedLayer& l = c.layers[i];
    EXPECT_NEAR(l.row.density, m.layers[i].weight_density, 0.005) << l.layer.name;
    const CodeMatrix back = decode(l.encodings.at(0), l.layer.rows(), l.layer.cols(),
                                   l.quantized.code_bits, {1, 4, 32});
    const std::vector<float> values = l.layer.matrix();
    for (std::size_t k = 0; k < back.codes.size(); ++k) {
      ASSERT_EQ(back.codes[k], l.quantized.codes[k]) << l.layer.name << " weight " << k;
      ASSERT_EQ(values[k], l.quantized.codebook[std::size_t(back.codes[k])]);
    }
  }
  const CompressionRow t = c.total();
  EXPECT_GT(1 / t.rate(), 20.0);  // Deep Compression Table 2 (LeNet-5): 33x P+Q
  EXPECT_GT(t.rate(), t.rate_huffman());
}

// A recipe whose encoding is too narrow for a layer (here unpruned fc weights in 16-bit
// eie_csc pointers, 1 PE) is bad input naming the recipe file and the layer, not an internal error.
TEST(Compress, EncodingTooNarrowForALayerIsARecipeError) {
  const Model m = make_zoo_model("lenet5", 1);
  const Recipe r = parse_recipe("narrow.json", R"({"axsim_recipe":1,"name":"n","defaults":{
      "quantize":{"scheme":"kmeans","bits":4},
      "encoding":{"format":"eie_csc","num_pes":1,"pointer_bits":16}}})");
  try {
    compress(m, r);
    FAIL() << "expected a ConfigError";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("narrow.json: layer '"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("encoding cannot store it"), std::string::npos) << e.what();
  }
}

TEST(Compress, FidelityIsHighForInt8AndDropsWithFewerBits) {
  const Model m = make_zoo_model("lenet-300-100", 1);
  auto sqnr = [&](const char* quant) {
    const std::string d = std::string(R"({"quantize":)") + quant + R"(,"activations":{"bits":16}})";
    const Recipe r = recipe(d);
    return layer_fidelity(m, compress(m, r), r.seed)[0];
  };
  const LayerFidelity int8 = sqnr(R"({"scheme":"uniform","bits":8})");
  const LayerFidelity two = sqnr(R"({"scheme":"kmeans","bits":2})");
  EXPECT_GT(int8.sqnr_db, 30);
  EXPECT_GT(int8.cosine, 0.999);
  EXPECT_LT(two.sqnr_db, int8.sqnr_db);
}

// The dense unit reads the trace's dense encoding; a trace that stores only EIE's format is
// refused before simulation (exit 2) with the trace, the layer and both format lists.
TEST(Compress, DenseUnitReplaysTheTraceExactly) {
  const std::string path = ::testing::TempDir() + "axsim_compress_test.axt";
  const std::string db = ::testing::TempDir() + "axsim_compress_test.db";
  const Model m = make_zoo_model("lenet5", 2);
  std::string both = kDeepCompression;
  both.replace(both.find(R"("encoding":{)"), std::string(R"("encoding":{)").size(),
               R"("encoding":[{"format":"dense"},{)");
  both.replace(both.find(R"(32},)"), 4, R"(32}],)");
  for (const bool with_dense : {true, false}) {
    const Recipe r = recipe(with_dense ? both.c_str() : kDeepCompression);
    write_trace(path, to_trace(compress(m, r), r, "test"));
    const Workload w = workload_from_trace(read_trace(path), path);
    ASSERT_EQ(w.layers.size(), 4u);
    EXPECT_EQ(w.layers[1].shape.in_channels, 20);
    tools::RunOptions opt;
    opt.config_path = std::string(AXSIM_SOURCE_DIR) + "/configs/dense.json";
    opt.workload = "trace:" + path;
    opt.db_path = db;
    opt.check = true;  // every output equals the reference computed from the trace alone
    const tools::RunResult res = tools::run(opt);
    if (with_dense) {
      EXPECT_EQ(res.exit_code, 0) << res.error;
      EXPECT_EQ(res.layers.size(), 4u);
    } else {
      EXPECT_EQ(res.exit_code, 2);
      EXPECT_EQ(res.error, path + ": layer 'conv1' stores its weights as eie_csc; unit dense reads "
                                  "dense: compress the model with a recipe whose \"encoding\" lists one of them");
    }
  }
  std::filesystem::remove(path);
  std::filesystem::remove(db);
}

// A grouped convolution is stored as its [M][C/g][R][S] codes; the reference sums each filter
// over its own group's channels only.
TEST(Compress, GroupedConvolutionKeepsItsGroups) {
  Model m;
  m.name = "grouped";
  ModelLayer l;
  l.name = "g";
  l.kind = OpKind::kConv;
  l.in_channels = 4, l.in_h = l.in_w = 5, l.out_channels = 4, l.kernel_h = l.kernel_w = 3;
  l.pad_h = l.pad_w = 1, l.groups = 2;
  l.weights.shape = {4, 2, 3, 3};
  for (int i = 0; i < 72; ++i) l.weights.data.push_back(float(i % 7) - 3.f);
  m.layers.push_back(l);
  const Recipe r = recipe(R"({"quantize":{"scheme":"uniform","bits":8},"encoding":{"format":"dense"},"activations":{"density":1.0}})");
  const Workload w = workload_from_trace(to_trace(compress(m, r), r, "test"), "mem");
  const Layer& g = w.layers[0];
  EXPECT_EQ(g.shape.groups, 2);
  EXPECT_EQ(g.shape.cols(), 2 * 9);
  ASSERT_EQ(weight_levels(g).size(), 4u * 2 * 9);
  // Filter 3 (group 1) sees channels 2 and 3 only: changing channel 0 leaves it unchanged.
  Layer changed = g;
  for (int i = 0; i < 25; ++i) changed.input_q[std::size_t(i)] += 1;
  const auto before = reference_output(g), after = reference_output(changed);
  for (int p = 0; p < 25; ++p) EXPECT_EQ(before[std::size_t(3 * 25 + p)], after[std::size_t(3 * 25 + p)]);
}

// An LSTM is stored with its sequence: every step's inputs, then the state; a unit that runs
// one step (EIE, dense) sees [W R] times [x_0; h_0].
TEST(Compress, LstmLayersKeepTheirSequence) {
  const Model m = make_zoo_model("neuraltalk", 1);
  const Recipe r = recipe(R"({"prune":{"density":"paper"},"quantize":{"scheme":"kmeans","bits":4}})");
  const Compressed c = compress(m, r);
  const Workload w = workload_from_trace(to_trace(c, r, "test"), "mem");
  ASSERT_EQ(w.layers.size(), 3u);
  const Layer& lstm = w.layers[2];
  EXPECT_EQ(lstm.shape.kind, LayerKind::kLstm);
  EXPECT_EQ(lstm.shape.in_channels, 600);
  EXPECT_EQ(lstm.shape.recurrent_in, 600);
  EXPECT_EQ(lstm.shape.out_channels, 2400);
  EXPECT_EQ(lstm.shape.step_shape().kind, LayerKind::kFullyConnected);
  EXPECT_EQ(lstm.shape.step_shape().in_channels, 1200);
  const auto& q = c.layers[2].input.q;  // 600 inputs of the single step, then 600 of state
  ASSERT_EQ(lstm.input_q.size(), q.size());
  const std::vector<std::int32_t> step = lstm.step_input();
  ASSERT_EQ(step.size(), 1200u);
  EXPECT_EQ(step.front(), q.front());
  EXPECT_EQ(step.back(), q.back());
  ASSERT_EQ(lstm.formats(), std::vector<std::string>{"bitmask"});
  EXPECT_EQ(lstm.fixed_point.levels.size(), 16u);
}

// A recipe may store the same codes in several formats; every one decodes to the same codes and
// the file holds no dense copy of the weights.
TEST(Compress, SeveralEncodingsOfTheSameCodes) {
  const Model m = make_zoo_model("lenet5", 1);
  const Recipe r = recipe(R"({"prune":{"density":"paper"},"quantize":{"scheme":"kmeans","bits":5},
      "encoding":[{"format":"eie_csc","num_pes":4,"pointer_bits":32},{"format":"dense"},{"format":"scnn","pointer_bits":32}]})");
  const Compressed c = compress(m, r);
  const Trace t = to_trace(c, r, "test");
  const Workload w = workload_from_trace(t, "mem");
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const Layer& l = w.layers[i];
    ASSERT_EQ(l.formats(), (std::vector<std::string>{"eie_csc", "dense", "scnn"}));
    std::vector<std::int32_t> first;
    for (const WeightEncoding& e : l.encodings) {
      const CodeMatrix codes = decode(to_encoded(e), l.shape.rows(), l.shape.cols(), e.code_bits,
                                      decode_spec(e, l.shape));
      if (first.empty()) first = codes.codes;
      EXPECT_EQ(codes.codes, first) << l.name << " " << e.format;
    }
    std::set<std::string> blobs;
    for (const auto& [name, bytes] : t.layers[i].blobs) blobs.insert(name);
    EXPECT_EQ(blobs, (std::set<std::string>{"input", "weights.dense", "weights.eie_csc",
                                            "weights.scnn", "quant.codebook",
                                            "fixed_point.levels"}));
  }
}

}  // namespace
}  // namespace axsim::workloads::compress_test
