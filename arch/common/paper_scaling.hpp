// SPDX-License-Identifier: Apache-2.0
// Paper-relative costs: a unit whose paper gives energies and areas for its own sizes (EIE's
// Table II, SCNN's Table 4) keeps those figures in the tech table and scales them to the
// configured sizes, so the paper's configuration gets the paper's figures exactly.
#pragma once
#include <string>
#include <vector>

#include "arch/common/sram_port.hpp"
#include "sim/energy.hpp"

namespace axsim::arch {

/// `paper` x `factor`; the source says why ("; x0.5 for <what>"). A factor of 1 is `paper`.
sim::Cost paper_relative(const sim::Cost& paper, double factor, const std::string& what);

/// configured / paper, the factor of a cost linear in one size (capacity, depth, count).
double size_ratio(double configured, double paper);

/// The SRAM rule's read energy of `configured` over that of `paper`: the factor of a paper
/// per-access energy measured on the paper's array.
double sram_energy_ratio(const sim::TechTable& tech, const SramSpec& configured,
                         const SramSpec& paper);

/// A cost made of named paper-relative parts (SCNN's PE area is Table 4's rows, each scaled by
/// its own size; the table's sources say what each scales with): the values add, the sources
/// list each part as "key: source x<factor>" (no factor when it is 1).
class ScaledSum {
 public:
  void add(const std::string& key, const sim::Cost& paper, double factor);
  sim::Cost total() const { return {value_, source_}; }

 private:
  double value_ = 0;
  std::string source_;
};

}  // namespace axsim::arch
