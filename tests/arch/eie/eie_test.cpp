// SPDX-License-Identifier: Apache-2.0
// The EIE unit on layers made by the front-end: outputs against the fixed-point reference,
// the SRAM layout against the trace encoder, hand-traced timing, and the paper's trends.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arch/eie/layer_image.hpp"
#include "sim/error.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/rng.hpp"

namespace axsim::eie_test {
namespace {

using nlohmann::json;

json eie_params(int pes, int depth, int regfile = 64) {
  return {{"num_pes", pes},
          {"act_queue_depth", depth},
          {"regfile_entries", regfile},
          {"spmat_sram", {{"capacity_bytes", 131072}, {"width_bits", 64}}},
          {"ptr_sram", {{"capacity_bytes", 32768}, {"pointer_bits", 16}}},
          {"act_sram", {{"capacity_bytes", 2048}, {"width_bits", 64}}}};
}

struct LayerSpec {
  int in = 64, out = 32;
  double weight_density = 0.1, act_density = 0.4;
  int trace_pes = 4;
  bool relu = false;
  std::uint64_t seed = 1;
};

// One fc layer through the real front-end: pruned, 4-bit k-means, EIE CSC, 16-bit activations.
workloads::Layer make_layer(const LayerSpec& s) {
  workloads::Model m;
  m.name = "t", m.source = "test";
  workloads::ModelLayer l;
  l.name = "fc", l.kind = workloads::OpKind::kFullyConnected;
  l.in_channels = s.in, l.out_channels = s.out, l.relu_after = s.relu;
  l.weights.shape = {s.out, s.in};
  workloads::Rng rng(s.seed);
  for (int i = 0; i < s.in * s.out; ++i)
    l.weights.data.push_back(float(int(rng.next() % 2001) - 1000) / 1000.0f);
  m.layers.push_back(l);
  const std::string text = R"({"axsim_recipe":1,"name":"t","seed":)" + std::to_string(s.seed) +
                           R"(,"defaults":{"prune":{"density":)" + std::to_string(s.weight_density) +
                           R"(},"quantize":{"scheme":"kmeans","bits":4},"encoding":{"format":"eie_csc","num_pes":)" +
                           std::to_string(s.trace_pes) +
                           R"(,"index_bits":4,"pointer_bits":32},"fixed_point":{"weight_bits":16,"accumulate":"shift_saturate","accumulator_bits":16},"activations":{"density":)" +
                           std::to_string(s.act_density) + R"(,"bits":16}}})";
  const workloads::Recipe r = workloads::parse_recipe("t.json", text);
  const workloads::Workload w =
      workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "test"), "mem");
  return w.layers.at(0);
}

struct EieBench : test::UnitBench {
  explicit EieBench(const json& params) : UnitBench("eie", params, 1250) {}  // 800 MHz
  std::uint64_t stat(const std::string& path, const std::string& name) {
    for (const sim::Component* c : sim.ctx().components)
      if (c->path() == path)
        for (const sim::Stat* s : c->stats().all())
          if (s->name() == name) return static_cast<std::uint64_t>(s->value());
    ADD_FAILURE() << "no stat " << path << "." << name;
    return 0;
  }
};

const workloads::EiePeImage& stored_image(const workloads::Layer& l, int pe) {
  static std::vector<workloads::EiePeImage> images;
  const workloads::WeightEncoding& e = *l.encoding("eie_csc");
  images = workloads::read_eie_csc(e.bytes, e.signed_codes, l.shape.rows(), l.shape.cols(),
                                   e.code_bits, workloads::decode_spec(e, l.shape));
  return images.at(std::size_t(pe));
}

