// SPDX-License-Identifier: Apache-2.0
// The dense unit's costing options (SCNN's DCNN and DCNN-opt, Parashar et al., ISCA 2017, Tables 5
// and 6): zero gating moves exactly the zero-operand MACs into `mac_gated` without changing timing
// or outputs; zero_rle shrinks DRAM transfers to the exact size of each block's compressed form;
// bad values are config errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arch/dense/dram_format.hpp"
#include "arch/unit.hpp"
#include "sim/error.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/make_layer.hpp"
#include "workloads/reference/quantized_layer.hpp"
#include "workloads/rng.hpp"

namespace axsim::dense_options_test {
namespace {

using nlohmann::json;

json params(const std::string& dataflow, int macs = 1) {
  return {{"pe_rows", 4},
          {"pe_cols", 3},
          {"macs_per_pe", macs},
          {"dataflow", dataflow},
          {"weight_buffer", {{"capacity_bytes", 2048}}},
          {"input_buffer", {{"capacity_bytes", 2048}}},
          {"output_buffer", {{"capacity_bytes", 1024}}},
          {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 16}, {"latency_cycles", 10}}}};
}

const sim::Component& component(test::UnitBench& b, const std::string& path) {
  for (const sim::Component* c : b.sim.ctx().components)
    if (c->path() == path) return *c;
  throw std::runtime_error("no component " + path);
}

std::uint64_t action_count(const sim::Component& c, const std::string& name) {
  for (const auto& a : c.actions().all())
    if (a.name == name) return a.count;
  return 0;
}

std::int64_t stat(test::UnitBench& b, const std::string& path, const std::string& name) {
  return static_cast<std::int64_t>(component(b, path).stats().find(name)->value());
}

// About a third of the weights and a quarter of the inputs are zero, so gating has work to do.
workloads::Layer sparse_layer(const workloads::LayerShape& s, std::uint64_t seed) {
  workloads::Rng rng(seed);
  std::vector<std::int32_t> w(s.weight_count()), x(s.input_count());
  for (auto& v : w) v = rng.next() % 3 ? int(rng.next() % 9) - 4 : 0;
  for (auto& a : x) a = rng.next() % 4 ? int(rng.next() % 100) : 0;
  return workloads::make_layer("l", s, w, x, {"dense", "scnn"});
}

workloads::LayerShape conv(int c, int h, int m, int k, int stride, int pad) {
  workloads::LayerShape s;
  s.in_channels = c, s.in_h = h, s.in_w = h + 2;
  s.out_channels = m, s.kernel_h = k, s.kernel_w = k, s.stride_h = s.stride_w = stride, s.pad_h = s.pad_w = pad;
  return s;
}

/// MACs of the layer with a zero weight or a zero (or padding) input, counted directly.
std::uint64_t zero_operand_macs(const workloads::Layer& l) {
  const auto& s = l.shape;
  const std::vector<std::int32_t> weights = workloads::weight_levels(l);
  std::uint64_t zero = 0;
  for (int m = 0; m < s.out_channels; ++m)
    for (int oy = 0; oy < s.out_h(); ++oy)
      for (int ox = 0; ox < s.out_w(); ++ox)
        for (int c = 0; c < s.in_channels; ++c)
          for (int r = 0; r < s.kernel_h; ++r)
            for (int q = 0; q < s.kernel_w; ++q) {
              const int y = oy * s.stride_h - s.pad_h + r, x = ox * s.stride_w - s.pad_w + q;
              const bool pad = y < 0 || y >= s.in_h || x < 0 || x >= s.in_w;
              const auto w = weights[((std::size_t(m) * s.in_channels + c) * s.kernel_h + r) *
                                         s.kernel_w + q];
              const auto a = pad ? 0 : l.input_q[(std::size_t(c) * s.in_h + y) * s.in_w + x];
              zero += w == 0 || a == 0;
            }
  return zero;
}

