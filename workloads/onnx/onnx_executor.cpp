// SPDX-License-Identifier: Apache-2.0
// The ONNX graph interpreter: layer nodes (recording inputs, substituting weights), the operator
// table, running a graph, and the executor. Follows the ONNX operator specification for the opset
// the model declares (Clip, Slice, Squeeze, Unsqueeze, Pad, ReduceMean and Softmax changed
// between opsets); the operators are in onnx_ops_*.cpp, values and shapes in onnx_values.cpp.
#include "workloads/onnx/onnx_exec.hpp"

#include <algorithm>
#include <deque>
#include <fstream>
#include <new>
#include <sstream>
#include <stdexcept>

#include "workloads/quantize/quantize.hpp"

namespace axsim::workloads {

namespace onnx_exec {

// ---- layers: recording inputs and substituting weights --------------------------------------

/// X with its values quantized and dequantized, as the accelerator would read it.
OnnxValue quantized(const OnnxValue& x, int bits) {
  if (bits <= 0) return x;
  const QuantizedActivations q = quantize_activations(x.f, bits);
  OnnxValue y = x;
  for (std::size_t k = 0; k < y.f.size(); ++k) y.f[k] = float(q.q[k]) * q.scale;
  return y;
}

/// The first batch element of what a layer node consumes, packed as ModelRunner::Result says.
OnnxLayerInput pack_input(const Op& op, const OnnxValue& x) {
  OnnxLayerInput r;
  r.shape = x.shape;
  const std::string& t = op.n.op_type();
  if (x.type != Type::kFloat || x.shape.empty()) return r;
  if (t == "Conv") {
    const std::int64_t per = count(x.shape) / x.shape[0];
    r.dims = {x.shape[1], x.shape.size() == 4 ? x.shape[2] : 1, x.shape.back()};
    r.packed.assign(x.f.begin(), x.f.begin() + per);
  } else if (t == "LSTM") {
    const std::int64_t seq = x.shape[0], batch = x.shape[1], in = x.shape[2];
    r.dims = {seq, in};
    for (std::int64_t s = 0; s < seq; ++s)
      r.packed.insert(r.packed.end(), x.f.begin() + s * batch * in, x.f.begin() + (s * batch + 1) * in);
    const OnnxValue* h0 = op.optional(5);
    const std::int64_t hd = op.input(2).shape.back();
    if (h0 != nullptr) r.packed.insert(r.packed.end(), h0->f.begin(), h0->f.begin() + hd);
    else r.packed.insert(r.packed.end(), std::size_t(hd), 0.f);
  } else {
    const bool trans_a = t == "Gemm" && op.attr_int("transA", 0) != 0;
    const std::int64_t in = trans_a ? x.shape[0] : x.shape.back();
    r.dims = {in};
    for (std::int64_t k = 0; k < in; ++k)
      r.packed.push_back(trans_a ? x.f[std::size_t(k * x.shape.back())] : x.f[std::size_t(k)]);
  }
  return r;
}

const OnnxSubstitute* substitute(const Op& op) {
  auto it = op.s.substitutes.find(onnx_detail::layer_name(op.n));
  if (it == op.s.substitutes.end()) return nullptr;
  const OnnxSubstitute& sub = it->second;
  const bool any = sub.layer != nullptr || sub.lstm_outputs || sub.products || sub.lstm_products;
  return any ? &sub : nullptr;
}

/// Y from the substitute's products plus the node's own bias: Conv's B per output channel (or,
/// when the substitute's layer folds a BatchNormalization, that layer's bias, the norm skipped),
/// Gemm's beta x C (a scalar, one value per column, or Y's shape).
Values products_with_bias(const Op& op, const OnnxValue& x, const OnnxSubstitute& sub) {
  const std::string& t = op.n.op_type();
  if (x.shape.empty() || x.shape[0] != 1) op.fail("substituted products need batch 1");
  OnnxValue y = sub.products(x);
  if (y.shape.size() < 2 || y.numel() != y.f.size()) op.fail("the substitute's products are malformed");
  if (t == "Conv") {
    // Products of weights with a BatchNormalization folded in: the layer's folded bias, and
    // the norm node skipped; else the node's own B.
    const bool folded = sub.layer != nullptr && !sub.layer->folded_norm.empty();
    if (folded) op.s.skip_norms.insert(sub.layer->folded_norm);
    const OnnxValue* node_b = op.optional(2);
    const std::vector<float>* b = folded ? &sub.layer->bias.data : node_b != nullptr ? &node_b->f : nullptr;
    if (b != nullptr) {
      const std::size_t m = std::size_t(y.shape[1]), per = y.f.size() / std::max<std::size_t>(m, 1);
      if (b->size() != m) op.fail("B does not have one value per output channel");
      for (std::size_t i = 0; i < y.f.size(); ++i) y.f[i] += (*b)[i / per];
    }
  } else if (t == "Gemm") {
    if (const OnnxValue* c = op.optional(2)) {
      const float beta = op.attr_float("beta", 1.f);
      const std::size_t n = std::size_t(y.shape.back()), size = c->f.size();
      if (size != 1 && size != n && size != y.f.size()) op.fail("C does not broadcast to Y");
      for (std::size_t i = 0; i < y.f.size(); ++i)
        y.f[i] += beta * c->f[size == 1 ? 0 : size == n ? i % n : i];
    }
  }
  return {y};
}

Values original_layer(const Op& op, const OnnxValue& x) {
  const std::string& t = op.n.op_type();
  if (t == "Conv") {
    const OnnxValue* b = op.optional(2);
    return {convolve(op, x, op.input(1).shape, op.floats(1), b ? b->f : std::vector<float>{})};
  }
  if (t == "Gemm") return {gemm(op, x)};
  if (t == "MatMul") return {matmul(op, x, op.input(1).shape, op.floats(1))};
  lstm_checks(op);
  return lstm_forward(op, x, lstm_weights(op, x));
}

/// The node computed with the layer's weights; X must have the shape the node's own weights
/// need, as in original_layer().
Values substituted_layer(const Op& op, const OnnxValue& x0, const OnnxSubstitute& sub) {
  const std::string& t = op.n.op_type();
  const ModelLayer& l = *sub.layer;
  const OnnxValue x = quantized(x0, sub.act_bits);
  if (t == "Conv") {
    if (!l.folded_norm.empty()) op.s.skip_norms.insert(l.folded_norm);
    // A built-in graph's Conv has no W: its shape is the layer's.
    const Dims wshape = op.optional(1) != nullptr ? op.input(1).shape
                        : Dims{l.out_channels, l.in_channels / std::max(1, l.groups), l.kernel_h, l.kernel_w};
    if (count(wshape) != std::int64_t(l.weights.data.size())) op.fail("substitute weights differ in size");
    return {convolve(op, x, wshape, l.weights.data, l.bias.data)};
  }
  if (t == "Gemm" || t == "MatMul") {
    const bool trans_a = t == "Gemm" && op.attr_int("transA", 0) != 0;
    if ((t == "Gemm" && x.shape.size() != 2) || x.shape.empty()) op.fail("X must be 2-D for Gemm, rank >= 1 for MatMul");
    const OnnxValue xa = trans_a ? transposed2(x) : x;
    if (xa.shape.back() != l.in_channels)
      op.fail("X " + dims_text(x.shape) + " does not have the layer's " + std::to_string(l.in_channels) + " inputs");
    return {dense(xa, l)};
  }
  lstm_checks(op);
  LstmWeights lw = lstm_weights(op, x);
  lw.w = l.weights.data.data(), lw.r = l.recurrent.data.data(), lw.b = l.bias.data.data();
  return lstm_forward(op, x, lw);
}

/// Y and Y_h replaced by the substitute's own LSTM outputs.
void replace_lstm_outputs(const Op& op, const OnnxValue& x, const OnnxSubstitute& sub, Values& out) {
  if (op.n.op_type() != "LSTM") op.fail("an LSTM substitute given for another operator");
  if (x.shape.size() != 3 || x.shape[1] != 1) op.fail("an LSTM substitute needs X [seq][1][in] (batch 1)");
  const std::vector<float> h = sub.lstm_outputs(x);
  OnnxValue& y = out.at(0);
  const std::int64_t hd = y.shape.back();
  if (h.size() != y.f.size() || hd <= 0) op.fail("the LSTM substitute's outputs are not [seq][H]");
  y.f = h;
  std::copy(h.end() - hd, h.end(), out.at(1).f.begin());
}

Values layer_op(const Op& op) {
  const OnnxValue& x0 = op.input(0);
  if (x0.type != Type::kFloat) op.fail("input X must be float");  // the ops read X.f only
  const OnnxSubstitute* sub = substitute(op);
  Values out;
  if (sub != nullptr && sub->products && op.n.op_type() != "LSTM") {
    out = products_with_bias(op, x0, *sub);
  } else if (sub != nullptr && sub->lstm_products) {
    if (op.n.op_type() != "LSTM") op.fail("LSTM products given for another operator");
    lstm_checks(op);
    LstmWeights lw = lstm_weights(op, x0);
    lw.products = sub->lstm_products;
    out = lstm_forward(op, x0, lw);
  } else if (sub != nullptr) {
    out = sub->layer != nullptr ? substituted_layer(op, x0, *sub) : original_layer(op, x0);
    if (sub->lstm_outputs) replace_lstm_outputs(op, x0, *sub, out);
  } else if (op.optional(1) == nullptr && op.s.weights) {  // weights on demand
    const std::shared_ptr<const ModelLayer> l = op.s.weights(onnx_detail::layer_name(op.n));
    if (!l) op.fail("the node has no weights and the model no layer of its name");
    out = substituted_layer(op, x0, OnnxSubstitute{l.get(), 0});
  } else {
    out = original_layer(op, x0);
  }
  // Recorded once the node has checked X against its weights, so the packing can rely on it.
  op.s.out.layer_inputs[onnx_detail::layer_name(op.n)] = pack_input(op, x0);
  return out;
}

Values no_outputs(const Op&) { return {}; }

using OpFn = Values (*)(const Op&);

const std::unordered_map<std::string, OpFn>& ops() {
  static const std::unordered_map<std::string, OpFn> table = {
      {"Constant", no_outputs},  // decoded when first read (Frame::find)
      {"Conv", layer_op}, {"Gemm", layer_op}, {"MatMul", layer_op}, {"LSTM", layer_op},
      {"BatchNormalization", batch_norm}, {"MaxPool", max_pool},
      {"GlobalAveragePool", global_average_pool}, {"Softmax", softmax},
      {"Add", arithmetic}, {"Sub", arithmetic}, {"Mul", arithmetic}, {"Div", arithmetic},
      {"Pow", arithmetic}, {"Equal", equal}, {"Clip", clip},
      {"Relu", unary}, {"Sigmoid", unary}, {"Tanh", unary}, {"Sqrt", unary}, {"Log", unary},
      {"Neg", unary}, {"HardSigmoid", unary}, {"Identity", unary},
      {"Shape", shape_op}, {"Cast", cast}, {"Slice", slice}, {"Concat", concat},
      {"Reshape", reshape}, {"Gather", gather}, {"Unsqueeze", unsqueeze}, {"Squeeze", squeeze},
      {"Transpose", transpose}, {"Pad", pad}, {"ReduceMean", reduce_mean},
      {"ConstantOfShape", constant_of_shape}, {"Flatten", flatten}, {"If", if_op},
  };
  return table;
}

void run_node(const onnx::NodeProto& n, Frame& frame, RunState& s) {
  Op op{n, {}, s, frame};
  const bool domain_ok = n.domain().empty() || n.domain() == "ai.onnx";
  const auto it = ops().find(n.op_type());
  if (!domain_ok || it == ops().end()) op.fail("operator not supported by the executor");
  for (const std::string& name : n.input()) {
    const OnnxValue* v = name.empty() ? nullptr : frame.find(name);
    if (v == nullptr && !name.empty()) op.fail("input '" + name + "' is not computed before the node");
    op.in.push_back(v);
  }
  while (!op.in.empty() && op.in.back() == nullptr) op.in.pop_back();
  // A float tensor with a 0 dimension holds nothing to compute with; its zero would reach the
  // ops' divisions (per batch, per channel) and their indexing of the first element.
  for (std::size_t k = 0; k < op.in.size(); ++k)
    if (op.in[k] != nullptr && op.in[k]->type == Type::kFloat && op.in[k]->numel() == 0)
      op.fail("input '" + n.input(int(k)) + "' is empty (shape " + dims_text(op.in[k]->shape) +
              "): a dimension is 0");
  Values out;
  try {
    out = it->second(op);
  } catch (const ShapeError& e) {
    op.fail(e.what());
  } catch (const std::bad_alloc&) {
    op.fail("out of memory computing the node's output");
  } catch (const std::length_error&) {
    op.fail("an output size beyond any allocation");
  }
  for (int k = 0; k < n.output_size(); ++k) {
    if (n.output(k).empty()) continue;
    if (std::size_t(k) >= out.size()) {
      if (n.op_type() == "Constant") continue;
      op.fail("output " + std::to_string(k) + " is not produced");
    }
    if (s.keep.count(n.output(k)) != 0) s.out.kept[n.output(k)] = out[std::size_t(k)];
    frame.values[n.output(k)] = std::move(out[std::size_t(k)]);
  }
}

std::vector<OnnxValue> run_graph(const onnx::GraphProto& g, Frame* parent, RunState& s) {
  Frame frame{parent, &s.constants.at(&g), {}, &s.path};
  for (const onnx::NodeProto& n : g.node()) run_node(n, frame, s);
  Values out;
  for (const onnx::ValueInfoProto& o : g.output()) {
    const OnnxValue* v = frame.find(o.name());
    if (v == nullptr) fail(s.path, "graph '" + g.name() + "' output '" + o.name() + "' is not computed");
    out.push_back(*v);
  }
  return out;
}

}  // namespace onnx_exec

using onnx_exec::elem_type;
using onnx_exec::fail;
using onnx_exec::Frame;
using onnx_exec::RunState;
using onnx_exec::TensorMap;

// ---- the executor ----------------------------------------------------------------------------

struct OnnxExecutor::Impl {
  std::string path;
  onnx::ModelProto model;
  int opset = 1;
  std::deque<onnx::TensorProto> constant_tensors;  ///< Constant nodes' value_float etc.
  std::unordered_map<const onnx::GraphProto*, TensorMap> constants;
  std::vector<Input> inputs;

