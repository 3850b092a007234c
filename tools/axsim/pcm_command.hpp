// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::tools {

struct PcmOptions {
  std::vector<double> g = {1.0, 0.5, 0.1, 0.01};  ///< normalised target conductances
  std::vector<double> t_s = {3600, 86400};        ///< times since programming
  double g_max_us = 25;
  std::uint64_t samples = 0;  ///< Monte-Carlo devices per (g, t); 0: the deterministic moments only
  std::uint64_t seed = 1;
  std::string format = "table";  ///< table | csv | json | markdown
};

/// `axsim pcm`: the PCM device model of the AON-CiM unit (arch/aon_cim/pcm_model.hpp) at given
/// normalised conductances and times since programming: programming-noise sigma, the drift
/// exponent's mean and spread, the drift factor and the relative read-noise sigma, each
/// deterministic; with --samples, the same moments measured on that many simulated devices
/// (programming, drift and one read each). Exit 2 on bad input.
int pcm_command(const PcmOptions& opt);

}  // namespace axsim::tools
