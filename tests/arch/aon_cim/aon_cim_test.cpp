// SPDX-License-Identifier: Apache-2.0
// The AON-CiM unit on layers made by the front-end: exact results without noise (converters
// wide enough), errors within the tolerance with the device model on, random draws that depend
// on the seed only, drift compensation, a one-tile timeline counted by hand, and refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/error.hpp"
#include "tests/support/layer_fixtures.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::aon_cim_test {
namespace {

using nlohmann::json;

json params(json extra = json::object()) {
  json p = {{"rows", 64}, {"cols", 16}, {"tiles", 4}, {"adcs_per_tile", 4}};
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

json ideal(json extra = json::object()) {
  json p = params({{"programming_noise", false}, {"drift", false}, {"read_noise", false},
                   {"adc_noise_lsb", 0}, {"adc_bits", 16}, {"adc_range_fraction", 1.0}});
  for (auto it = extra.begin(); it != extra.end(); ++it) p[it.key()] = it.value();
  return p;
}

struct Outcome {
  std::uint64_t cycles = 0;
  std::vector<std::int32_t> output;
  double error = 0;  ///< relative RMS error against the ideal quantized computation
};

Outcome run(const workloads::Layer& layer, const json& p, std::uint64_t seed = 1) {
  test::UnitBench b("aon_cim", p, 5000, "14nm");  // 200 MHz
  b.sim.ctx().seed = seed;
  b.unit->check_layer(layer);
  Outcome r;
  r.cycles = b.run(layer);
  r.output = b.unit->layer_output();
  const std::vector<std::int32_t> ref = workloads::reference_output(layer);
  double e = 0, n = 0;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    e += std::pow(double(r.output[i]) - ref[i], 2);
    n += double(ref[i]) * ref[i];
  }
  r.error = std::sqrt(e / n);
  return r;
}

const char* kInt8 = R"({"scheme": "uniform", "bits": 8})";

TEST(AonCim, WithoutNoiseOnlyTheConvertersRound) {
  // Blocks over rows and columns, groups, strides, 4-bit DAC slices of 8-bit inputs, and
  // signed inputs (two phases) in an fc layer.
  workloads::ModelLayer fc;
  fc.name = "fc", fc.kind = workloads::OpKind::kFullyConnected, fc.in_channels = 150, fc.out_channels = 40;
  fc.kernel_h = fc.kernel_w = fc.in_h = fc.in_w = 1;
  for (const workloads::Layer& l :
       {test::compress_one(test::conv_layer(12, 7, 20, 3), kInt8, 0.5, 8),
        test::compress_one(test::conv_layer(8, 9, 12, 3, 2, 4), kInt8, 0.5, 8),
        test::compress_one(fc, kInt8, 1.0, 8)}) {
    for (const json& p : {ideal(), ideal({{"dac_bits", 4}}), ideal({{"weight_scaling", "column"}})}) {
      const Outcome r = run(l, p);
      EXPECT_LT(r.error, 2e-4) << l.name << " " << p.dump();
      // The converters are what rounds: 8-bit ADCs lose more.
      json coarse = p;
      coarse["adc_bits"] = 8;
      EXPECT_GT(run(l, coarse).error, 10 * r.error) << l.name << " " << p.dump();
    }
  }
}

TEST(AonCim, TheDeviceModelStaysWithinTheToleranceAndDependsOnTheSeedOnly) {
  const workloads::Layer l = test::compress_one(test::conv_layer(16, 8, 24, 3), kInt8, 0.5, 8);
  const Outcome a = run(l, params()), b = run(l, params()), c = run(l, params(), 2);
  EXPECT_EQ(a.output, b.output);
  EXPECT_NE(a.output, c.output);
  // Programming noise, read noise and the ADC each give 1-8 % on this layer (uniform 8-bit
  // weights, half the inputs zero); an hour's drift, compensated, a few % more.
  EXPECT_GT(a.error, 0.05);
  EXPECT_LT(a.error, 0.3);
  EXPECT_EQ(a.cycles, c.cycles);  // timing never depends on the draws
}

TEST(AonCim, DriftCompensationRecoversTheScaleAfterAMonth) {
  const workloads::Layer l = test::compress_one(test::conv_layer(16, 8, 24, 3), kInt8, 0.5, 8);
  const json month = params({{"t_inference_s", 2.6e6}});
  json off = month;
  off["drift_compensation"] = false;
  const Outcome with = run(l, month), without = run(l, off);
  // In a month conductances keep about 0.56 (nu = 0.049) or less (small conductances drift
  // faster); the all-ones reading restores most of the scale, not the device-to-device spread.
  EXPECT_GT(without.error, 0.35);
  EXPECT_LT(with.error, 0.6 * without.error);
}

TEST(AonCimTiming, OneTileByHand) {
  // fc 64 -> 32, one block on one tile, unsigned 8-bit inputs (one phase), 200 MHz:
  // fetch 8 words (cycles 0-7, the read starts in 7), drive 1, integrate 250 ns = 50,
  // convert 32 columns on 8 ADCs: 4 x (8 + 1) = 36 -> done at 94; the periphery's 16 lanes take
  // cycles 95 and 96; four words written back in 96-99: 100 cycles.
  workloads::ModelLayer fc;
  fc.name = "fc", fc.kind = workloads::OpKind::kFullyConnected, fc.in_channels = 64, fc.out_channels = 32;
  fc.kernel_h = fc.kernel_w = fc.in_h = fc.in_w = 1, fc.relu_after = true;
  const workloads::Layer l = test::compress_one(fc, kInt8, 1.0, 8);
  for (const std::int32_t q : l.input_q) ASSERT_GE(q, 0);
  const json p = {{"rows", 64}, {"cols", 32}, {"tiles", 1}, {"adcs_per_tile", 8}};
  EXPECT_EQ(run(l, p).cycles, 100u);
}

TEST(AonCimTiming, PulseWidthInputsIntegrateForTheLongestPulse) {
  // The layer above with pulse-width inputs of 0.1 ns per LSB: unsigned 8-bit inputs are one
  // slice of 255 LSBs, a 25.5 ns window = 6 cycles instead of 50 (100 - 50 + 6 = 56). Without
  // noise the two encodings compute the same outputs.
  workloads::ModelLayer fc;
  fc.name = "fc", fc.kind = workloads::OpKind::kFullyConnected, fc.in_channels = 64, fc.out_channels = 32;
  fc.kernel_h = fc.kernel_w = fc.in_h = fc.in_w = 1, fc.relu_after = true;
  const workloads::Layer l = test::compress_one(fc, kInt8, 1.0, 8);
  json p = {{"rows", 64}, {"cols", 32}, {"tiles", 1}, {"adcs_per_tile", 8},
            {"input_encoding", "pulse_width"}, {"pwm_lsb_ns", 0.1}};
  EXPECT_EQ(run(l, p).cycles, 56u);
  const json exact = ideal({{"rows", 64}, {"cols", 32}, {"tiles", 1}, {"adcs_per_tile", 8}});
  json pulses = exact;
  pulses["input_encoding"] = "pulse_width";
  EXPECT_EQ(run(l, exact).output, run(l, pulses).output);
}

TEST(AonCim, RefusesWhatItCannotRun) {
  test::UnitBench b("aon_cim", params(), 5000, "14nm");
  const workloads::Layer l = test::compress_one(test::conv_layer(4, 5, 4, 3), kInt8, 0.5, 8);
  workloads::Layer no_dense = l;
  no_dense.encodings.clear();
  EXPECT_THROW(b.unit->check_phase(arch::LayerPhase(no_dense, "t.axt")), sim::ConfigError);
}

}  // namespace
}  // namespace axsim::aon_cim_test