  void parse(const std::string& bytes);
  void index(const onnx::GraphProto& g);
  void add_constant(const onnx::NodeProto& n, TensorMap& map);
};

/// A Constant's value: `value`, or one of the scalar / list forms opset 12 added.
void OnnxExecutor::Impl::add_constant(const onnx::NodeProto& n, TensorMap& map) {
  for (const onnx::AttributeProto& a : n.attribute()) {
    if (a.name() == "value") {
      map[n.output(0)] = &a.t();
      return;
    }
    onnx::TensorProto& t = constant_tensors.emplace_back();
    if (a.name() == "value_float" || a.name() == "value_floats") {
      t.set_data_type(onnx::TensorProto::FLOAT);
      if (a.name() == "value_float") t.add_float_data(a.f());
      else t.mutable_float_data()->CopyFrom(a.floats()), t.add_dims(a.floats_size());
    } else if (a.name() == "value_int" || a.name() == "value_ints") {
      t.set_data_type(onnx::TensorProto::INT64);
      if (a.name() == "value_int") t.add_int64_data(a.i());
      else t.mutable_int64_data()->CopyFrom(a.ints()), t.add_dims(a.ints_size());
    } else {
      continue;  // sparse and string constants: reading them fails as "not computed"
    }
    map[n.output(0)] = &t;
    return;
  }
}

void OnnxExecutor::Impl::index(const onnx::GraphProto& g) {
  TensorMap& map = constants[&g];
  for (const onnx::TensorProto& t : g.initializer()) map[t.name()] = &t;
  for (const onnx::NodeProto& n : g.node()) {
    if (n.op_type() == "Constant" && n.output_size() > 0) add_constant(n, map);
    for (const onnx::AttributeProto& a : n.attribute()) {
      if (a.has_g()) index(a.g());
      for (const onnx::GraphProto& sub : a.graphs()) index(sub);
    }
  }
}

OnnxExecutor::OnnxExecutor(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in) fail(path, "cannot read the model");
  impl_->parse(buf.str());
}

