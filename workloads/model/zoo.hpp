// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

struct ZooInfo {
  std::string name, description, source;
};

/// The built-in float models: published layer shapes with the paper's per-layer densities where
/// the papers give them (docs/references.md lists the papers), and seeded weights, so a run
/// needs no download.
std::vector<ZooInfo> zoo_models();

/// kAll: every layer's weights now. kOnDemand: geometry only, with Model::load_weights making
/// one layer's weights when asked (identical values), so a large model never sits in memory whole.
enum class ZooWeights { kAll, kOnDemand };

/// Builds a zoo model. Weights are drawn from a zero-mean Laplace distribution with the He
/// standard deviation sqrt(2 / fan_in) (trained weights are closer to Laplace than to Gaussian);
/// biases are zero. Each layer's weights come from their own seeded stream (seed and layer name),
/// so making them on demand, in any order, gives the same values.
/// Unknown names throw sim::ConfigError listing the known ones.
Model make_zoo_model(const std::string& name, std::uint64_t seed,
                     ZooWeights weights = ZooWeights::kAll);

/// Fills one layer's weights (and recurrent weights) and zero biases as the zoo does: Laplace
/// with the He scale, from the layer's own seeded stream (seed and layer name).
void fill_random_weights(ModelLayer& l, std::uint64_t seed);

}  // namespace axsim::workloads
