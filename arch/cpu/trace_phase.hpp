// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "arch/unit.hpp"

namespace axsim::arch::cpu {

/// A window of a CPU instruction trace (.axct, docs/cpu-traces.md) as a phase: the trace file,
/// the window's index in it (0 for a trace without windows), its name and its role ("trace",
/// "simpoint", "warmup", "window"). A CPU unit reads the file as it runs its windows, in order.
class CpuTracePhase : public Phase {
 public:
  CpuTracePhase(std::string path, std::string name, std::size_t window = 0,
                std::string role = "trace", double weight = 1)
      : path_(std::move(path)),
        name_(std::move(name)),
        role_(std::move(role)),
        window_(window),
        weight_(weight) {}
  const std::string& name() const override { return name_; }
  std::string kind() const override { return role_; }
  const std::string& path() const { return path_; }
  std::size_t window() const { return window_; }
  /// The share of the whole run it stands for (a simpoint's weight; 1 for a whole trace).
  double weight() const { return weight_; }

 private:
  std::string path_, name_, role_;
  std::size_t window_;
  double weight_;
};

/// The phases of a CPU trace: one per window of a sampled trace ("NAME.simpoint3",
/// "NAME.warmup3", ...), else one named NAME. Throws sim::ConfigError for a damaged header.
std::vector<CpuTracePhase> cpu_trace_phases(const std::string& path, const std::string& name);

}  // namespace axsim::arch::cpu