OnnxExecutor::OnnxExecutor(const InMemory& model) : impl_(std::make_unique<Impl>()) {
  impl_->path = model.name;
  impl_->parse(model.bytes);
}

void OnnxExecutor::Impl::parse(const std::string& bytes) {
  if (!model.ParseFromString(bytes) || !model.has_graph()) fail(path, "cannot read the model");
  for (const auto& o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx") opset = int(o.version());
  index(model.graph());
  const TensorMap& top = constants.at(&model.graph());
  for (const onnx::ValueInfoProto& v : model.graph().input()) {
    if (top.count(v.name()) != 0) continue;  // IR < 4 lists initializers as inputs
    Input input{v.name(), elem_type(v.type().tensor_type().elem_type()), {}, {}};
    for (const auto& d : v.type().tensor_type().shape().dim()) {
      input.dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
      input.dim_names.push_back(d.has_dim_value() ? "" : d.dim_param());
    }
    inputs.push_back(std::move(input));
  }
}

OnnxExecutor::~OnnxExecutor() = default;

const std::vector<OnnxExecutor::Input>& OnnxExecutor::inputs() const { return impl_->inputs; }

OnnxRun OnnxExecutor::run(const std::map<std::string, OnnxValue>& inputs,
                          const std::map<std::string, OnnxSubstitute>& substitutes,
                          const LayerWeights& weights, const std::set<std::string>& keep) const {
  OnnxRun out;
  RunState s{impl_->path, impl_->opset, substitutes, impl_->constants, out, weights, keep};
  TensorMap none;
  Frame outer{nullptr, &none, {}, &impl_->path};
  for (const Input& in : impl_->inputs) {
    auto it = inputs.find(in.name);
    if (it == inputs.end()) fail(impl_->path, "no value for graph input '" + in.name + "'");
    outer.values[in.name] = it->second;
  }
  out.outputs = run_graph(impl_->model.graph(), &outer, s);
  return out;
}

}  // namespace axsim::workloads