class ZeroGating : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(ZeroGating, MovesExactlyTheZeroOperandMacsAndKeepsTiming) {
  const auto& [dataflow, macs] = GetParam();
  // Several c-blocks and pixel blocks (2 KiB buffers), padding, stride 2.
  for (const auto& s : {conv(5, 9, 6, 3, 1, 1), conv(7, 11, 5, 5, 2, 2)}) {
    const auto layer = sparse_layer(s, 11);
    json gated = params(dataflow, macs);
    gated["zero_gating"] = true;
    test::UnitBench plain("dense", params(dataflow, macs)), gating("dense", gated);
    const std::uint64_t cycles = plain.run(layer);
    EXPECT_EQ(gating.run(layer), cycles);
    EXPECT_EQ(gating.unit->layer_output(), workloads::reference_output(layer));
    const auto& pe_plain = component(plain, "dense.pe_array");
    const auto& pe_gated = component(gating, "dense.pe_array");
    const std::uint64_t zero = zero_operand_macs(layer);
    ASSERT_GT(zero, 0u);
    EXPECT_EQ(action_count(pe_plain, "mac"), s.macs());
    EXPECT_EQ(action_count(pe_plain, "mac_gated"), 0u);
    EXPECT_EQ(action_count(pe_gated, "mac_gated"), zero);
    EXPECT_EQ(action_count(pe_gated, "mac"), s.macs() - zero);
    EXPECT_EQ(stat(gating, "dense.pe_array", "compute_cycles"),
              stat(plain, "dense.pe_array", "compute_cycles"));
  }
}

INSTANTIATE_TEST_SUITE_P(Dataflows, ZeroGating,
                         ::testing::Combine(::testing::Values("output_stationary",
                                                              "weight_stationary"),
                                            ::testing::Values(1, 4)));

TEST(ZeroRleSize, CountsFillersForLongRunsAndNothingForTrailingZeros) {
  using arch::dense::ZeroRleSize;
  const auto size = [](std::vector<int> v, int bits) {
    ZeroRleSize z(bits);
    z.add(v.data(), v.size());
    return z;
  };
  EXPECT_EQ(size({}, 8).entries(), 0u);
  EXPECT_EQ(size({}, 8).bytes(), 4u);  // the 32-bit entry count alone
  std::vector<int> run15(16, 0), run16(17, 0), run32(33, 0);
  run15.back() = run16.back() = run32.back() = 3;
  EXPECT_EQ(size(run15, 8).entries(), 1u);  // index 15 still fits
  EXPECT_EQ(size(run16, 8).entries(), 2u);  // one explicit zero, then index 0
  EXPECT_EQ(size(run32, 8).entries(), 3u);
  EXPECT_EQ(size({1, 2, 0, 0, 0, 0}, 16).entries(), 2u);
  EXPECT_EQ(size({1, 2, 0, 0, 0, 0}, 16).bits(), 32u + 2 * 20);
}

// FC 40 -> 2, one tile. Hand-built so each block's size is known:
// inputs x[0] = 5, x[21] = 7 (the unit's own zero-run compression of activations): entries 5,
//   (filler: 16 zeros), 7 with index 4 -> 3 entries; 32 + 3 x 12 bits = 68 bits = 9 B (raw 40 B).
// weights as the trace stores them: "dense", 80 8-bit codes = 80 B; "scnn" (what DCNN-opt
//   reads), one block per input: a 16-bit count each (40 x 16 bits), plus 11 entries of 8 + 4
//   bits (inputs 0..9 hold w0, input 39 holds w1 after one zero): 772 bits = 97 B.
// outputs: out0 = 5 w0[0] != 0, out1 = w1[39] x[39] = 0: 1 entry of 32 + 4 bits: 68 bits = 9 B
//   (raw 8 B: incompressible data grow by the index and the count).
workloads::Layer hand_built_fc() {
  workloads::LayerShape s;
  s.kind = workloads::LayerKind::kFullyConnected;
  s.in_channels = 40, s.out_channels = 2;
  std::vector<std::int32_t> x(40, 0), w(80, 0);
  x[0] = 5, x[21] = 7;
  for (int k = 0; k < 10; ++k) w[k] = k + 1;
  w[40 + 39] = -3;
  return workloads::make_layer("fc", s, w, x, {"dense", "scnn"});
}

