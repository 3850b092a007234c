// SPDX-License-Identifier: Apache-2.0
// Checks run on a model before the ONNX library's shape inference sees it: that library divides
// by strides and allocates from declared dims without checking them, and a signal (SIGFPE) or an
// abort cannot be caught afterwards. Every number it would use is bounded here first.
#include <cstdint>
#include <string>

#include "sim/error.hpp"
#include "workloads/layer.hpp"
#include "workloads/onnx/onnx_internal.hpp"

namespace axsim::workloads::onnx_detail {

namespace {

using L = ShapeLimits;

[[noreturn]] void refuse(const std::string& path, const onnx::NodeProto& n, const std::string& attr,
                         const std::string& what) {
  throw sim::ConfigError("ONNX model " + path + ": node '" + layer_name(n) + "' (" + n.op_type() +
                         "): attribute " + attr + " " + what);
}

struct Bound {
  const char* name;
  std::int64_t lo, hi;
};

// Integer attributes the importer, the executor or shape inference compute with.
constexpr Bound kBounds[] = {
    {"strides", 1, L::kMaxSpatial},      {"dilations", 1, L::kMaxSpatial},
    {"kernel_shape", 1, L::kMaxSpatial}, {"pads", 0, L::kMaxSpatial},
    {"group", 1, L::kMaxChannels},       {"hidden_size", 1, L::kMaxChannels},
    {"output_padding", 0, L::kMaxSpatial},
};

void check_node(const onnx::NodeProto& n, const std::string& path) {
  for (const onnx::AttributeProto& a : n.attribute()) {
    for (const Bound& b : kBounds) {
      if (a.name() != b.name) continue;
      const auto check = [&](std::int64_t v) {
        if (v < b.lo || v > b.hi)
          refuse(path, n, a.name(), "is " + std::to_string(v) + ", expected " +
                                        std::to_string(b.lo) + ".." + std::to_string(b.hi));
      };
      if (a.type() == onnx::AttributeProto::INT) check(a.i());
      for (std::int64_t v : a.ints()) check(v);
    }
    if (a.has_g()) check_graph_before_inference(a.g(), path);
    for (const onnx::GraphProto& g : a.graphs()) check_graph_before_inference(g, path);
  }
}

// A declared dimension, and the product of a tensor's declared dimensions, within what a
// tensor of float can be allocated for (2^40 values; the memory budget decides below that).
// A graph input's dimensions are at least 1 (`min_dim`): an empty input has nothing to compute
// with, and its zero would reach divisions and indexing in shape inference and the executor.
void check_value_info(const onnx::ValueInfoProto& v, std::int64_t min_dim,
                      const std::string& path) {
  if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
  std::int64_t count = 1;
  int axis = 0;
  for (const auto& dim : v.type().tensor_type().shape().dim()) {
    const std::int64_t d = dim.has_dim_value() ? dim.dim_value() : 1;
    if (d < min_dim || d > (std::int64_t{1} << 40) / count)
      throw sim::ConfigError("ONNX model " + path + ": " + (min_dim > 0 ? "graph input" : "value") +
                             " '" + v.name() + "': dimension " + std::to_string(axis) + " is " +
                             std::to_string(d) + ", expected " + std::to_string(min_dim) +
                             ".. with at most 2^40 values in all");
    count *= d == 0 ? 1 : d;
    ++axis;
  }
}

bool is_initializer(const onnx::GraphProto& g, const std::string& name) {
  for (const onnx::TensorProto& t : g.initializer())
    if (t.name() == name) return true;
  return false;
}

}  // namespace

void check_graph_before_inference(const onnx::GraphProto& g, const std::string& path) {
  // IR < 4 lists initializers among the inputs too; an empty initializer (Resize's roi) is fine.
  for (const onnx::ValueInfoProto& v : g.input())
    check_value_info(v, is_initializer(g, v.name()) ? 0 : 1, path);
  for (const onnx::ValueInfoProto& v : g.value_info()) check_value_info(v, 0, path);
  for (const onnx::ValueInfoProto& v : g.output()) check_value_info(v, 0, path);
  for (const onnx::NodeProto& n : g.node()) check_node(n, path);
}

}  // namespace axsim::workloads::onnx_detail
