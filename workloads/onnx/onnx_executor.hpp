// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "workloads/model/model.hpp"
#include "workloads/onnx/onnx_reader.hpp"

namespace axsim::workloads {

/// A value flowing through an ONNX graph: float (float, double, float16 and bfloat16 tensors
/// all become float) or an integer type (int64, int32, bool) held as int64.
struct OnnxValue {
  enum class Type { kFloat, kInt64, kInt32, kBool };
  Type type = Type::kFloat;
  std::vector<std::int64_t> shape;
  std::vector<float> f;         ///< kFloat
  std::vector<std::int64_t> i;  ///< the integer types
  std::size_t numel() const;
  static OnnxValue floats(std::vector<std::int64_t> shape, std::vector<float> data);
  static OnnxValue ints(std::vector<std::int64_t> shape, std::vector<std::int64_t> data,
                        Type type = Type::kInt64);
};

/// A compressible layer replaced in a run: the Conv / Gemm / MatMul / LSTM node computes with
/// the layer's weights and bias (read_onnx's layout, BatchNormalization folded, so the folded
/// BatchNormalization node is skipped) and its input X quantized to act_bits (0: not).
struct OnnxSubstitute {
  const ModelLayer* layer = nullptr;
  int act_bits = 0;
  /// An LSTM node computed by other arithmetic (a trace's fixed-point sequence rule): given X
  /// [seq][1][in], returns h_1 .. h_T ([seq][H]), which become Y and Y_h; Y_c (the last cell
  /// state, a state output) stays the float LSTM's, on `layer`'s weights or else the node's.
  std::function<std::vector<float>(const OnnxValue& x)> lstm_outputs = nullptr;
  /// A Conv, Gemm or MatMul node's products computed by other hardware (an analog unit): given
  /// X (batch 1), returns Y in its shape without the node's bias (Conv's B, Gemm's beta x C),
  /// which the node then adds. When `layer` is given and folds a BatchNormalization (the
  /// products are of its folded weights), the node adds the layer's folded bias instead and the
  /// norm node is skipped.
  std::function<OnnxValue(const OnnxValue& x)> products = nullptr;
  /// The same for an LSTM node, a step at a time: given x_t [in] and h_(t-1) [H], writes the 4H
  /// gate sums W x_t + R h_(t-1) without bias; the node adds B and runs the gates in float.
  std::function<void(const float* x, const float* h, float* gates)> lstm_products = nullptr;
};

/// A layer with its weights by name, for layer nodes whose graph holds none: made on demand
/// (dropped when the node has run) or the model's own.
using LayerWeights = std::function<std::shared_ptr<const ModelLayer>(const std::string& layer)>;

/// What a layer node consumed: X as observed and, packed as ModelRunner::Result describes it,
/// the first batch element.
struct OnnxLayerInput {
  std::vector<std::int64_t> shape;  ///< X's shape
  std::vector<std::int64_t> dims;   ///< conv {C, H, W}, fc {in}, LSTM {seq_len, in}
  std::vector<float> packed;
};

struct OnnxRun {
  std::vector<OnnxValue> outputs;                      ///< the graph outputs, in order
  std::map<std::string, OnnxLayerInput> layer_inputs;  ///< by layer name (read_onnx's naming)
  std::map<std::string, OnnxValue> kept;               ///< the values run() was asked to keep
};

/// A float interpreter of an ONNX graph: nodes in the (topological) order the file gives, If
/// subgraphs on the branch the condition picks, numpy broadcasting for elementwise ops. The ops
/// are those of the PaddleOCR MobileNetV3 classifier and Silero VAD (docs/compression.md); any
/// other op, or an attribute value outside what is implemented, throws sim::ConfigError naming
/// the file, the node and its op type.
class OnnxExecutor {
 public:
  /// A graph input (initializers excluded) as declared: dims -1 where symbolic.
  struct Input {
    std::string name;
    OnnxValue::Type type = OnnxValue::Type::kFloat;
    std::vector<std::int64_t> dims;
    std::vector<std::string> dim_names;  ///< the symbolic dims' names ("" where static)
  };

  /// A model in memory: a built-in model's graph (make_graph_runner()).
  struct InMemory {
    std::string name;   ///< stands for the file in messages
    std::string bytes;  ///< the serialized ModelProto
  };

  /// Reads and parses the file; throws sim::ConfigError if it cannot.
  explicit OnnxExecutor(const std::string& path);
  explicit OnnxExecutor(const InMemory& model);
  ~OnnxExecutor();
  OnnxExecutor(const OnnxExecutor&) = delete;
  OnnxExecutor& operator=(const OnnxExecutor&) = delete;

  const std::vector<Input>& inputs() const;
  /// Runs the graph on `inputs` (every graph input by name), replacing the layers named in
  /// `substitutes`. A Conv or Gemm node given X only (a built-in graph) computes with the layer
  /// `weights` makes for its name (weights on demand, dropped after the node), unless substituted.
  /// The values named in `keep` (any node output, in any subgraph) are copied to OnnxRun::kept.
  OnnxRun run(const std::map<std::string, OnnxValue>& inputs,
              const std::map<std::string, OnnxSubstitute>& substitutes = {},
              const LayerWeights& weights = nullptr,
              const std::set<std::string>& keep = {}) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The graph inputs for run number `seed`: static dims from options.input_dims, else the
/// declared ones, a symbolic dim taking the size given to the same dim name of another input
/// (Silero's h [2, batch, 64] follows input [batch, sequence]); values from options.input_values,
/// else seeded uniform [0, 1) floats. Throws sim::ConfigError for an input whose size or (non-float)
/// value is not known.
std::map<std::string, OnnxValue> onnx_inputs(const OnnxExecutor& e, const OnnxReadOptions& options,
                                             std::uint64_t seed, const std::string& path);

/// The ModelRunner read_onnx attaches: an OnnxExecutor on the file, its inputs from onnx_inputs(),
/// the model's layers matched to nodes by name, the first graph output as the output.
std::shared_ptr<const ModelRunner> make_onnx_runner(const std::string& path,
                                                    const OnnxReadOptions& options,
                                                    const Model& model);

}  // namespace axsim::workloads