// A trace encoded for another PE count is laid out again, and the unit's layout then equals
// what the trace encoder writes for the unit's PE count; a trace for the unit's PE count is
// loaded as stored.
TEST(EieLayout, RelaidImageEqualsTheEncoderForTheUnitsPeCount) {
  for (int pes : {1, 4, 7}) {
    LayerSpec s;
    s.in = 90, s.out = 200, s.weight_density = 0.05, s.trace_pes = pes;
    const workloads::Layer native = make_layer(s);
    s.trace_pes = pes == 4 ? 3 : 4;
    const workloads::Layer other = make_layer(s);
    arch::eie::EieSpec spec;
    spec.num_pes = pes;
    spec.regfile_entries = 1000;  // one batch
    const arch::eie::EieLayer direct = arch::eie::prepare_layer(native, spec);
    const arch::eie::EieLayer relaid = arch::eie::prepare_layer(other, spec);
    EXPECT_FALSE(direct.relaid);
    EXPECT_TRUE(relaid.relaid);
    ASSERT_EQ(relaid.batches.size(), 1u);
    for (int k = 0; k < pes; ++k) {
      const auto& slice = relaid.batches[0].pes[std::size_t(k)];
      const workloads::EiePeImage& image = stored_image(native, k);
      EXPECT_EQ(slice.pointers, image.pointers) << "PE " << k;
      EXPECT_EQ(direct.batches[0].pes[std::size_t(k)].pointers, image.pointers) << "PE " << k;
      ASSERT_EQ(slice.entries.size(), image.entries.size());
      for (std::size_t i = 0; i < slice.entries.size(); ++i) {
        EXPECT_EQ(slice.entries[i].code, image.entries[i].code);
        EXPECT_EQ(slice.entries[i].zeros_before, image.entries[i].zeros_before);
      }
    }
    EXPECT_GT(relaid.padding_entries, 0u) << "5 % density must need padding zeros";
    EXPECT_EQ(relaid.padding_entries, direct.padding_entries);
  }
}

// workloads' reference (computed from the trace alone) against a dense product over the decoded
// code matrix with EIE's arithmetic; the product shift comes from the trace (calibrated by the
// front-end on other inputs).
TEST(EieReference, EqualsADenseProductOfTheDecodedWeights) {
  LayerSpec s;
  s.in = 70, s.out = 50, s.weight_density = 0.3, s.relu = true;
  const workloads::Layer l = make_layer(s);
  const workloads::WeightEncoding& enc = *l.encoding("eie_csc");
  const workloads::CodeMatrix m =
      workloads::decode(workloads::to_encoded(enc), l.shape.rows(), l.shape.cols(),
                        enc.code_bits, workloads::decode_spec(enc, l.shape));
  const auto got = workloads::reference_output(l);
  const int data_bits = 16;
  for (std::int64_t r = 0; r < m.rows; ++r) {
    std::int32_t acc = 0;
    for (std::int64_t c = 0; c < m.cols; ++c)
      if (l.input_q[std::size_t(c)] != 0 && m.at(r, c) != 0)
        acc = arch::eie::accumulate(acc, l.fixed_point.level(m.at(r, c)), l.input_q[std::size_t(c)],
                                    l.fixed_point.product_shift, data_bits);
    EXPECT_EQ(got[std::size_t(r)], std::max(acc, 0)) << "row " << r;
  }
}

struct Case {
  const char* name;
  int pes, depth, regfile;
  LayerSpec layer;
};

class EieOutputs : public ::testing::TestWithParam<Case> {};

