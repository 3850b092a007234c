// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/unit.hpp"

namespace axsim::arch::cpu {

/// A window of a CPU instruction trace (.axct, docs/cpu-traces.md) as a phase: the trace file
/// and the window's name (the traced program's). A CPU unit reads the file as it runs it.
class CpuTracePhase : public Phase {
 public:
  CpuTracePhase(std::string path, std::string name)
      : path_(std::move(path)), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  std::string kind() const override { return "trace"; }
  const std::string& path() const { return path_; }

 private:
  std::string path_, name_;
};

}  // namespace axsim::arch::cpu
