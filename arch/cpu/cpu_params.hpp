// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "arch/common/cache/hierarchy.hpp"
#include "arch/cpu/core_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::cpu {

struct CpuSpec {
  std::string clock;
  CoreSpec core;
  cache::HierarchySpec memory;
};

/// The "cpu" unit's registration data: params, stats, actions and docs (read is set by cpu.cpp).
UnitInfo cpu_info();
CpuSpec read_cpu(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::cpu
