// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// Choices the ONNX file cannot make for us.
struct OnnxReadOptions {
  /// An If node runs exactly one branch per inference, so taking layers from both would count
  /// the work twice (Silero VAD keeps a 16 kHz model in `then` and an 8 kHz one in `else`).
  /// Weights are looked up in every branch either way; this picks whose layers are returned.
  enum class IfBranch { kThen, kElse, kBoth };
  IfBranch if_branch = IfBranch::kThen;
  /// Static dims for graph inputs, replacing symbolic ones before shape inference, e.g.
  /// {"x", {1, 3, 48, 192}}; inputs not named keep the dims the file gives them.
  std::map<std::string, std::vector<std::int64_t>> input_dims;
  /// Fold an inference BatchNormalization that directly follows a Conv (its only consumer) into
  /// the conv's weights and bias, as deployed networks do.
  bool fold_batch_norm = true;
  /// Values for graph inputs when the model is run (OnnxExecutor, Model::runner), e.g.
  /// {"sr", {16000}} or {"h", {0}}: one value fills the whole input, else one per element.
  /// Float inputs not named get seeded uniform [0, 1) values; other inputs must be named.
  std::map<std::string, std::vector<double>> input_values;
  /// Attach an OnnxExecutor to the model as Model::runner (reference activations, end-to-end
  /// fidelity). It reads the file again; the graph is checked only when it runs.
  bool attach_runner = true;
};

/// Reads the Conv, Gemm, MatMul (constant 2-D weight) and LSTM layers of an ONNX model, in graph
/// order, descending into If/Loop/Scan subgraphs. Weights come from initializers and Constant
/// nodes (float, float16, bfloat16 or double). Conv input sizes come from ONNX shape inference;
/// where a size is symbolic in_h/in_w are 0. Throws sim::ConfigError naming the file and the
/// problem (unreadable file, not a ModelProto, a layer whose weights are malformed).
Model read_onnx(const std::string& path);
Model read_onnx(const std::string& path, const OnnxReadOptions& options);

}  // namespace axsim::workloads
