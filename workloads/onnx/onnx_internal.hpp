// SPDX-License-Identifier: Apache-2.0
// Shared by the ONNX reader and executor only: includes the ONNX protobuf headers, so it must
// stay out of every header the rest of axsim includes.
#pragma once
#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace axsim::workloads::onnx_detail {

/// A float, double, float16 or bfloat16 tensor's values as float; throws sim::ConfigError naming
/// `path` and the tensor for other types and malformed data.
std::vector<float> float_values(const onnx::TensorProto& t, const std::string& path);

/// A node's layer name as read_onnx gives it: the node name, or its first output's if it has none.
std::string layer_name(const onnx::NodeProto& n);

/// Bounds every integer attribute shape inference and the importer compute with (strides,
/// dilations, kernel_shape, pads, group, ...) and every declared dimension of the graph and its
/// subgraphs; throws sim::ConfigError naming `path`, the node and the attribute. Run before
/// the ONNX library's shape inference sees the model.
void check_graph_before_inference(const onnx::GraphProto& g, const std::string& path);

/// Runs the ONNX library's shape inference on `model` in a child process (onnx_inference.cpp)
/// and puts every value's type, declared or inferred, in `shapes`'s value_info (inputs,
/// value_info, outputs of each graph, then its subgraphs'). Returns false, `shapes` untouched,
/// if inference gave up, crashed or took over 20 s.
bool infer_shapes_isolated(onnx::ModelProto& model, onnx::GraphProto& shapes);
/// The same list with the types the file declares only.
void declared_shapes(const onnx::ModelProto& model, onnx::GraphProto& shapes);

}  // namespace axsim::workloads::onnx_detail
