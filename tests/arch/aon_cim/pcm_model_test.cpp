// SPDX-License-Identifier: Apache-2.0
// The PCM device model against its published formulas at chosen points, and the moments of
// sampled devices against the formulas.
#include <gtest/gtest.h>

#include <cmath>

#include "arch/aon_cim/pcm_model.hpp"

namespace axsim::arch::aon_cim::pcm_model_test {
namespace {

TEST(PcmModel, FormulasAtChosenPoints) {
  // (0.26348 + 1.9650 - 1.1731) uS at 25 uS, normalised.
  EXPECT_NEAR(PcmMoments::programming_sigma(1.0), 1.05538 / 25, 1e-12);
  EXPECT_NEAR(PcmMoments::programming_sigma(0.0), 0.26348 / 25, 1e-12);
  EXPECT_DOUBLE_EQ(PcmMoments::drift_nu_mean(1.0), 0.049);  // 0.0244 clipped up
  EXPECT_NEAR(PcmMoments::drift_nu_mean(0.01), -0.0155 * std::log(0.01) + 0.0244, 1e-12);
  EXPECT_DOUBLE_EQ(PcmMoments::drift_nu_mean(1e-9), 0.1);     // clipped down; g_T floored at 1e-7
  EXPECT_DOUBLE_EQ(PcmMoments::drift_nu_sigma(1.0), 0.008);   // clipped up
  EXPECT_DOUBLE_EQ(PcmMoments::drift_nu_sigma(0.01), 0.045);  // 0.0517 clipped down
  EXPECT_NEAR(PcmMoments::drift_nu_sigma(0.3), -0.0125 * std::log(0.3) - 0.0059, 1e-12);
  EXPECT_NEAR(PcmMoments::drift_factor(0.05, 3600, 20), std::pow(3620.0 / 20.0, -0.05), 1e-12);
  EXPECT_DOUBLE_EQ(PcmMoments::drift_factor(0.05, 0, 20), 1.0);
  const PcmParams p;
  // Q_s = 0.0088 at g = 1; t = 20 s: sqrt(ln((20 + 250e-9) / 500e-9)).
  EXPECT_NEAR(PcmMoments::read_sigma_relative(1.0, 0, p),
              0.0088 * std::sqrt(std::log((20 + 250e-9) / 500e-9)), 1e-12);
  // Q_s saturates at 0.2 for small conductances (g clamped at 1e-3 first).
  EXPECT_NEAR(PcmMoments::read_sigma_relative(1e-6, 0, p),
              0.2 * std::sqrt(std::log((20 + 250e-9) / 500e-9)), 1e-12);
}

TEST(PcmModel, SampledMomentsMatchTheFormulas) {
  const PcmParams p;
  for (const double g : {1.0, 0.5, 0.1}) {
    sim::RandomStream rng(7);
    const int n = 200000;
    double sum = 0, sum2 = 0, ratio = 0;
    const double t = 86400;
    for (int i = 0; i < n; ++i) {
      const PcmDevice d = program_device(g, t, p, rng);
      sum += d.g_programmed, sum2 += double(d.g_programmed) * d.g_programmed;
      if (d.g_programmed > 0) ratio += std::log(double(d.g_drifted) / d.g_programmed);
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    const double sigma = PcmMoments::programming_sigma(g);
    EXPECT_NEAR(mean, g, 4 * sigma / std::sqrt(double(n))) << g;
    EXPECT_NEAR(sd, sigma, 0.01 * sigma) << g;
    // ln(drift factor) = -nu ln((t + t0) / t0): the mean exponent, |N| folded only far from 0.
    const double nu = -ratio / n / std::log((t + p.t0_s) / p.t0_s);
    EXPECT_NEAR(nu, PcmMoments::drift_nu_mean(g), 0.002) << g;
  }
}

TEST(PcmModel, ReadsScatterByTheReadSigmaAndNeverGoNegative) {
  PcmParams p;
  sim::RandomStream rng(3);
  const PcmDevice d = program_device(0.3, 3600, p, rng);
  double sum = 0, sum2 = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double g = read_device(d, rng);
    ASSERT_GE(g, 0.0);
    sum += g, sum2 += g * g;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, d.g_drifted, 4 * d.read_sigma_abs / std::sqrt(double(n)));
  EXPECT_NEAR(sd, d.read_sigma_abs, 0.02 * d.read_sigma_abs);
  p.read_noise = p.drift = p.programming_noise = false;
  const PcmDevice ideal = program_device(0.3, 3600, p, rng);
  EXPECT_FLOAT_EQ(ideal.g_drifted, 0.3f);
  EXPECT_EQ(read_device(ideal, rng), double(ideal.g_drifted));
}

}  // namespace
}  // namespace axsim::arch::aon_cim::pcm_model_test
