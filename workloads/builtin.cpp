// SPDX-License-Identifier: Apache-2.0
#include "workloads/builtin.hpp"

#include "workloads/cache/workload_cache.hpp"
#include "workloads/compress/streamed_trace.hpp"
#include "workloads/compress/trace_io.hpp"
#include "sim/json_input.hpp"
#include "sim/provenance.hpp"
#include "workloads/model/topology.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::workloads {

namespace {

// The recipe behind every built-in int8 workload (one mechanism with `axsim compress`).
const char* kInt8Recipe = R"({
  "axsim_recipe": 1,
  "name": "builtin-int8",
  "reproduces": "no paper: int8 replay data for the built-in models",
  "defaults": {
    "quantize": {"scheme": "uniform", "bits": 8, "symmetric": true},
    "encoding": {"format": "dense"},
    "huffman": false,
    "activations": {"source": "synthetic", "density": "paper", "bits": 8}
  }
})";

Recipe builtin_recipe(const std::string& recipe_path, std::uint64_t seed) {
  Recipe recipe =
      recipe_path.empty() ? parse_recipe("builtin-int8", kInt8Recipe) : load_recipe(recipe_path);
  recipe.seed = seed;
  return recipe;
}

// A built-in model by name, or a topology file (it ends in .json).
Model source_model(const std::string& name, std::uint64_t seed) {
  if (is_topology_file(name)) return read_topology(name, seed);
  return make_zoo_model(name, seed, ZooWeights::kOnDemand);
}

Workload replay(const Trace& trace, const std::string& name) {
  Workload w = workload_from_trace(trace, "builtin:" + name);
  w.name = name;
  return w;
}

}  // namespace

Trace builtin_trace(const std::string& name, std::uint64_t seed, const std::string& recipe_path,
                    const LayerProgress& progress) {
  const Recipe recipe = builtin_recipe(recipe_path, seed);
  const Model model = source_model(name, seed);
  if (wants_reference_activations(model, recipe))  // the float model's graph runs first
    return to_trace(compress(model, recipe, progress), recipe, "builtin");
  return compress_to_trace(model, recipe, "builtin", {progress, nullptr, nullptr}).trace;
}

std::string builtin_cache_key(const std::string& name, std::uint64_t seed,
                              const std::string& recipe_path, const std::string& axsim_version) {
  const Recipe recipe = builtin_recipe(recipe_path, seed);  // its text, normalized
  // A topology file is keyed by its bytes too: an edited file is a new workload.
  const std::string file = is_topology_file(name) ? sim::fnv1a_hex(sim::read_json_file(name)) : "";
  return workload_cache_key({"axsim builtin workload", name, file, recipe.json_text,
                             std::to_string(seed), std::to_string(kTraceFormatVersion),
                             axsim_version});
}

Workload make_builtin(const std::string& name, std::uint64_t seed) {
  return make_builtin(name, seed, "");
}

Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path) {
  return replay(builtin_trace(name, seed, recipe_path), name);
}

Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path,
                      WorkloadCache& cache, const std::string& axsim_version,
                      const LayerProgress& progress) {
  const std::string key = builtin_cache_key(name, seed, recipe_path, axsim_version);
  return replay(cache.get(key, [&] { return builtin_trace(name, seed, recipe_path, progress); }),
                name);
}

}  // namespace axsim::workloads
