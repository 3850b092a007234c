// SPDX-License-Identifier: Apache-2.0
// Structured mutations of ONNX models for the ONNX fuzz test: one field of the parsed
// ModelProto changed, so most cases get past protobuf parsing to the checks behind it.
#include <onnx/onnx_pb.h>

#include <limits>

#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz {

namespace {

using Graphs = std::vector<onnx::GraphProto*>;

void collect(onnx::GraphProto* g, Graphs& out) {
  out.push_back(g);
  for (onnx::NodeProto& n : *g->mutable_node())
    for (onnx::AttributeProto& a : *n.mutable_attribute()) {
      if (a.has_g()) collect(a.mutable_g(), out);
      for (onnx::GraphProto& sub : *a.mutable_graphs()) collect(&sub, out);
    }
}

std::int64_t edge_int(Mutator& m, std::int64_t old) {
  static const std::int64_t edges[] = {0,
                                       -1,
                                       1,
                                       2,
                                       3,
                                       7,
                                       64,
                                       65536,
                                       65537,
                                       1 << 20,
                                       std::int64_t{1} << 31,
                                       std::int64_t{1} << 40,
                                       std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min()};
  if (m.below(3) == 0) return std::int64_t(std::uint64_t(old) + m.below(5) - 2);  // off by one
  return edges[m.below(std::size(edges))];
}

float edge_float(Mutator& m) {
  static const float edges[] = {0.f,
                                -1.f,
                                1e30f,
                                -1e-30f,
                                std::numeric_limits<float>::infinity(),
                                std::numeric_limits<float>::quiet_NaN(),
                                65504.f};
  return edges[m.below(std::size(edges))];
}

void mutate_attribute(Mutator& m, onnx::NodeProto& n) {
  if (n.attribute_size() == 0) {  // give it one the op may read
    static const char* names[] = {"group", "strides", "pads", "kernel_shape", "axis", "transA"};
    onnx::AttributeProto* a = n.add_attribute();
    a->set_name(names[m.below(std::size(names))]);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(edge_int(m, 1));
    return;
  }
  const int index = int(m.below(std::size_t(n.attribute_size())));
  if (m.below(8) == 0) {
    n.mutable_attribute()->DeleteSubrange(index, 1);
    return;
  }
  onnx::AttributeProto& a = *n.mutable_attribute(index);
  if (a.ints_size() > 0 && m.below(4) != 0) {
    const int k = int(m.below(std::size_t(a.ints_size())));
    a.set_ints(k, edge_int(m, a.ints(k)));
  } else if (a.ints_size() > 0) {
    m.below(2) ? a.mutable_ints()->RemoveLast() : a.add_ints(edge_int(m, 1));
  } else if (a.type() == onnx::AttributeProto::FLOAT) {
    a.set_f(edge_float(m));
  } else {
    a.set_i(edge_int(m, a.i()));
  }
}

void mutate_value_info(Mutator& m, onnx::GraphProto& g) {
  const int n = g.input_size() + g.output_size();
  if (n == 0) return;
  const int k = int(m.below(std::size_t(n)));
  onnx::ValueInfoProto& v =
      k < g.input_size() ? *g.mutable_input(k) : *g.mutable_output(k - g.input_size());
  auto* shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
  if (shape->dim_size() == 0 || m.below(6) == 0) {
    shape->add_dim()->set_dim_value(edge_int(m, 1));
    return;
  }
  auto* dim = shape->mutable_dim(int(m.below(std::size_t(shape->dim_size()))));
  if (m.below(5) == 0)
    dim->set_dim_param("n");
  else
    dim->set_dim_value(edge_int(m, dim->dim_value()));
}

void mutate_tensor(Mutator& m, onnx::TensorProto& t) {
  switch (m.below(5)) {
    case 0:
      if (t.dims_size() > 0) {
        const int k = int(m.below(std::size_t(t.dims_size())));
        t.set_dims(k, edge_int(m, t.dims(k)));
        return;
      }
      [[fallthrough]];
    case 1:
      m.below(2) && t.dims_size() > 0 ? t.mutable_dims()->RemoveLast() : t.add_dims(edge_int(m, 1));
      return;
    case 2:
      if (t.float_data_size() > 0) {
        t.set_float_data(int(m.below(std::size_t(t.float_data_size()))), edge_float(m));
        return;
      }
      if (!t.raw_data().empty()) {  // a value's bytes set to NaN, infinity or cut short
        std::string& raw = *t.mutable_raw_data();
        if (m.below(3) == 0) return raw.resize(m.below(raw.size()));
        const std::size_t at = m.below(raw.size() / 4) * 4;
        const std::uint32_t bits = m.below(2) ? 0x7fc00000u : 0xff800000u;
        for (std::size_t b = 0; b < 4 && at + b < raw.size(); ++b)
          raw[at + b] = char(bits >> (8 * b));
        return;
      }
      [[fallthrough]];
    case 3: {
      static const int types[] = {onnx::TensorProto::FLOAT16,
                                  onnx::TensorProto::DOUBLE,
                                  onnx::TensorProto::INT64,
                                  onnx::TensorProto::INT8,
                                  onnx::TensorProto::BOOL,
                                  0,
                                  99};
      t.set_data_type(types[m.below(std::size(types))]);
      return;
    }
    default:
      t.set_data_location(onnx::TensorProto::EXTERNAL);
  }
}

void mutate_node(Mutator& m, onnx::GraphProto& g) {
  if (g.node_size() == 0) return;
  const int k = int(m.below(std::size_t(g.node_size())));
  onnx::NodeProto& n = *g.mutable_node(k);
  switch (m.below(5)) {
    case 0: {
      static const char* ops[] = {"Conv",
                                  "Gemm",
                                  "MatMul",
                                  "LSTM",
                                  "MaxPool",
                                  "Relu",
                                  "Add",
                                  "Flatten",
                                  "Reshape",
                                  "Softmax",
                                  "BatchNormalization",
                                  "Pad",
                                  "GlobalAveragePool",
                                  "Transpose",
                                  "Concat",
                                  "Slice",
                                  "Nope"};
      n.set_op_type(ops[m.below(std::size(ops))]);
      return;
    }
    case 1:  // an input renamed to another value of the graph, or dropped
      if (n.input_size() > 0) {
        const int i = int(m.below(std::size_t(n.input_size())));
        const onnx::NodeProto& other = g.node(int(m.below(std::size_t(g.node_size()))));
        n.set_input(i, m.below(3) == 0 || other.output_size() == 0 ? "" : other.output(0));
        return;
      }
      [[fallthrough]];
    case 2:
      g.mutable_node()->DeleteSubrange(k, 1);
      return;
    default:
      mutate_attribute(m, n);
  }
}

}  // namespace

std::string Mutator::mutate_onnx(const std::string& model) {
  onnx::ModelProto p;
  if (below(6) == 0 || !p.ParseFromString(model)) {
    const std::vector<std::uint8_t> b = mutate_bytes({model.begin(), model.end()});
    return {b.begin(), b.end()};
  }
  Graphs graphs;
  collect(p.mutable_graph(), graphs);
  onnx::GraphProto& g = *graphs[below(graphs.size())];
  switch (below(8)) {
    case 0:
    case 1:
      mutate_value_info(*this, g);
      break;
    case 2:
    case 3:
      if (g.initializer_size() > 0) {
        mutate_tensor(*this, *g.mutable_initializer(int(below(std::size_t(g.initializer_size())))));
        break;
      }
      [[fallthrough]];
    case 4:
      if (p.opset_import_size() > 0 && below(4) == 0) {
        static const std::int64_t opsets[] = {1, 7, 9, 10, 11, 12, 17, 18, 99};
        p.mutable_opset_import(0)->set_version(opsets[below(std::size(opsets))]);
        break;
      }
      [[fallthrough]];
    default:
      mutate_node(*this, g);
  }
  return p.SerializeAsString();
}

}  // namespace axsim::fuzz
