// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "arch/unit.hpp"

namespace axsim::arch::cpu {

/// The stats of the cpu unit's own components ("cpu", "cpu.inorder_core",
/// "cpu.branch_predictor"): the components register them from here, the docs list them.
const std::vector<StatDecl>& cpu_component_stats();

}  // namespace axsim::arch::cpu
