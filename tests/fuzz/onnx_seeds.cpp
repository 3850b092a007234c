// SPDX-License-Identifier: Apache-2.0
// Seed ONNX models for the ONNX fuzz target: tiny graphs written with the ONNX protobuf API,
// each op the importer or the executor reads, every size static so that each one compresses.
#include <onnx/onnx_pb.h>

#include <bit>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"

namespace axsim::fuzz {

namespace {

using Dims = std::vector<std::int64_t>;

/// A model under construction: opset 13, IR 8, one graph.
struct Builder {
  onnx::ModelProto m;
  onnx::GraphProto* g;
  int salt = 0;

  Builder() : g(m.mutable_graph()) {
    m.set_ir_version(8);
    m.add_opset_import()->set_version(13);
    g->set_name("seed");
  }
  static void value(onnx::ValueInfoProto* v, const std::string& name, const Dims& dims) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
  }
  void input(const std::string& name, const Dims& dims) { value(g->add_input(), name, dims); }
  void output(const std::string& name, const Dims& dims) { value(g->add_output(), name, dims); }
  /// A float initializer of a signed, sparse-ish pattern (raw_data when `raw`).
  void weights(const std::string& name, const Dims& dims, bool raw = false) {
    onnx::TensorProto* t = g->add_initializer();
    t->set_name(name), t->set_data_type(onnx::TensorProto::FLOAT);
    std::size_t n = 1;
    for (std::int64_t d : dims) t->add_dims(d), n *= std::size_t(d);
    std::string bytes;
    for (std::size_t i = 0; i < n; ++i) {
      const float v = (i + std::size_t(salt)) % 4 == 0 ? 0.f : float(int((i * 7 + 3) % 11) - 5) / 8;
      if (!raw) t->add_float_data(v);
      const auto bits = std::bit_cast<std::uint32_t>(v);
      for (int b = 0; b < 4; ++b) bytes += char(bits >> (8 * b));
    }
    if (raw) t->set_raw_data(bytes);
    ++salt;
  }
  void ints(const std::string& name, const Dims& values) {
    onnx::TensorProto* t = g->add_initializer();
    t->set_name(name), t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(std::int64_t(values.size()));
    for (std::int64_t v : values) t->add_int64_data(v);
  }
  onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& in,
                        const std::string& out, onnx::GraphProto* graph = nullptr) {
    onnx::NodeProto* n = (graph ? graph : g)->add_node();
    n->set_op_type(op), n->set_name(out);
    for (const std::string& i : in) n->add_input(i);
    n->add_output(out);
    return n;
  }
  std::string bytes() const { return m.SerializeAsString(); }
};

void set_int(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name), a->set_type(onnx::AttributeProto::INT), a->set_i(v);
}

void set_ints(onnx::NodeProto* n, const std::string& name, const Dims& v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name), a->set_type(onnx::AttributeProto::INTS);
  for (std::int64_t x : v) a->add_ints(x);
}

// x [1,2,6,6] -> Conv 3x3 pad 1 -> Relu -> MaxPool 2 -> Flatten -> Gemm (transB) -> y [1,4]
std::string conv_pool_gemm() {
  Builder b;
  b.input("x", {1, 2, 6, 6});
  b.weights("conv_w", {3, 2, 3, 3}), b.weights("conv_b", {3});
  set_ints(b.node("Conv", {"x", "conv_w", "conv_b"}, "conv"), "pads", {1, 1, 1, 1});
  b.node("Relu", {"conv"}, "relu");
  onnx::NodeProto* pool = b.node("MaxPool", {"relu"}, "pool");
  set_ints(pool, "kernel_shape", {2, 2}), set_ints(pool, "strides", {2, 2});
  b.node("Flatten", {"pool"}, "flat");
  b.weights("fc_w", {4, 27}, true), b.weights("fc_b", {4});
  set_int(b.node("Gemm", {"flat", "fc_w", "fc_b"}, "y"), "transB", 1);
  b.output("y", {1, 4});
  return b.bytes();
}

// x [2,8] -> MatMul W [8,5] -> Add bias -> Relu -> MatMul W2 [5,3] -> y [2,3]
std::string matmul_add() {
  Builder b;
  b.input("x", {2, 8});
  b.weights("w1", {8, 5}), b.weights("b1", {5});
  b.node("MatMul", {"x", "w1"}, "mm1");
  b.node("Add", {"mm1", "b1"}, "add");
  b.node("Relu", {"add"}, "relu");
  b.weights("w2", {5, 3}, true);
  b.node("MatMul", {"relu", "w2"}, "y");
  b.output("y", {2, 3});
  return b.bytes();
}

// x [1,4,5,5] -> grouped Conv (group 2, stride 2) -> BatchNormalization (folded) ->
// GlobalAveragePool -> Flatten -> Softmax -> y [1,4]
std::string grouped_conv_bn() {
  Builder b;
  b.input("x", {1, 4, 5, 5});
  b.weights("w", {4, 2, 3, 3});
  onnx::NodeProto* conv = b.node("Conv", {"x", "w"}, "conv");
  set_int(conv, "group", 2), set_ints(conv, "strides", {2, 2}),
      set_ints(conv, "pads", {1, 1, 1, 1});
  for (const char* p : {"gamma", "beta", "mean"}) b.weights(p, {4});
  onnx::TensorProto* var = b.g->add_initializer();
  var->set_name("var"), var->set_data_type(onnx::TensorProto::FLOAT), var->add_dims(4);
  for (float v : {1.f, 0.5f, 2.f, 0.25f}) var->add_float_data(v);
  b.node("BatchNormalization", {"conv", "gamma", "beta", "mean", "var"}, "bn");
  b.node("GlobalAveragePool", {"bn"}, "gap");
  b.node("Flatten", {"gap"}, "flat");
  b.node("Softmax", {"flat"}, "y");
  b.output("y", {1, 4});
  return b.bytes();
}

