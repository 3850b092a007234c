// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/layer.hpp"

namespace axsim::workloads {

struct BuiltinInfo {
  std::string name, description, source;
};

/// The built-in model shapes, so a run needs no download.
std::vector<BuiltinInfo> builtin_workloads();

/// Builds a built-in model with seeded data: int8 weights from a He-initialised normal
/// distribution (clipped at 4 sigma) and post-ReLU int8 activations (about half zeros).
/// Unknown names throw ConfigError listing the known ones.
Workload make_builtin(const std::string& name, std::uint64_t seed);

}  // namespace axsim::workloads
