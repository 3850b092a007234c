// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/pcm_model.hpp"

#include <algorithm>
#include <cmath>

namespace axsim::arch::aon_cim {

namespace {
constexpr double kFitGmaxUs = 25.0;  // the conductance the programming fit was made at
}  // namespace

double PcmMoments::programming_sigma(double g) {
  return (0.26348 + 1.9650 * g - 1.1731 * g * g) / kFitGmaxUs;
}

double PcmMoments::drift_nu_mean(double g) {
  return std::clamp(-0.0155 * std::log(std::max(g, 1e-7)) + 0.0244, 0.049, 0.1);
}

double PcmMoments::drift_nu_sigma(double g) {
  return std::clamp(-0.0125 * std::log(std::max(g, 1e-7)) - 0.0059, 0.008, 0.045);
}

double PcmMoments::drift_factor(double nu, double t_s, double t0_s) {
  return std::pow((t_s + t0_s) / t0_s, -nu);
}

double PcmMoments::read_sigma_relative(double g_programmed, double t_s, const PcmParams& p) {
  const double q_s = std::min(0.0088 / std::pow(std::max(g_programmed, 1e-3), 0.65), 0.2);
  const double t = t_s + p.t0_s;
  return q_s * std::sqrt(std::log((t + p.t_read_s) / (2 * p.t_read_s)));
}

PcmDevice program_device(double g_target, double t_s, const PcmParams& p, sim::RandomStream& rng) {
  const double prog_draw = rng.normal();
  const double nu_draw = rng.normal();
  double g = g_target;
  if (p.programming_noise) g = std::max(0.0, g + PcmMoments::programming_sigma(g_target) * prog_draw);
  PcmDevice d;
  double g_drifted = g;
  if (p.drift) {
    const double nu = std::abs(PcmMoments::drift_nu_mean(g_target) +
                               PcmMoments::drift_nu_sigma(g_target) * nu_draw);
    g_drifted = g * PcmMoments::drift_factor(nu, t_s, p.t0_s);
  }
  d.g_programmed = float(g);
  d.g_drifted = float(g_drifted);
  if (p.read_noise) d.read_sigma_abs = float(g_drifted * PcmMoments::read_sigma_relative(g, t_s, p));
  return d;
}

}  // namespace axsim::arch::aon_cim