// x [1,2,16] -> 1-D Conv (kernel 3, dilation 2, stride 2) -> Sigmoid -> Mul with x's slice -> y
std::string conv1d_sigmoid() {
  Builder b;
  b.input("x", {1, 2, 16});
  b.weights("w", {3, 2, 3});
  onnx::NodeProto* conv = b.node("Conv", {"x", "w"}, "conv");
  set_ints(conv, "dilations", {2}), set_ints(conv, "strides", {2});
  b.node("Sigmoid", {"conv"}, "sig");
  b.node("Mul", {"sig", "conv"}, "y");
  b.output("y", {1, 3, 6});
  return b.bytes();
}

// x [4,1,3] -> LSTM (hidden 2, forward) -> Y [4,1,1,2] -> Reshape [4,2] -> Gemm -> y [4,3]
std::string lstm_gemm() {
  Builder b;
  b.input("x", {4, 1, 3});
  b.weights("W", {1, 8, 3}), b.weights("R", {1, 8, 2}, true), b.weights("B", {1, 16});
  set_int(b.node("LSTM", {"x", "W", "R", "B"}, "lstm"), "hidden_size", 2);
  b.ints("shape", {4, 2});
  b.node("Reshape", {"lstm", "shape"}, "flat");
  b.weights("fc_w", {2, 3});
  b.node("Gemm", {"flat", "fc_w"}, "y");
  b.output("y", {4, 3});
  return b.bytes();
}

// An If on a constant condition: then MatMul by an outer initializer, else by another.
std::string if_branches() {
  Builder b;
  b.input("x", {2, 4});
  onnx::TensorProto* cond = b.g->add_initializer();
  cond->set_name("cond"), cond->set_data_type(onnx::TensorProto::BOOL), cond->add_int32_data(1);
  b.weights("w_then", {4, 3}), b.weights("w_else", {4, 3});
  onnx::NodeProto* n = b.node("If", {"cond"}, "y");
  for (const char* branch : {"then_branch", "else_branch"}) {
    onnx::AttributeProto* a = n->add_attribute();
    a->set_name(branch), a->set_type(onnx::AttributeProto::GRAPH);
    onnx::GraphProto* sub = a->mutable_g();
    const std::string tag = branch[0] == 't' ? "then" : "else";
    sub->set_name(tag);
    b.node("MatMul", {"x", "w_" + tag}, "mm_" + tag, sub);
    Builder::value(sub->add_output(), "mm_" + tag, {2, 3});
  }
  b.output("y", {2, 3});
  return b.bytes();
}

// The executor's shape ops: x [1,2,4,4] -> Pad (reflect) -> Transpose -> ReduceMean -> Shape,
// Gather, Unsqueeze, Concat -> Reshape [2,6] -> Clip -> Cast -> Tanh -> MatMul -> y [2,3]
std::string shape_ops() {
  Builder b;
  b.input("x", {1, 2, 4, 4});
  b.ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
  onnx::NodeProto* pad = b.node("Pad", {"x", "pads"}, "pad");
  onnx::AttributeProto* mode = pad->add_attribute();
  mode->set_name("mode"), mode->set_type(onnx::AttributeProto::STRING), mode->set_s("reflect");
  set_ints(b.node("Transpose", {"pad"}, "tr"), "perm", {0, 1, 3, 2});
  onnx::NodeProto* mean = b.node("ReduceMean", {"tr"}, "mean");
  set_ints(mean, "axes", {3}), set_int(mean, "keepdims", 0);
  b.node("Shape", {"mean"}, "shape");
  onnx::TensorProto* last = b.g->add_initializer();  // a scalar index
  last->set_name("last"), last->set_data_type(onnx::TensorProto::INT64), last->add_int64_data(2);
  b.node("Gather", {"shape", "last"}, "width");
  b.ints("axis0", {0});
  b.node("Unsqueeze", {"width", "axis0"}, "width1");
  b.ints("rows", {2});
  set_int(b.node("Concat", {"rows", "width1"}, "new_shape"), "axis", 0);
  b.node("Reshape", {"mean", "new_shape"}, "flat");
  for (const auto& [name, v] : {std::pair{"lo", -0.5f}, std::pair{"hi", 0.75f}}) {
    onnx::TensorProto* t = b.g->add_initializer();  // scalar bounds
    t->set_name(name), t->set_data_type(onnx::TensorProto::FLOAT), t->add_float_data(v);
  }
  b.node("Clip", {"flat", "lo", "hi"}, "clip");
  set_int(b.node("Cast", {"clip"}, "cast"), "to", onnx::TensorProto::FLOAT);
  b.node("Tanh", {"cast"}, "tanh");
  b.weights("w", {6, 3});
  b.node("MatMul", {"tanh", "w"}, "y");
  b.output("y", {2, 3});
  return b.bytes();
}

}  // namespace

std::vector<std::string> seed_onnx_models() {
  return {conv_pool_gemm(), matmul_add(),  grouped_conv_bn(), conv1d_sigmoid(),
          lstm_gemm(),      if_branches(), shape_ops()};
}

}  // namespace axsim::fuzz
