// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workloads/layer.hpp"
#include "workloads/model/graph.hpp"

namespace axsim::workloads {

/// A dense float tensor, row-major.
struct Tensor {
  std::vector<std::int64_t> shape;
  std::vector<float> data;
  std::size_t numel() const;
};

enum class OpKind { kConv, kFullyConnected, kLstm };
const char* to_string(OpKind kind);

/// One compressible layer of a float model.
/// - conv: weights [M][C/groups][R][S], bias [M]; input [C][in_h][in_w]
/// - fc:   weights [out][in], bias [out]
/// - lstm: weights [4H][in] (ONNX gate order i, o, f, c), recurrent [4H][recurrent_in], bias [8H]
///   (W's then R's); an LSTMP also has projection [recurrent_in][H], h_t = projection x m_t
/// As a matrix for pruning, quantization and encoding every layer is rows x cols:
/// conv M x (C/groups*R*S), fc out x in, lstm 4H x (in+recurrent_in) (W and R side by side, as
/// ESE stores it).
struct ModelLayer {
  std::string name;
  OpKind kind = OpKind::kFullyConnected;
  Tensor weights, recurrent, bias;
  Tensor projection;  ///< LSTMP only (shape empty: no projection, recurrent_in = H)
  int in_channels = 0, in_h = 1, in_w = 1;     ///< input geometry (conv); in_channels = fc inputs
  int out_channels = 0;                        ///< M, fc outputs, or LSTM hidden size H
  int kernel_h = 1, kernel_w = 1, groups = 1;
  int stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;  ///< per axis (a 1-D conv: the w axis)
  int seq_len = 1;                             ///< LSTM time steps
  int recurrent_in = 0;                        ///< LSTM recurrent input: H, or P with a projection
  double weight_density = 1.0;                 ///< pruned density the paper reports (1 = none given)
  double act_density = 1.0;                    ///< input activation density the paper reports
  /// Where act_density comes from (a citation); "" when no source gives it (act_density is then
  /// 1.0, and the "published" activation source refuses the layer unless given a fallback).
  std::string act_density_source = {};
  // What the float network runs after the layer, before the next one. Only the reference
  // executor (workloads/reference) applies them: compression and the accelerators see the
  // layer alone. A conv output [M][H][W] feeding an fc layer is flattened in C order.
  bool relu_after = false;
  int pool_after = 0;                          ///< max pooling window k x k (0: none)
  int pool_stride = 0;                         ///< its stride
  /// ONNX: the BatchNormalization node folded into this conv's weights ("" if none), so a run
  /// that substitutes the folded weights skips that node.
  std::string folded_norm = {};

  bool has_projection() const { return kind == OpKind::kLstm && !projection.shape.empty(); }
  std::int64_t rows() const;
  std::int64_t cols() const;
  /// Element (r, c) of the rows x cols matrix view (for LSTM, c >= in reads `recurrent`).
  float matrix_at(std::int64_t r, std::int64_t c) const;
  std::vector<float> matrix() const;  ///< the whole rows x cols view, row-major
  void set_matrix(const std::vector<float>& m);
  /// A copy without the tensors' data (shapes kept), made without copying the weights.
  ModelLayer geometry() const;
  std::uint64_t weight_count() const { return std::uint64_t(rows()) * std::uint64_t(cols()); }
};

/// The shape a trace stores for a model layer (an lstm's out_channels are its 4H matrix rows).
LayerShape shape_of(const ModelLayer& layer);

/// One layer replaced in a run of the whole model: its compressed weights (same layout and
/// geometry as the original layer) and the fixed-point bits its input is quantized to.
struct LayerSubstitute {
  const ModelLayer* layer = nullptr;  ///< nullptr: the original layer runs
  int act_bits = 0;                   ///< 0: the input is not quantized
};

/// Runs a whole float model on seeded inputs, so compression can take every layer's real input
/// and fidelity can compare the original network with the compressed one end to end.
/// Implemented over the ONNX graph executor, for ONNX files and built-in graphs alike.
class ModelRunner {
 public:
  struct Result {
    std::vector<float> output;  ///< the model's (first) output, flattened
    /// Per model layer, what it consumed, in the order synthetic_activations() uses (conv
    /// [C][H][W] of the first batch element, fc its inputs, LSTM every step's x then h0);
    /// empty if the layer did not run (an If branch not taken).
    std::vector<std::vector<float>> layer_inputs;
    /// The same layers' observed input sizes: conv {C, H, W}, fc {in}, LSTM {seq_len, in}.
    std::vector<std::vector<std::int64_t>> layer_dims;
  };
  virtual ~ModelRunner() = default;
  /// Runs on the seeded input number `seed`. `substitutes` is empty (the original model) or has
  /// one entry per model layer.
  virtual Result run(std::uint64_t seed, const std::vector<LayerSubstitute>& substitutes) const = 0;
  /// Why the model cannot run (an input without a size or value), or "" if it can.
  virtual std::string unavailable() const = 0;
};

/// A float model: where it came from (file and its hash, or "builtin:<name>") and its layers.
struct Model {
  std::string name;
  std::string source;       ///< file path or builtin:<name>
  std::string source_hash;  ///< hex FNV-1a 64 of the file bytes ("" for builtin)
  std::vector<ModelLayer> layers;
  /// Every layer consumes exactly the previous layer's output (after its ReLU and pooling):
  /// its graph is sequential_graph(layers), made by runner_for() when `graph` is not set. False
  /// for DAGs (GoogLeNet, the ResNets: they set `graph`), unchained layer sets (NeuralTalk, ESE,
  /// tiny) and models read from files.
  bool sequential = false;
  /// How to run the whole model (ONNX models read from a file). Built-in models have a `graph`
  /// instead, run by the same ONNX executor (runner_for() in workloads/reference/executor.hpp).
  std::shared_ptr<const ModelRunner> runner = nullptr;
  /// The float graph of a built-in conv / fc model (branches and residual adds included), its
  /// layer nodes matched to `layers` by name; nullptr for models without one (LSTM, unchained
  /// matrices) and for files (they have a `runner`).
  std::shared_ptr<const ModelGraph> graph = nullptr;
  /// Set when the layers hold geometry only and their weights are made on demand (built-in
  /// models, make_zoo_model(name, seed, ZooWeights::kOnDemand)): fills one layer's weights,
  /// bias (and recurrent weights), the same values every call. The front-end then holds one
  /// layer's floats at a time (compress_to_trace()).
  std::function<void(ModelLayer&)> load_weights = nullptr;
};

}  // namespace axsim::workloads
