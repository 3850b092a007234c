// SPDX-License-Identifier: Apache-2.0
// Fuzz entry points shared by the libFuzzer targets (-DAXSIM_FUZZ=ON) and the deterministic
// mutation tests: bad input must end in one of the documented errors, never in a crash.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace axsim::fuzz {

/// What one input did: parsed and replayed, or refused with a documented error (its message).
struct Outcome {
  bool accepted = false;
  std::string error;
  /// Units whose output differed from workloads/reference on an accepted layer ("unit on layer").
  std::vector<std::string> mismatches;
};

/// Reads `size` bytes as a trace (in memory), replays it (workload_from_trace) and, per layer,
/// the reference output and each of the dense, scnn and eie units (check_layer, then a run when
/// the layer is small). TraceError, sim::ConfigError and std::invalid_argument are the expected
/// refusals; any other exception propagates (a bug).
Outcome fuzz_trace_bytes(const std::uint8_t* data, std::size_t size);
/// The same from an already parsed trace (skips the byte framing and its CRCs).
Outcome fuzz_trace(const workloads::Trace& trace);

/// Parses `size` bytes as a recipe and asks it for every layer of a small built-in model.
Outcome fuzz_recipe_bytes(const std::uint8_t* data, std::size_t size);

/// Writes `size` bytes as a config file and runs it as `axsim run --workload tiny` would:
/// read_config, parse_config (unit spec resolution), the workload, a simulation. A ConfigError
/// is the expected refusal; a validated config whose run fails otherwise is in `mismatches`.
Outcome fuzz_config_bytes(const std::uint8_t* data, std::size_t size);

/// Parses `size` bytes as a sweep spec (load_sweep_spec: validate and expand) and reads the
/// effective config of each of its first 64 points (read_config with the point's overrides).
/// A ConfigError is the expected refusal.
Outcome fuzz_sweep_bytes(const std::uint8_t* data, std::size_t size);

/// A private folder per process for the text harnesses: links to configs/tech, configs/recipes
/// and the four shipped configs, so relative paths resolve as in configs/; sweeps/ inside it.
const std::string& scratch_dir();

/// Valid inputs to mutate: traces of tiny conv, grouped conv, fc and lstm layers in every
/// format (dense, bitmask, eie_csc, scnn; k-means, uniform and shift-saturate rules), and recipes.
std::vector<workloads::Trace> seed_traces();
std::vector<std::string> seed_recipes();
std::vector<std::string> seed_configs();  ///< configs/{dense,eie,scnn,dcnn}.json
std::vector<std::string> seed_sweeps();   ///< configs/sweeps/*.json

}  // namespace axsim::fuzz
