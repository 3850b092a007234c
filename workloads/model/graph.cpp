// SPDX-License-Identifier: Apache-2.0
#include "workloads/model/graph.hpp"

#include <stdexcept>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

GraphBuilder::GraphBuilder(std::string input, std::vector<std::int64_t> input_shape) {
  g_.input = std::move(input), g_.input_shape = std::move(input_shape);
  last_ = g_.input;
}

std::string GraphBuilder::node(GraphNode n, const std::string& hint) {
  const std::string out = hint + ":" + std::to_string(next_++);
  n.outputs = {out};
  g_.nodes.push_back(std::move(n));
  return last_ = out;
}

std::string GraphBuilder::layer(ModelLayer l, const std::string& x) {
  GraphNode n;
  n.name = l.name, n.inputs = {x};
  if (l.kind == OpKind::kConv) {
    n.op = "Conv";
    n.ints_attrs["kernel_shape"] = {l.kernel_h, l.kernel_w};
    n.ints_attrs["strides"] = {l.stride_h, l.stride_w};
    n.ints_attrs["pads"] = {l.pad_h, l.pad_w, l.pad_h, l.pad_w};
    n.int_attrs["group"] = l.groups;
  } else if (l.kind == OpKind::kFullyConnected) {
    n.op = "Gemm";
  } else {
    throw std::invalid_argument("GraphBuilder: layer " + l.name + ": LSTM layers have no graph");
  }
  const std::string name = l.name;
  layers_.push_back(std::move(l));
  return node(std::move(n), name);
}

std::string GraphBuilder::relu(const std::string& x) {
  GraphNode n;
  n.op = "Relu", n.inputs = {x};
  return node(std::move(n), x + "/relu");
}

std::string GraphBuilder::max_pool(const std::string& x, int k, int stride, int pad,
                                   bool ceil_mode) {
  GraphNode n;
  n.op = "MaxPool", n.inputs = {x};
  n.ints_attrs["kernel_shape"] = {k, k};
  n.ints_attrs["strides"] = {stride, stride};
  n.ints_attrs["pads"] = {pad, pad, pad, pad};
  n.int_attrs["ceil_mode"] = ceil_mode ? 1 : 0;
  return node(std::move(n), x + "/pool");
}

std::string GraphBuilder::global_average_pool(const std::string& x) {
  GraphNode n;
  n.op = "GlobalAveragePool", n.inputs = {x};
  return node(std::move(n), x + "/avgpool");
}

std::string GraphBuilder::flatten(const std::string& x) {
  GraphNode n;
  n.op = "Flatten", n.inputs = {x};
  n.int_attrs["axis"] = 1;
  return node(std::move(n), x + "/flatten");
}

std::string GraphBuilder::concat(const std::vector<std::string>& xs) {
  GraphNode n;
  n.op = "Concat", n.inputs = xs;
  n.int_attrs["axis"] = 1;
  return node(std::move(n), "concat");
}

std::string GraphBuilder::add(const std::string& a, const std::string& b) {
  GraphNode n;
  n.op = "Add", n.inputs = {a, b};
  return node(std::move(n), "add");
}

std::string GraphBuilder::scale(const std::string& x, float factor) {
  const std::string c = "scale:" + std::to_string(next_++);
  g_.scalars[c] = factor;
  GraphNode n;
  n.op = "Mul", n.inputs = {x, c};
  return node(std::move(n), x + "/scale");
}

ModelGraph GraphBuilder::finish() {
  g_.output = last_;
  return std::move(g_);
}

ModelGraph sequential_graph(const std::string& input, const std::vector<ModelLayer>& layers) {
  if (layers.empty()) throw std::invalid_argument("sequential_graph: no layers");
  const ModelLayer& first = layers.front();
  const std::vector<std::int64_t> shape =
      first.kind == OpKind::kConv
          ? std::vector<std::int64_t>{1, first.in_channels, first.in_h, first.in_w}
          : std::vector<std::int64_t>{1, first.in_channels};
  GraphBuilder b(input, shape);
  std::string x = input;
  bool spatial = first.kind == OpKind::kConv;
  for (const ModelLayer& l : layers) {
    if (l.kind == OpKind::kFullyConnected && spatial) x = b.flatten(x), spatial = false;
    x = b.layer(l.geometry(), x);
    if (l.relu_after) x = b.relu(x);
    if (l.kind == OpKind::kConv && l.pool_after > 0)
      x = b.max_pool(x, l.pool_after, l.pool_stride, 0, true);
  }
  return b.finish();
}

}  // namespace axsim::workloads
