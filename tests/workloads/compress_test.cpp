// SPDX-License-Identifier: Apache-2.0
// The compression pipeline end to end: pruning to the paper densities, quantized values that the
// encoded bytes decode to, traces the dense unit replays exactly, and fidelity that behaves.
#include <gtest/gtest.h>

#include <filesystem>

#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"
#include "tools/axsim/runner.hpp"

namespace axsim::workloads {
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
    const CodeMatrix back = decode(l.encoded, l.layer.rows(), l.layer.cols(),
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

TEST(Compress, DenseUnitReplaysTheTraceExactly) {
  const std::string path = ::testing::TempDir() + "axsim_compress_test.axt";
  const std::string db = ::testing::TempDir() + "axsim_compress_test.db";
  const Model m = make_zoo_model("lenet5", 2);
  const Recipe r = recipe(kDeepCompression);
  write_trace(path, to_trace(compress(m, r), r, "test"));
  const Workload w = workload_from_trace(read_trace(path), path);
  ASSERT_EQ(w.layers.size(), 4u);
  EXPECT_EQ(w.layers[1].shape.in_channels, 20);
  tools::RunOptions opt;
  opt.config_path = std::string(AXSIM_SOURCE_DIR) + "/configs/dense.json";
  opt.workload = "trace:" + path;
  opt.db_path = db;
  opt.check = true;  // every output equals the reference convolution of the replayed layer
  const tools::RunResult res = tools::run(opt);
  EXPECT_EQ(res.exit_code, 0) << res.error;
  EXPECT_EQ(res.layers.size(), 4u);
  std::filesystem::remove(path);
  std::filesystem::remove(db);
}

TEST(Compress, GroupedConvolutionReplaysAsDenseWithZerosAcrossGroups) {
  Model m;
  m.name = "grouped";
  ModelLayer l;
  l.name = "g";
  l.kind = OpKind::kConv;
  l.in_channels = 4, l.in_h = l.in_w = 5, l.out_channels = 4, l.kernel_h = l.kernel_w = 3;
  l.pad = 1, l.groups = 2;
  l.weights.shape = {4, 2, 3, 3};
  for (int i = 0; i < 72; ++i) l.weights.data.push_back(float(i % 7) - 3.f);
  m.layers.push_back(l);
  const Recipe r = recipe(R"({"quantize":{"scheme":"uniform","bits":8},"encoding":{"format":"dense"}})");
  const Workload w = workload_from_trace(to_trace(compress(m, r), r, "test"), "mem");
  ASSERT_EQ(w.layers[0].weights.size(), 4u * 4 * 9);
  EXPECT_EQ(w.layers[0].weights[(0 * 4 + 2) * 9], 0);  // filter 0 does not see channel 2
  EXPECT_NE(w.layers[0].weights[(3 * 4 + 2) * 9 + 1], 0);
}

// An LSTM replays as one time step: its [W R] matrix times [x_0; h].
TEST(Compress, LstmLayersReplayAsOneTimeStep) {
  const Model m = make_zoo_model("neuraltalk", 1);
  const Recipe r = recipe(R"({"prune":{"density":"paper"},"quantize":{"scheme":"kmeans","bits":4}})");
  const Compressed c = compress(m, r);
  const Workload w = workload_from_trace(to_trace(c, r, "test"), "mem");
  ASSERT_EQ(w.layers.size(), 3u);
  const Layer& lstm = w.layers[2];
  EXPECT_EQ(lstm.shape.kind, LayerKind::kFullyConnected);
  EXPECT_EQ(lstm.shape.in_channels, 1200);
  EXPECT_EQ(lstm.shape.out_channels, 2400);
  ASSERT_EQ(lstm.input_q.size(), 1200u);
  const auto& q = c.layers[2].input.q;  // 600 inputs of the single step, then 600 of state
  EXPECT_EQ(lstm.input_q.front(), q.front());
  EXPECT_EQ(lstm.input_q.back(), q.back());
  EXPECT_FALSE(lstm.encoded.format.empty());
  EXPECT_EQ(lstm.encoded.code_values.size(), 16u);
}

}  // namespace
}  // namespace axsim::workloads
