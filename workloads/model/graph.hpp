// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace axsim::workloads {

struct ModelLayer;

/// One operator of a model's float graph, in ONNX's terms (operator type, attribute names and
/// semantics), so the ONNX executor runs it as it runs a node read from a file.
struct GraphNode {
  std::string op;    ///< ONNX operator type: Conv, Gemm, Relu, MaxPool, Concat, Add, ...
  std::string name;  ///< a layer node's (Conv, Gemm): its ModelLayer's name
  std::vector<std::string> inputs, outputs;
  std::map<std::string, std::int64_t> int_attrs;                ///< INT attributes
  std::map<std::string, std::vector<std::int64_t>> ints_attrs;  ///< INTS attributes
};

/// A built-in model's float graph. Layer nodes (Conv, Gemm) take X only: their weights are the
/// model's layer of the same name (Model::layers, loaded on demand), so the graph holds no
/// tensor but its scalar constants.
struct ModelGraph {
  std::string input;                      ///< the graph input's name (the seeded image)
  std::vector<std::int64_t> input_shape;  ///< [1][C][H][W], or [1][in] for an fc first layer
  std::string output;                     ///< the graph output's name
  std::vector<GraphNode> nodes;           ///< in topological order
  std::map<std::string, float> scalars;   ///< named scalar constants (Mul factors)
};

/// Builds a ModelGraph and the model's layers together, one operator at a time; each call
/// returns the name of the value it produces.
class GraphBuilder {
 public:
  GraphBuilder(std::string input, std::vector<std::int64_t> input_shape);

  /// A Conv or Gemm node for `layer` (its geometry: kernel, stride, pad, groups), appended to
  /// the layers. A Gemm's X must be 2-D: flatten() a conv output first.
  std::string layer(ModelLayer layer, const std::string& x);
  std::string relu(const std::string& x);
  /// k x k max pooling; pad on every side; ceil mode as Caffe, floor mode as PyTorch.
  std::string max_pool(const std::string& x, int k, int stride, int pad, bool ceil_mode);
  std::string global_average_pool(const std::string& x);
  std::string flatten(const std::string& x);
  std::string concat(const std::vector<std::string>& xs);  ///< along channels
  std::string add(const std::string& a, const std::string& b);
  std::string scale(const std::string& x, float factor);   ///< x * factor

  std::vector<ModelLayer>& layers() { return layers_; }
  /// The graph, its output the last value produced.
  ModelGraph finish();

 private:
  std::string node(GraphNode n, const std::string& hint);
  ModelGraph g_;
  std::vector<ModelLayer> layers_;
  std::string last_;
  int next_ = 0;
};

/// The graph of a sequential model: each layer, then its ReLU (relu_after) and Caffe-style max
/// pooling (pool_after, ceil mode), a Flatten before the first fc after a conv. The input is
/// named `input` and shaped as the first layer's input.
ModelGraph sequential_graph(const std::string& input, const std::vector<ModelLayer>& layers);

}  // namespace axsim::workloads
