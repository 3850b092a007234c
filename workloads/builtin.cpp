// SPDX-License-Identifier: Apache-2.0
#include "workloads/builtin.hpp"

#include "workloads/compress/trace_io.hpp"
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

}  // namespace

Workload make_builtin(const std::string& name, std::uint64_t seed) {
  return make_builtin(name, seed, "");
}

Workload make_builtin(const std::string& name, std::uint64_t seed, const std::string& recipe_path) {
  Recipe recipe = recipe_path.empty() ? parse_recipe("builtin-int8", kInt8Recipe)
                                      : load_recipe(recipe_path);
  recipe.seed = seed;
  const Compressed c = compress(make_zoo_model(name, seed), recipe);
  Workload w = workload_from_trace(to_trace(c, recipe, "builtin"), "builtin:" + name);
  w.name = name;
  return w;
}

}  // namespace axsim::workloads