TEST(DramCompression, ZeroRleReadsTheStoredScnnWeightsAndCompressesActivations) {
  const auto layer = hand_built_fc();
  ASSERT_EQ(layer.encoding("scnn")->bytes.size(), 97u);
  json p = params("output_stationary");
  test::UnitBench raw("dense", p);
  raw.run(layer);
  EXPECT_EQ(stat(raw, "dense.dram", "bytes_read"), 40 + 80);
  EXPECT_EQ(stat(raw, "dense.controller", "weight_dram_bytes"), 80);
  EXPECT_EQ(stat(raw, "dense.dram", "bytes_written"), 8);

  p["dram_compression"] = "zero_rle";
  test::UnitBench rle("dense", p);
  rle.run(layer);
  EXPECT_EQ(rle.unit->layer_output(), workloads::reference_output(layer));
  EXPECT_EQ(stat(rle, "dense.dram", "bytes_read"), 9 + 97);
  EXPECT_EQ(stat(rle, "dense.controller", "weight_dram_bytes"), 97);
  // The two dense outputs compress to 9 B, more than their 8 raw bytes: the raw form is sent.
  EXPECT_EQ(stat(rle, "dense.dram", "bytes_written"), 8);
  EXPECT_EQ(stat(rle, "dense.controller", "dram_bytes_uncompressed"), 40 + 80 + 8);
}

TEST(DramCompression, DataBitsWidenActivationsNotTheStoredWeights) {
  // 16-bit values (SCNN's DCNN): inputs 32 + 3 x 20 = 92 bits = 12 B compressed, 80 B raw;
  // outputs at 16 bits: 32 + 20 = 52 bits = 7 B > 4 raw B, so sent raw. The weights cross the
  // interface as the trace stores them (8-bit codes), whatever the unit's data_bits.
  const auto layer = hand_built_fc();
  json p = params("output_stationary");
  p["data_bits"] = 16, p["output_dram_bits"] = 16;
  test::UnitBench raw("dense", p);
  raw.run(layer);
  EXPECT_EQ(stat(raw, "dense.dram", "bytes_read"), 80 + 80);
  EXPECT_EQ(stat(raw, "dense.dram", "bytes_written"), 4);
  p["dram_compression"] = "zero_rle";
  test::UnitBench rle("dense", p);
  rle.run(layer);
  EXPECT_EQ(rle.unit->layer_output(), workloads::reference_output(layer));
  EXPECT_EQ(stat(rle, "dense.dram", "bytes_read"), 12 + 97);
  EXPECT_EQ(stat(rle, "dense.dram", "bytes_written"), 4);
}

// input_buffer.keeps_activations: outputs stay on chip, and the hand-built fc layer's 40 B
// input fits half the 2 KiB input buffer, so only the 80 B of weights cross the DRAM; the input
// is still written into the buffer once and the outputs still leave the output buffer. Two
// 22 x 24 planes (1,056 B) do not fit half the buffer (1,024 B): the layer before wrote them to
// DRAM (charged here) and they are read back as usual.
TEST(ResidentActivations, ActivationsThatFitStayOnChip) {
  const auto layer = hand_built_fc();
  json p = params("output_stationary");
  test::UnitBench plain("dense", p);
  p["input_buffer"]["keeps_activations"] = true;
  test::UnitBench resident("dense", p);
  plain.run(layer);
  resident.run(layer);
  EXPECT_EQ(resident.unit->layer_output(), workloads::reference_output(layer));
  EXPECT_EQ(stat(resident, "dense.dram", "bytes_read"), 80);
  EXPECT_EQ(stat(resident, "dense.dram", "bytes_written"), 0);
  EXPECT_EQ(stat(resident, "dense.controller", "resident_activation_bytes"), 40);
  for (const char* buffer : {"dense.input_buffer", "dense.output_buffer"})
    for (const char* words : {"read_words", "write_words"})
      EXPECT_EQ(stat(resident, buffer, words), stat(plain, buffer, words)) << buffer << words;

  const workloads::Layer big = sparse_layer(conv(2, 22, 1, 1, 1, 0), 3);
  test::UnitBench big_resident("dense", p);
  big_resident.run(big);
  EXPECT_EQ(big_resident.unit->layer_output(), workloads::reference_output(big));
  EXPECT_EQ(stat(big_resident, "dense.dram", "bytes_read"), 2 + 2 * 22 * 24);
  EXPECT_EQ(stat(big_resident, "dense.dram", "bytes_written"), 2 * 22 * 24);
  EXPECT_EQ(stat(big_resident, "dense.controller", "resident_activation_bytes"), 0);
}

