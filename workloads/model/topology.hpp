// SPDX-License-Identifier: Apache-2.0
// Topology files: a network described as a JSON list of layers, without ONNX or code
// (docs/compression.md#topology-files). Compressed, simulated and checked like a built-in model.
#pragma once
#include <cstdint>
#include <string>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// True when a model or workload name is a topology file (it ends in ".json").
bool is_topology_file(const std::string& spec);

/// Reads a topology file: layers of kind conv, fc or lstm with their shapes, strides, padding,
/// groups, the ReLU and max pooling after them and their published weight and input activation
/// densities. Weights are random as the built-in models' (Laplace, He scale, seeded by `seed`
/// and the layer's name), made on demand. The model is sequential (its float graph runs, so
/// reference activations work) when every layer takes the one before's output; "sequential":
/// true asks for it and is refused, naming the layer, when the shapes do not chain. Throws
/// sim::ConfigError naming the file and the JSON path of anything wrong.
Model read_topology(const std::string& path, std::uint64_t seed);
/// The same from text; `path` labels errors and the model's source.
Model parse_topology(const std::string& path, const std::string& text, std::uint64_t seed);

}  // namespace axsim::workloads
