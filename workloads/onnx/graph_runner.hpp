// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// The ONNX model a ModelGraph stands for, serialized (opset 13): its nodes and scalar
/// constants; layer nodes take X only.
std::string graph_to_onnx(const std::string& name, const ModelGraph& g);

/// Runs a built-in model's graph through the ONNX executor, as an ONNX file's model runs: the
/// graph input seeded uniform [0, 1) (OnnxExecutor's seeded inputs, named after the graph
/// input), layer nodes matched to the model's layers by name. Their weights are made on demand
/// when the model has Model::load_weights (kept for the runner's later runs up to 256 MB of
/// floats, the rest made again on each run and dropped after its node), else the model's own
/// layers are used (then `m` must outlive the runner).
std::shared_ptr<const ModelRunner> make_graph_runner(const Model& m,
                                                     std::shared_ptr<const ModelGraph> g);

}  // namespace axsim::workloads
