// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "workloads/layer.hpp"

namespace axsim::workloads {

/// The int8 workload of a built-in model (workloads/model/zoo.hpp) for datapaths that replay
/// int8 data: the zoo model through the compression pipeline with symmetric per-tensor int8
/// weights, no pruning, and seeded 8-bit activations at the paper's density (dense when the
/// paper gives none), exactly as a trace of that recipe would replay.
/// Unknown names throw ConfigError listing the known ones.
Workload make_builtin(const std::string& name, std::uint64_t seed);

}  // namespace axsim::workloads