// Every configuration computes exactly the reference, whatever the PE count of the trace, the
// batching over outputs (regfile 8 -> several batches) and the chunking over inputs.
TEST_P(EieOutputs, EqualTheFixedPointReference) {
  const Case& c = GetParam();
  const workloads::Layer l = make_layer(c.layer);
  EieBench b(eie_params(c.pes, c.depth, c.regfile));
  EXPECT_GT(b.run(l), 0u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  std::int64_t non_zero = 0;
  for (std::int32_t v : b.unit->layer_output()) non_zero += v != 0;
  EXPECT_GT(non_zero, 0);
}

LayerSpec spec_of(int in, int out, double wd, double ad, int trace_pes, bool relu) {
  LayerSpec s;
  s.in = in, s.out = out, s.weight_density = wd, s.act_density = ad, s.trace_pes = trace_pes;
  s.relu = relu;
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    Configs, EieOutputs,
    ::testing::Values(Case{"one_pe", 1, 8, 64, spec_of(40, 30, 0.2, 0.5, 1, false)},
                      Case{"paper_like", 8, 8, 64, spec_of(300, 200, 0.1, 0.35, 8, true)},
                      Case{"reencoded", 8, 2, 64, spec_of(300, 200, 0.1, 0.35, 3, false)},
                      Case{"batches_and_chunks", 4, 4, 8, spec_of(100, 90, 0.2, 0.6, 4, true)},
                      Case{"depth_one", 16, 1, 64, spec_of(256, 256, 0.04, 0.3, 16, false)},
                      Case{"dense_acts", 5, 8, 16, spec_of(123, 77, 0.5, 1.0, 5, false)}),
    [](const auto& info) { return std::string(info.param.name); });

// One PE, one column of three consecutive rows, one non-zero activation, by hand:
// cycle 0 the LNZD tree fills (1 level for one PE), cycle 1 the broadcast, cycle 2 the queue
// hands it to the pointer unit, cycle 3 the spmat unit takes the column and reads the word,
// cycles 4-6 the three entries enter the arithmetic unit, which retires the last at cycle 9
// (four stages), so the PE is idle after cycle 9 and the drain is seen at cycle 10.
TEST(EieTiming, OneColumnByHand) {
  workloads::Layer l = make_layer(spec_of(1, 3, 1.0, 1.0, 1, false));
  EieBench b(eie_params(1, 8));
  EXPECT_EQ(b.run(l), 10u);
  EXPECT_EQ(b.stat("eie.pe0.arith", "ops"), 3u);
  EXPECT_EQ(b.stat("eie.pe0.arith", "bypasses"), 0u);
  EXPECT_EQ(b.stat("eie.pe0.spmat_read", "words_read"), 1u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
}

// Back-to-back updates of the same accumulator take the bypass and do not stall: a single row
// hit by every column.
TEST(EieTiming, SameRowBackToBackUsesTheBypass) {
  workloads::Layer l = make_layer(spec_of(16, 1, 1.0, 1.0, 1, false));
  EieBench b(eie_params(1, 8));
  b.run(l);
  EXPECT_EQ(b.stat("eie.pe0.arith", "ops"), 16u);
  EXPECT_GT(b.stat("eie.pe0.arith", "bypasses"), 10u);
  EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
}

// The paper's Fig. 8 trend: deeper queues absorb the imbalance between PEs.
TEST(EieTrends, DeeperQueuesBalanceTheLoad) {
  const workloads::Layer l = make_layer(spec_of(512, 512, 0.1, 0.4, 16, false));
  std::uint64_t previous = ~0ull;
  for (int depth : {1, 2, 8, 32}) {
    EieBench b(eie_params(16, depth));
    const std::uint64_t cycles = b.run(l);
    EXPECT_LE(cycles, previous) << "depth " << depth;
    previous = cycles;
  }
}

TEST(EieTrends, MorePesAreFaster) {
  const workloads::Layer l = make_layer(spec_of(512, 1024, 0.1, 0.4, 4, false));
  std::uint64_t previous = ~0ull;
  for (int pes : {1, 4, 16, 64}) {
    EieBench b(eie_params(pes, 8));
    const std::uint64_t cycles = b.run(l);
    EXPECT_LT(cycles, previous) << pes << " PEs";
    previous = cycles;
    EXPECT_EQ(b.unit->layer_output(), workloads::reference_output(l));
  }
}

TEST(EieErrors, RejectsLayersItCannotRun) {
  workloads::Layer l = make_layer(spec_of(20, 10, 0.5, 0.5, 1, false));
  EieBench b(eie_params(2, 8));
  l.encodings[0].format = "dense";
  try {
    b.unit->check_layer(l);
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("layer fc: EIE cannot run it: it stores no eie_csc encoding"),
              std::string::npos)
        << e.what();
  }
  l.encodings[0].format = "eie_csc";
  l.shape.kind = workloads::LayerKind::kConv;
  EXPECT_THROW(b.unit->check_layer(l), sim::ConfigError);
}

// An int64 product shifted by 63 or more is undefined: refused before any product is formed.
TEST(EieErrors, RejectsAProductShiftAbove62) {
  workloads::Layer l = make_layer(spec_of(20, 10, 0.5, 0.5, 1, false));
  l.fixed_point.product_shift = 63;
  EieBench b(eie_params(2, 8));
  try {
    b.unit->check_layer(l);
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("its product_shift 63 is outside 0..62"),
              std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace axsim::eie_test
