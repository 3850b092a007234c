// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "workloads/compress/compress.hpp"
#include "workloads/layer.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

class WorkloadCache;

/// The int8 workload of a built-in model (workloads/model/zoo.hpp) for datapaths that replay
/// int8 data: the zoo model through the compression pipeline with symmetric per-tensor int8
/// weights, no pruning, and seeded 8-bit activations at the paper's density (dense when the
/// paper gives none), exactly as a trace of that recipe would replay.
/// Unknown names throw ConfigError listing the known ones.
Workload make_builtin(const std::string& name, std::uint64_t seed);
/// The same through the recipe in `recipe_path` (e.g. EIE's pruning, 4-bit codebook and CSC
/// encoding), with its seed replaced by `seed`; an empty path means the int8 recipe above.
Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path);

/// The same, its compressed trace taken from `cache` when stored there, else compressed (with
/// `progress` told of every layer) and stored. The key is the model name, the recipe's text,
/// the seed, the trace format version and `axsim_version` (workload_cache_key()).
Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path,
                      WorkloadCache& cache, const std::string& axsim_version,
                      const LayerProgress& progress = {});

/// The trace make_builtin replays: `name` compressed as above.
Trace builtin_trace(const std::string& name, std::uint64_t seed, const std::string& recipe_path,
                    const LayerProgress& progress = {});

/// The cache key of that trace for this axsim version.
std::string builtin_cache_key(const std::string& name, std::uint64_t seed,
                              const std::string& recipe_path, const std::string& axsim_version);

}  // namespace axsim::workloads
