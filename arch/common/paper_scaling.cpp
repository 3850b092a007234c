// SPDX-License-Identifier: Apache-2.0
#include "arch/common/paper_scaling.hpp"

#include <fmt/format.h>

namespace axsim::arch {

sim::Cost paper_relative(const sim::Cost& paper, double factor, const std::string& what) {
  if (factor == 1.0) return paper;
  return {paper.value * factor, paper.source + fmt::format("; x{:.4g} for {}", factor, what)};
}

double size_ratio(double configured, double paper) { return configured / paper; }

double sram_energy_ratio(const sim::TechTable& tech, const SramSpec& configured,
                         const SramSpec& paper) {
  return sram_costs(tech, configured).read_pj.value / sram_costs(tech, paper).read_pj.value;
}

void ScaledSum::add(const std::string& key, const sim::Cost& paper, double factor) {
  value_ += paper.value * factor;
  source_ += (source_.empty() ? "" : "; ") + key + ": " + paper.source +
             (factor == 1.0 ? "" : fmt::format(" x{:.3g}", factor));
}

}  // namespace axsim::arch
