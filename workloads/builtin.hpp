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
/// The same through the recipe in `recipe_path` (e.g. EIE's pruning, 4-bit codebook and CSC
/// encoding), with its seed replaced by `seed`; an empty path means the int8 recipe above.
Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path);

}  // namespace axsim::workloads
