// SPDX-License-Identifier: Apache-2.0
// Small ONNX graphs written with the ONNX protobuf API, for the tests of the ONNX reader and
// executor. Includes the ONNX headers: tests only.
#pragma once
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace axsim::test {

/// A model of one graph (IR 8, the given opset) built node by node.
struct Graph {
  using Dims = std::vector<std::int64_t>;
  onnx::ModelProto m;
  onnx::GraphProto* g;
  explicit Graph(int opset = 13) : g(m.mutable_graph()) {
    m.set_ir_version(8);
    m.add_opset_import()->set_version(opset);
    g->set_name("test");
  }
  /// A graph input without a shape.
  onnx::ValueInfoProto* input(const std::string& name, int type = onnx::TensorProto::FLOAT) {
    onnx::ValueInfoProto* v = g->add_input();
    v->set_name(name);
    v->mutable_type()->mutable_tensor_type()->set_elem_type(type);
    return v;
  }
  /// A float graph input of these static dims.
  void shaped_input(const std::string& name, const Dims& dims) {
    auto* shape = input(name)->mutable_type()->mutable_tensor_type()->mutable_shape();
    for (std::int64_t d : dims) shape->add_dim()->set_dim_value(d);
  }
  void output(const std::string& name) { g->add_output()->set_name(name); }
  void floats(const std::string& name, const Dims& dims, const std::vector<float>& v) {
    onnx::TensorProto* t = g->add_initializer();
    t->set_name(name), t->set_data_type(onnx::TensorProto::FLOAT);
    for (auto d : dims) t->add_dims(d);
    for (float x : v) t->add_float_data(x);
  }
  void ints(const std::string& name, const Dims& dims, const Dims& v) {
    onnx::TensorProto* t = g->add_initializer();
    t->set_name(name), t->set_data_type(onnx::TensorProto::INT64);
    for (auto d : dims) t->add_dims(d);
    for (auto x : v) t->add_int64_data(x);
  }
  onnx::NodeProto* node(const std::string& op, const std::vector<std::string>& in,
                        const std::vector<std::string>& out, const std::string& name = "") {
    onnx::NodeProto* n = g->add_node();
    n->set_op_type(op), n->set_name(name.empty() ? op : name);
    for (const auto& s : in) n->add_input(s);
    for (const auto& s : out) n->add_output(s);
    return n;
  }
};

inline onnx::AttributeProto* attr(onnx::NodeProto* n, const std::string& name) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  return a;
}
inline void set_ints(onnx::NodeProto* n, const std::string& name,
                     const std::vector<std::int64_t>& v) {
  auto* a = attr(n, name);
  a->set_type(onnx::AttributeProto::INTS);
  for (auto x : v) a->add_ints(x);
}
inline void set_int(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
  auto* a = attr(n, name);
  a->set_type(onnx::AttributeProto::INT), a->set_i(v);
}
inline void set_float(onnx::NodeProto* n, const std::string& name, float v) {
  auto* a = attr(n, name);
  a->set_type(onnx::AttributeProto::FLOAT), a->set_f(v);
}
inline void set_string(onnx::NodeProto* n, const std::string& name, const std::string& v) {
  auto* a = attr(n, name);
  a->set_type(onnx::AttributeProto::STRING), a->set_s(v);
}

/// Writes the model to a file named after the running test (and `tag`); returns its path.
inline std::string write_model(const onnx::ModelProto& m, const std::string& prefix,
                               const std::string& tag = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path p =
      std::filesystem::path(::testing::TempDir()) / (prefix + info->name() + tag + ".onnx");
  std::ofstream(p, std::ios::binary) << m.SerializeAsString();
  return p.string();
}

}  // namespace axsim::test
