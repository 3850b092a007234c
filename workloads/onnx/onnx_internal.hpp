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

}  // namespace axsim::workloads::onnx_detail