TEST(DenseCosting, SixteenBitBuffersHoldHalfAsManyValuesAndCountWiderWords) {
  // 2 KiB of 16-bit values = 1024 values, 512 per half: a 24-value plane x 40 channels no
  // longer fits in one c-block, but the outputs stay exact.
  const auto layer = sparse_layer(conv(40, 4, 3, 3, 1, 1), 5);
  json p = params("output_stationary", 4);
  test::UnitBench narrow("dense", p);
  p["data_bits"] = 16;
  test::UnitBench wide("dense", p);
  narrow.run(layer);
  wide.run(layer);
  EXPECT_EQ(wide.unit->layer_output(), workloads::reference_output(layer));
  EXPECT_GT(stat(wide, "dense.controller", "tiles"), stat(narrow, "dense.controller", "tiles"));
  EXPECT_GT(stat(wide, "dense.input_buffer", "read_words"),
            stat(narrow, "dense.input_buffer", "read_words"));
}

/// A dense unit costed by `tech` (a file under configs/tech), one 1 GHz clock.
struct TechBench {
  sim::TechTable tech;
  sim::Simulation sim;
  std::unique_ptr<arch::Unit> unit;
  TechBench(const std::string& tech_file, const json& params)
      : tech(sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/" + tech_file)),
        sim(&tech, 1, 100000) {
    sim.add_clock("core", 1000);
    sim::Diagnostics diag;
    sim::Params p =
        sim::Params::from_json(std::make_shared<json>(params), "test.json", diag);
    auto spec = arch::UnitRegistry::find("dense")->parse(p, {{"core"}, "core"});
    diag.throw_if_any();
    unit = spec->build(sim, "dense");
  }
};

TEST(DenseCosting, MacWidthsPriceActionsAreaAndLeakageFromTheLogicModel) {
  json p = params("output_stationary", 4);
  p["mac_bits"] = 16;
  p["accumulator_bits"] = 24;
  p["zero_gating"] = true;
  TechBench b("16nm.json", p);
  const auto table = sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/16nm.json");
  const sim::OpCosts mult = table.logic("int_mult", 16), add = table.logic("int_add", 24);
  bool found = false;
  for (const sim::Component* c : b.sim.ctx().components) {
    if (c->path() != "dense.pe_array") continue;
    found = true;
    EXPECT_DOUBLE_EQ(c->actions().all()[0].energy_pj.value,
                     mult.energy_pj.value + add.energy_pj.value);
    EXPECT_DOUBLE_EQ(c->actions().all()[1].energy_pj.value,
                     2 * table.logic("int_add", 16).energy_pj.value);
    EXPECT_DOUBLE_EQ(c->area_um2().value, 48 * (mult.area_um2.value + add.area_um2.value));
    EXPECT_DOUBLE_EQ(c->leakage_mw().value, 48 * (mult.leakage_mw.value + add.leakage_mw.value));
  }
  EXPECT_TRUE(found);
}

void expect_config_error(const json& p, const std::string& needle) {
  try {
    test::UnitBench b("dense", p);
    FAIL() << "expected ConfigError containing " << needle;
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(DenseCosting, BadValuesAreConfigErrors) {
  const auto with = [](const std::string& key, const json& value) {
    json p = params("output_stationary");
    p[key] = value;
    return p;
  };
  expect_config_error(with("dram_compression", "lz4"), "/dram_compression");
  expect_config_error(with("zero_gating", "yes"), "/zero_gating");
  expect_config_error(with("data_bits", 4), "/data_bits");
  expect_config_error(with("output_dram_bits", 64), "/output_dram_bits");
  expect_config_error(with("mac_bits", 2), "/mac_bits");
  expect_config_error(with("mac_bits", "16"), "/mac_bits");
  expect_config_error(with("accumulator_bits", 128), "/accumulator_bits");
  expect_config_error(with("mac_energy", "mac_int16"), "/mac_energy: unknown key");
}

}  // namespace
}  // namespace axsim::dense_options_test
