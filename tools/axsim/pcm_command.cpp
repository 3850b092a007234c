// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/pcm_command.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>

#include "arch/aon_cim/pcm_model.hpp"
#include "sim/error.hpp"
#include "sim/random.hpp"
#include "tools/axsim/result_table.hpp"

namespace axsim::tools {

namespace {

using arch::aon_cim::PcmMoments;
using arch::aon_cim::PcmParams;

/// Mean and sample standard deviation, accumulated.
struct Moments {
  double n = 0, sum = 0, sum2 = 0;
  void add(double x) { n += 1, sum += x, sum2 += x * x; }
  double mean() const { return sum / n; }
  double sd() const { return n > 1 ? std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1))) : 0.0; }
};

/// sd of max(0, mu + sigma Z), Z standard normal (the clamp every conductance has).
double clamped_sd(double mu, double sigma) {
  if (sigma <= 0) return 0;
  const double a = mu / sigma;
  const double phi = std::exp(-0.5 * a * a) / std::sqrt(2 * M_PI), cdf = 0.5 * std::erfc(-a / std::sqrt(2.0));
  const double mean = mu * cdf + sigma * phi;
  const double second = (mu * mu + sigma * sigma) * cdf + mu * sigma * phi;
  return std::sqrt(std::max(0.0, second - mean * mean));
}

/// E[f(|mu + sigma Z|)] by Simpson's rule over mu +- 10 sigma.
template <class F>
double folded_mean(double mu, double sigma, F f) {
  constexpr int kSteps = 4000;
  const double lo = mu - 10 * sigma, h = 20 * sigma / kSteps;
  double sum = 0;
  for (int i = 0; i <= kSteps; ++i) {
    const double x = lo + h * i, z = (x - mu) / sigma;
    const double w = (i == 0 || i == kSteps) ? 1 : (i % 2 == 1 ? 4 : 2);
    sum += w * f(std::abs(x)) * std::exp(-0.5 * z * z);
  }
  return sum * h / 3 / (sigma * std::sqrt(2 * M_PI));
}

struct Check {
  const char* quantity;
  double model, expected, sampled;
};

/// n devices programmed to g, drifted to t and read once, each effect measured where the others
/// cannot move it (the read noise on devices without programming error), against what the
/// model's distributions give with their clamps at zero and the fold of |nu|.
std::vector<Check> monte_carlo(double g, double t_s, PcmParams p, std::uint64_t n, sim::RandomStream& rng) {
  Moments programming, nu, factor, read;
  const double log_time = std::log((t_s + p.t0_s) / p.t0_s);
  PcmParams exact = p;
  exact.programming_noise = false;
  for (std::uint64_t i = 0; i < n; ++i) {
    const arch::aon_cim::PcmDevice d = arch::aon_cim::program_device(g, t_s, p, rng);
    programming.add(double(d.g_programmed));
    if (d.g_programmed > 0) factor.add(double(d.g_drifted) / double(d.g_programmed));
    if (d.g_programmed > 0 && log_time > 0) nu.add(-std::log(double(d.g_drifted) / double(d.g_programmed)) / log_time);
    const arch::aon_cim::PcmDevice e = arch::aon_cim::program_device(g, t_s, exact, rng);
    read.add(arch::aon_cim::read_device(e, rng) / double(e.g_drifted));
  }
  const double mu = PcmMoments::drift_nu_mean(g), sigma = PcmMoments::drift_nu_sigma(g);
  const double prog = PcmMoments::programming_sigma(g), rd = PcmMoments::read_sigma_relative(g, t_s, p);
  const double nu_mean = folded_mean(mu, sigma, [](double v) { return v; });
  const double nu_sd = std::sqrt(mu * mu + sigma * sigma - nu_mean * nu_mean);
  const double drift = folded_mean(mu, sigma, [&](double v) { return PcmMoments::drift_factor(v, t_s, p.t0_s); });
  std::vector<Check> out = {{"programming sigma (uS)", prog * p.g_max_us, clamped_sd(g, prog) * p.g_max_us,
                             programming.sd() * p.g_max_us},
                            {"drift exponent mean", mu, nu_mean, nu.mean()},
                            {"drift exponent sd", sigma, nu_sd, nu.sd()},
                            {"drift factor mean", PcmMoments::drift_factor(mu, t_s, p.t0_s), drift, factor.mean()},
                            {"read sigma (relative)", rd, clamped_sd(1.0, rd), read.sd()}};
  if (log_time <= 0) out.erase(out.begin() + 1, out.begin() + 3);  // t = 0: no exponent to measure
  return out;
}

ResultTable moments_table(const PcmOptions& opt, const PcmParams& p) {
  ResultTable table;
  table.columns = {"g", "t_s", "prog_sigma_us", "nu_mean", "nu_sigma", "drift_factor", "read_sigma_rel"};
  for (const double g : opt.g)
    for (const double t : opt.t_s) {
      const double nu = PcmMoments::drift_nu_mean(g);
      auto& row = table.rows.emplace_back();
      for (const double v : {g, t, PcmMoments::programming_sigma(g) * p.g_max_us, nu, PcmMoments::drift_nu_sigma(g),
                             PcmMoments::drift_factor(nu, t, p.t0_s), PcmMoments::read_sigma_relative(g, t, p)})
        row.emplace_back(v);
    }
  return table;
}

ResultTable monte_carlo_table(const PcmOptions& opt, const PcmParams& p) {
  ResultTable table;
  table.columns = {"g", "t_s", "quantity", "model", "expected", "sampled", "difference"};
  for (const double g : opt.g)
    for (const double t : opt.t_s) {
      sim::RandomStream rng(opt.seed);
      for (const Check& c : monte_carlo(g, t, p, opt.samples, rng)) {
        auto& row = table.rows.emplace_back();
        row = {g, t, std::string(c.quantity), c.model, c.expected, c.sampled, c.sampled / c.expected - 1};
      }
    }
  return table;
}

std::string markdown(const ResultTable& t) {
  std::string out = "|";
  for (const auto& c : t.columns) out += fmt::format(" {} |", c);
  out += "\n|";
  for (std::size_t i = 0; i < t.columns.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : t.rows) {
    out += "|";
    for (const auto& v : row)
      out += std::holds_alternative<double>(v) ? fmt::format(" {:.4g} |", std::get<double>(v))
                                               : fmt::format(" {} |", results::sql_value_text(v));
    out += "\n";
  }
  return out;
}

}  // namespace

int pcm_command(const PcmOptions& opt) {
  try {
    for (const double g : opt.g)
      if (!(g > 0 && g <= 1)) throw sim::ConfigError(fmt::format("axsim pcm: --g {}: expected a normalised conductance in (0, 1]", g));
    for (const double t : opt.t_s)
      if (!(t >= 0 && t <= 1e10)) throw sim::ConfigError(fmt::format("axsim pcm: --t {}: expected seconds in [0, 1e10]", t));
    if (opt.samples > 100'000'000) throw sim::ConfigError("axsim pcm: --samples: at most 100000000");
    PcmParams p;
    p.g_max_us = opt.g_max_us;
    const ResultTable table = opt.samples > 0 ? monte_carlo_table(opt, p) : moments_table(opt, p);
    std::cout << (opt.format == "markdown" ? markdown(table)
                                           : format_result(table, parse_output_format(opt.format)));
    return 0;
  } catch (const sim::ConfigError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
  } catch (const UsageError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace axsim::tools
