// SPDX-License-Identifier: Apache-2.0
// The statistical model of phase-change-memory (PCM) devices used for analog compute in memory:
// programming noise, conductance drift with a per-device exponent, and 1/f read noise, as fitted
// on about a million devices by Nandakumar et al. (ICECS 2019) and Joshi et al. (Nature
// Communications 11, 2473, 2020), in the form IBM's analog AI toolkit (AIHWKit) gives it
// (`PCMLikeNoiseModel`). Conductances here are normalised to g_max (0..1); sigmas of the
// programming noise are in µS at g_max = 25 µS and scale with g_max.
#pragma once
#include <cstdint>

#include "sim/random.hpp"

namespace axsim::arch::aon_cim {

struct PcmParams {
  double g_max_us = 25.0;       ///< largest programmable conductance
  double t0_s = 20.0;           ///< drift reference time after programming
  double t_read_s = 250e-9;     ///< duration of one read (the 1/f noise's lower time bound)
  bool programming_noise = true;
  bool drift = true;
  bool read_noise = true;
};

/// The model's deterministic parts, each a function of the normalised target conductance g_T.
struct PcmMoments {
  /// Standard deviation of the programming error, normalised to g_max:
  /// (0.26348 + 1.9650 g_T - 1.1731 g_T^2) µS at 25 µS (the fit scales with g_max).
  static double programming_sigma(double g_target);
  /// Mean and spread of the drift exponent's normal before the absolute value:
  /// clip(-0.0155 ln g_T + 0.0244, 0.049, 0.1) and clip(-0.0125 ln g_T - 0.0059, 0.008, 0.045).
  static double drift_nu_mean(double g_target);
  static double drift_nu_sigma(double g_target);
  /// ((t + t0) / t0)^-nu: the factor a conductance keeps t seconds after programming.
  static double drift_factor(double nu, double t_s, double t0_s);
  /// Relative sigma of the 1/f read noise of a device of programmed conductance g (normalised),
  /// read t seconds after programming: min(0.0088 / g^0.65, 0.2) x sqrt(ln((t + t0 + t_read) /
  /// (2 t_read))), g clamped at >= 1e-3.
  static double read_sigma_relative(double g_programmed, double t_s, const PcmParams& p);
};

/// One device after programming, and at the inference time the run asks for.
struct PcmDevice {
  float g_programmed = 0;    ///< normalised conductance right after programming
  float g_drifted = 0;       ///< normalised conductance at the inference time (no read noise)
  float read_sigma_abs = 0;  ///< absolute (normalised) sigma of one read's noise
};

/// Programs one device to g_target (normalised, 0..1) and lets it drift to t_s: the programming
/// error and the drift exponent are drawn from `rng` (two normal draws, in that order, whether
/// or not each effect is on, so switching one off leaves the other's draws unchanged).
PcmDevice program_device(double g_target, double t_s, const PcmParams& p, sim::RandomStream& rng);

/// One read of a device: its drifted conductance plus read noise (one normal draw when read
/// noise is on and the device is not at zero), clamped at >= 0.
inline double read_device(const PcmDevice& d, sim::RandomStream& rng) {
  if (d.read_sigma_abs == 0.0f) return d.g_drifted;
  const double g = double(d.g_drifted) + double(d.read_sigma_abs) * rng.normal();
  return g > 0 ? g : 0.0;
}

}  // namespace axsim::arch::aon_cim
