// SPDX-License-Identifier: Apache-2.0
// The one translation unit that sees ONNX and protobuf: the rest of axsim gets a plain Model, so
// only this file (and the test that writes ONNX files) needs ONNX_ML / ONNX_NAMESPACE defined.
#include "workloads/onnx/onnx_reader.hpp"

#include <onnx/onnx_pb.h>
#include "workloads/onnx/onnx_internal.hpp"
#include "workloads/onnx/onnx_executor.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/memory_budget.hpp"
#include "sim/provenance.hpp"
#include "workloads/layer.hpp"

namespace axsim::workloads {

namespace {

using Dims = std::vector<std::int64_t>;
/// Tensor shapes by value name; 0 stands for a dim that is symbolic or unknown.
using ShapeMap = std::unordered_map<std::string, Dims>;

[[noreturn]] void refuse(const std::string& path, const std::string& what) {
  throw sim::ConfigError("ONNX model " + path + ": " + what);
}

std::string dims_text(const Dims& d) {
  std::string s = "[";
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i != 0) s += ',';
    s += std::to_string(d[i]);
  }
  return s + "]";
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(path, "cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) refuse(path, "read error");
  return buf.str();
}

// ---- tensor data -----------------------------------------------------------------------------

/// IEEE binary16 to binary32, exact for every value (subnormals, infinities and NaN included).
float half_to_float(std::uint32_t h) {
  const std::uint32_t sign = (h & 0x8000u) << 16;
  const std::uint32_t exp = (h >> 10) & 0x1fu;
  const std::uint32_t mant = h & 0x3ffu;
  if (exp == 0x1f) return std::bit_cast<float>(sign | 0x7f800000u | (mant << 13));
  if (exp != 0) return std::bit_cast<float>(sign | ((exp + 112) << 23) | (mant << 13));
  const float magnitude = std::ldexp(static_cast<float>(mant), -24);  // subnormal or zero
  return sign ? -magnitude : magnitude;
}

/// bfloat16 is the top half of a binary32.
float bfloat_to_float(std::uint32_t b) { return std::bit_cast<float>((b & 0xffffu) << 16); }

/// raw_data is little-endian whatever the host is, so it is assembled byte by byte.
template <typename U>
U load_le(const std::string& raw, std::size_t index) {
  U v = 0;
  for (std::size_t b = 0; b < sizeof(U); ++b)
    v |= static_cast<U>(static_cast<unsigned char>(raw[index * sizeof(U) + b])) << (8 * b);
  return v;
}

std::string describe(const onnx::TensorProto& t) {
  Dims d(t.dims().begin(), t.dims().end());
  return "tensor '" + t.name() + "' (" + onnx::TensorProto::DataType_Name(
             static_cast<onnx::TensorProto::DataType>(t.data_type())) + " " + dims_text(d) + ")";
}

/// Element count from the dims, refusing negative dims and counts that would overflow.
std::size_t element_count(const onnx::TensorProto& t, const std::string& path) {
  std::int64_t n = 1;
  for (std::int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > (std::int64_t{1} << 40) / d))
      refuse(path, describe(t) + ": dims are negative or too large");
    n *= d;
  }
  sim::MemoryBudget::check(sim::bytes_of(std::uint64_t(n), sizeof(float)),
                           "ONNX model " + path + ": " + describe(t));
  return static_cast<std::size_t>(n);
}

template <typename U, typename Convert>
std::vector<float> decode_raw(const onnx::TensorProto& t, std::size_t n, Convert convert,
                              const std::string& path) {
  const std::string& raw = t.raw_data();
  if (raw.size() != n * sizeof(U))
    refuse(path, describe(t) + ": raw_data holds " + std::to_string(raw.size()) +
                     " bytes, expected " + std::to_string(n * sizeof(U)));
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = convert(load_le<U>(raw, i));
  return out;
}

template <typename Field, typename Convert>
std::vector<float> decode_field(const onnx::TensorProto& t, const Field& field, const char* what,
                                std::size_t n, Convert convert, const std::string& path) {
  if (static_cast<std::size_t>(field.size()) != n)
    refuse(path, describe(t) + ": " + what + " holds " + std::to_string(field.size()) +
                     " values, expected " + std::to_string(n));
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = convert(field.Get(static_cast<int>(i)));
  return out;
}

std::vector<float> tensor_values(const onnx::TensorProto& t, const std::string& path) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    refuse(path, describe(t) + ": data in an external file is not supported");
  const std::size_t n = element_count(t, path);
  const bool raw = t.has_raw_data();
  const auto half = [](std::uint32_t v) { return half_to_float(v); };
  const auto bf16 = [](std::uint32_t v) { return bfloat_to_float(v); };
  // float16 / bfloat16 outside raw_data sit in int32_data, one value in the low 16 bits each.
  const auto low16 = [](auto f) { return [f](std::int32_t v) { return f(std::uint32_t(v)); }; };
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
      if (raw)
        return decode_raw<std::uint32_t>(
            t, n, [](std::uint32_t v) { return std::bit_cast<float>(v); }, path);
      return decode_field(t, t.float_data(), "float_data", n, [](float v) { return v; }, path);
    case onnx::TensorProto::DOUBLE: {
      const auto narrow = [](double v) { return static_cast<float>(v); };
      if (raw)
        return decode_raw<std::uint64_t>(
            t, n, [&](std::uint64_t v) { return narrow(std::bit_cast<double>(v)); }, path);
      return decode_field(t, t.double_data(), "double_data", n, narrow, path);
    }
    case onnx::TensorProto::FLOAT16:
      if (raw) return decode_raw<std::uint16_t>(t, n, half, path);
      return decode_field(t, t.int32_data(), "int32_data", n, low16(half), path);
    case onnx::TensorProto::BFLOAT16:
      if (raw) return decode_raw<std::uint16_t>(t, n, bf16, path);
      return decode_field(t, t.int32_data(), "int32_data", n, low16(bf16), path);
    default:
      refuse(path, describe(t) + ": weights must be float, float16, bfloat16 or double");
  }
}

/// The values of a tensor that becomes a layer's weights, bias or folded normalization: every
/// one finite, or the file is refused here rather than by quantization much later.
std::vector<float> weight_values(const onnx::TensorProto& t, const std::string& path) {
  std::vector<float> v = tensor_values(t, path);
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      refuse(path, "initializer " + describe(t) + ": value " + std::to_string(i) + " is " +
                       (std::isnan(v[i]) ? "NaN" : "infinite") + "; weights must be finite");
  return v;
}

Tensor to_tensor(const onnx::TensorProto& t, const std::string& path) {
  return Tensor{Dims(t.dims().begin(), t.dims().end()), weight_values(t, path)};
}

/// [r][c] -> [c][r]; ONNX keeps FC weights as [in][out], the model wants [out][in].
Tensor transpose(const Tensor& m) {
  const std::int64_t r = m.shape[0], c = m.shape[1];
  Tensor t{{c, r}, std::vector<float>(m.data.size())};
  for (std::int64_t i = 0; i < r; ++i)
    for (std::int64_t j = 0; j < c; ++j)
      t.data[std::size_t(j * r + i)] = m.data[std::size_t(i * c + j)];
  return t;
}

// ---- constants in scope ----------------------------------------------------------------------

/// Constant tensors visible in a graph: its own initializers and Constant outputs, then those of
/// the enclosing graphs (a subgraph may use outer names, as Silero's If branches do).
class Scope {
 public:
  explicit Scope(const Scope* parent) : parent_(parent) {}
  void add(const std::string& name, const onnx::TensorProto* t) { names_[name] = t; }
  const onnx::TensorProto* find(const std::string& name) const {
    for (const Scope* s = this; s != nullptr; s = s->parent_)
      if (auto it = s->names_.find(name); it != s->names_.end()) return it->second;
    return nullptr;
  }

 private:
  const Scope* parent_;
  std::unordered_map<std::string, const onnx::TensorProto*> names_;
};

bool default_domain(const onnx::NodeProto& n) {
  return n.domain().empty() || n.domain() == "ai.onnx";
}

void collect_constants(const onnx::GraphProto& g, Scope& scope) {
  for (const onnx::TensorProto& t : g.initializer()) scope.add(t.name(), &t);
  for (const onnx::NodeProto& n : g.node()) {
    if (n.op_type() != "Constant" || !default_domain(n) || n.output_size() < 1) continue;
    for (const onnx::AttributeProto& a : n.attribute())
      if (a.name() == "value" && a.has_t()) scope.add(n.output(0), &a.t());
  }
}

// ---- shapes ----------------------------------------------------------------------------------

/// Dims by value name from a flat list of value infos (later ones win, as for a value a
/// subgraph declares again).
ShapeMap shape_map(const onnx::GraphProto& shapes) {
  ShapeMap out;
  for (const onnx::ValueInfoProto& v : shapes.value_info()) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) continue;
    Dims d;
    for (const auto& dim : v.type().tensor_type().shape().dim())
      d.push_back(dim.has_dim_value() ? dim.dim_value() : 0);
    out[v.name()] = std::move(d);
  }
  return out;
}

void set_input_dims(onnx::GraphProto& g, const OnnxReadOptions& options, const std::string& path) {
  for (const auto& [name, dims] : options.input_dims) {
    onnx::ValueInfoProto* input = nullptr;
    for (auto& v : *g.mutable_input())
      if (v.name() == name) input = &v;
    if (input == nullptr)
      refuse(path, "input_dims names '" + name + "', which is not a graph input");
    auto* shape = input->mutable_type()->mutable_tensor_type()->mutable_shape();
    if (shape->dim_size() != 0 && shape->dim_size() != static_cast<int>(dims.size()))
      refuse(path, "input_dims for '" + name + "' has rank " + std::to_string(dims.size()) +
                       ", the input has rank " + std::to_string(shape->dim_size()));
    shape->clear_dim();
    for (std::int64_t d : dims) shape->add_dim()->set_dim_value(d);
  }
}

/// Runs ONNX shape inference (in a child process: onnx_detail::infer_shapes_isolated). Shapes
/// are a convenience: if inference gives up, the layers keep what the file itself declares, and
/// sizes nobody knows stay 0.
ShapeMap infer_shapes(onnx::ModelProto& model, const OnnxReadOptions& options,
                      const std::string& path) {
  set_input_dims(*model.mutable_graph(), options, path);
  onnx_detail::check_graph_before_inference(model.graph(), path);
  onnx::GraphProto shapes;
  if (!onnx_detail::infer_shapes_isolated(model, shapes)) {
    shapes.Clear();
    onnx_detail::declared_shapes(model, shapes);
  }
  return shape_map(shapes);
}

// ---- node attributes -------------------------------------------------------------------------

const onnx::AttributeProto* find_attr(const onnx::NodeProto& n, const char* name) {
  for (const onnx::AttributeProto& a : n.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

std::int64_t attr_int(const onnx::NodeProto& n, const char* name, std::int64_t fallback) {
  const onnx::AttributeProto* a = find_attr(n, name);
  return a != nullptr && a->has_i() ? a->i() : fallback;
}

float attr_float(const onnx::NodeProto& n, const char* name, float fallback) {
  const onnx::AttributeProto* a = find_attr(n, name);
  return a != nullptr && a->has_f() ? a->f() : fallback;
}

std::string attr_string(const onnx::NodeProto& n, const char* name, const std::string& fallback) {
  const onnx::AttributeProto* a = find_attr(n, name);
  return a != nullptr && a->has_s() ? a->s() : fallback;
}

Dims attr_ints(const onnx::NodeProto& n, const char* name) {
  const onnx::AttributeProto* a = find_attr(n, name);
  return a != nullptr ? Dims(a->ints().begin(), a->ints().end()) : Dims{};
}

// ---- layers ----------------------------------------------------------------------------------

/// What one walk over the graph shares.
struct Walk {
  const std::string& path;
  const OnnxReadOptions& options;
  const ShapeMap& shapes;
  std::vector<ModelLayer>& layers;
  std::unordered_map<std::string, std::size_t> conv_outputs = {};  ///< value -> layer index
  std::unordered_map<std::string, int> consumers = {};             ///< value -> nodes reading it
};

std::string layer_name(const onnx::NodeProto& n) {
  return n.name().empty() && n.output_size() > 0 ? n.output(0) : n.name();
}

std::string where(const onnx::NodeProto& n) {
  return "node '" + layer_name(n) + "' (" + n.op_type() + ")";
}

/// The constant behind input i, or nullptr if the input is absent or computed at run time.
const onnx::TensorProto* constant_input(const onnx::NodeProto& n, int i, const Scope& s) {
  if (i >= n.input_size() || n.input(i).empty()) return nullptr;
  return s.find(n.input(i));
}

const onnx::TensorProto& required_constant(const onnx::NodeProto& n, int i, const char* what,
                                           const Scope& s, const Walk& w) {
  const onnx::TensorProto* t = constant_input(n, i, s);
  if (t == nullptr)
    refuse(w.path, where(n) + ": " + what + " (input " + std::to_string(i) +
                       ") is not an initializer or Constant output");
  return *t;
}

/// Bias of `size` values; an absent bias is zeros, as ONNX defines it. A single value is
/// broadcast (Gemm allows a scalar C).
Tensor bias_or_zeros(const onnx::NodeProto& n, int i, std::int64_t size, const Scope& s,
                     const Walk& w) {
  Tensor b{{size}, std::vector<float>(std::size_t(size), 0.0f)};
  if (i >= n.input_size() || n.input(i).empty()) return b;
  const std::vector<float> v = weight_values(required_constant(n, i, "bias", s, w), w.path);
  if (v.size() == 1) b.data.assign(std::size_t(size), v[0]);
  else if (v.size() == std::size_t(size)) b.data = v;
  else
    refuse(w.path, where(n) + ": bias has " + std::to_string(v.size()) + " values, expected " +
                       std::to_string(size));
  return b;
}

const Dims* shape_of(const std::string& value, const Walk& w) {
  auto it = w.shapes.find(value);
  return it == w.shapes.end() ? nullptr : &it->second;
}

/// An attribute or dimension narrowed to int, refused outside lo..hi (naming node and field).
int narrow(const onnx::NodeProto& n, const char* field, std::int64_t v, std::int64_t lo,
           std::int64_t hi, const std::string& path) {
  if (v < lo || v > hi)
    refuse(path, where(n) + ": " + field + " is " + std::to_string(v) + ", expected " +
                     std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(v);
}

/// Strides and pads per spatial axis (a 1-D conv's only axis is the w axis: its h axis has
/// stride 1 and no padding). Pads are assumed symmetric: with pads [b_h, b_w, e_h, e_w] the
/// begin pads are kept.
void conv_stride_pad(const onnx::NodeProto& n, ModelLayer& l, bool two_d, const std::string& path) {
  const Dims strides = attr_ints(n, "strides");
  for (std::int64_t v : strides) narrow(n, "strides", v, 1, ShapeLimits::kMaxSpatial, path);
  for (std::int64_t v : attr_ints(n, "dilations"))
    narrow(n, "dilations", v, 1, ShapeLimits::kMaxSpatial, path);
  const std::string auto_pad = attr_string(n, "auto_pad", "NOTSET");
  const Dims pads = attr_ints(n, "pads");
  for (std::int64_t v : pads) narrow(n, "pads", v, 0, ShapeLimits::kMaxSpatial, path);
  const std::size_t axes = two_d ? 2 : 1;
  const auto axis = [&](std::size_t i, int kernel, int& stride, int& pad) {
    stride = i < strides.size() ? static_cast<int>(strides[i]) : 1;
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") pad = (kernel - 1) / 2;
    else if (auto_pad == "VALID" || i >= pads.size()) pad = 0;
    else pad = static_cast<int>(pads[i]);
  };
  if (two_d) axis(0, l.kernel_h, l.stride_h, l.pad_h);
  axis(axes - 1, l.kernel_w, l.stride_w, l.pad_w);
}

/// Input size from shape inference. A 1-D conv's input [N][C][L] is one row of width L. Where
/// the file leaves a size symbolic (a dynamic image size, say) and no input_dims option fixed
/// it, in_h / in_w stay 0: the size is unknown, not 1.
void conv_input_size(const onnx::NodeProto& n, ModelLayer& l, const Walk& w) {
  l.in_h = l.in_w = 0;
  const Dims* x = shape_of(n.input(0), w);
  if (x == nullptr) return;
  const auto dim = [&](std::size_t i) {
    return narrow(n, "input dimension", (*x)[i], 0, ShapeLimits::kMaxSpatial, w.path);
  };
  if (x->size() == 4) l.in_h = dim(2), l.in_w = dim(3);
  else if (x->size() == 3) l.in_h = 1, l.in_w = dim(2);
}

ModelLayer conv_layer(const onnx::NodeProto& n, const Scope& s, const Walk& w) {
  Tensor weights = to_tensor(required_constant(n, 1, "weight", s, w), w.path);
  const Dims d = weights.shape;
  if (d.size() != 3 && d.size() != 4)
    refuse(w.path, where(n) + ": weight shape " + dims_text(d) + " is not 1-D or 2-D conv");
  ModelLayer l;
  l.name = layer_name(n);
  l.kind = OpKind::kConv;
  for (std::int64_t v : d) narrow(n, "weight dimension", v, 1, ShapeLimits::kMaxChannels, w.path);
  l.groups = narrow(n, "group", attr_int(n, "group", 1), 1, ShapeLimits::kMaxChannels, w.path);
  if (d[0] % l.groups != 0 || d[1] * l.groups > ShapeLimits::kMaxChannels)
    refuse(w.path, where(n) + ": group " + std::to_string(l.groups) +
                       " does not divide M=" + std::to_string(d[0]));
  l.out_channels = static_cast<int>(d[0]);
  l.in_channels = static_cast<int>(d[1]) * l.groups;
  // A 1-D conv is a 2-D one with a single row: [M][C/g][K] becomes [M][C/g][1][K].
  l.kernel_h = d.size() == 4 ? static_cast<int>(d[2]) : 1;
  l.kernel_w = static_cast<int>(d.back());
  weights.shape = {d[0], d[1], l.kernel_h, l.kernel_w};
  l.weights = std::move(weights);
  l.bias = bias_or_zeros(n, 2, d[0], s, w);
  conv_stride_pad(n, l, d.size() == 4, w.path);
  conv_input_size(n, l, w);
  // Dilations are not modelled: the weights are exact, the output size of a dilated conv is not.
  return l;
}

ModelLayer fc_layer(const onnx::NodeProto& n, Tensor weights_out_in, const std::string& path) {
  for (std::int64_t v : weights_out_in.shape)
    narrow(n, "weight dimension", v, 1, ShapeLimits::kMaxChannels, path);
  ModelLayer l;
  l.name = layer_name(n);
  l.kind = OpKind::kFullyConnected;
  l.out_channels = static_cast<int>(weights_out_in.shape[0]);
  l.in_channels = static_cast<int>(weights_out_in.shape[1]);
  l.weights = std::move(weights_out_in);
  return l;
}

/// Gemm: Y = alpha * A * B' + beta * C. B is the weight: [K][N], or [N][K] with transB = 1.
/// alpha and beta are folded into weights and bias so the layer computes the same function.
std::optional<ModelLayer> gemm_layer(const onnx::NodeProto& n, const Scope& s, const Walk& w) {
  const onnx::TensorProto* b = constant_input(n, 1, s);
  if (b == nullptr) return std::nullopt;  // a product of two activations: no weights to compress
  Tensor bt = to_tensor(*b, w.path);
  if (bt.shape.size() != 2)
    refuse(w.path, where(n) + ": B has shape " + dims_text(bt.shape) + ", expected 2-D");
  const bool trans_b = attr_int(n, "transB", 0) != 0;
  ModelLayer l = fc_layer(n, trans_b ? std::move(bt) : transpose(bt), w.path);
  const float alpha = attr_float(n, "alpha", 1.0f), beta = attr_float(n, "beta", 1.0f);
  for (float& v : l.weights.data) v *= alpha;
  l.bias = bias_or_zeros(n, 2, l.out_channels, s, w);
  for (float& v : l.bias.data) v *= beta;
  return l;
}

/// MatMul X * W with a constant 2-D W [in][out]. MatMuls of activations (attention) and batched
/// weights are not FC layers and are skipped; so is W * X with the constant on the left.
std::optional<ModelLayer> matmul_layer(const onnx::NodeProto& n, const Scope& s, const Walk& w) {
  const onnx::TensorProto* b = constant_input(n, 1, s);
  if (b == nullptr || b->dims_size() != 2) return std::nullopt;
  ModelLayer l = fc_layer(n, transpose(to_tensor(*b, w.path)), w.path);
  l.bias = Tensor{{l.out_channels}, std::vector<float>(std::size_t(l.out_channels), 0.0f)};
  return l;
}

/// Direction 0 of a [num_dir][rows][cols] tensor. A bidirectional LSTM keeps forward first;
/// the model holds that one only (the backward half has the same shape and cost).
Tensor first_direction(const Tensor& t, std::int64_t rows, std::int64_t cols) {
  const auto n = static_cast<std::ptrdiff_t>(rows * cols);
  return Tensor{{rows, cols}, std::vector<float>(t.data.begin(), t.data.begin() + n)};
}

void lstm_check(const onnx::NodeProto& n, const Tensor& wt, const Tensor& rt, const Walk& w) {
  const bool ok = wt.shape.size() == 3 && rt.shape.size() == 3 && wt.shape[0] >= 1 &&
                  rt.shape[0] == wt.shape[0] && wt.shape[1] == rt.shape[1] &&
                  rt.shape[1] == 4 * rt.shape[2];
  if (!ok)
    refuse(w.path, where(n) + ": W " + dims_text(wt.shape) + " and R " + dims_text(rt.shape) +
                       " are not [D][4H][in] and [D][4H][H]");
  const std::int64_t hidden = attr_int(n, "hidden_size", rt.shape[2]);
  if (hidden != rt.shape[2])
    refuse(w.path, where(n) + ": hidden_size " + std::to_string(hidden) +
                       " but R has H=" + std::to_string(rt.shape[2]));
}

/// B [D][8H] (Wb then Rb biases); absent means zeros. Peepholes (input P) are not modelled.
Tensor lstm_bias(const onnx::NodeProto& n, std::int64_t hidden, const Scope& s, const Walk& w) {
  Tensor b{{8 * hidden}, std::vector<float>(std::size_t(8 * hidden), 0.0f)};
  if (n.input_size() <= 3 || n.input(3).empty()) return b;
  const Tensor bt = to_tensor(required_constant(n, 3, "B", s, w), w.path);
  if (bt.shape.size() != 2 || bt.shape[0] < 1 || bt.shape[1] != 8 * hidden)
    refuse(w.path, where(n) + ": B has shape " + dims_text(bt.shape) + ", expected [D][8H]");
  b.data.assign(bt.data.begin(), bt.data.begin() + 8 * hidden);
  return b;
}

ModelLayer lstm_layer(const onnx::NodeProto& n, const Scope& s, const Walk& w) {
  const Tensor wt = to_tensor(required_constant(n, 1, "W", s, w), w.path);
  const Tensor rt = to_tensor(required_constant(n, 2, "R", s, w), w.path);
  lstm_check(n, wt, rt, w);
  const std::int64_t hidden = rt.shape[2], in = wt.shape[2];
  narrow(n, "hidden_size", hidden, 1, ShapeLimits::kMaxChannels / 4, w.path);
  narrow(n, "input size", in, 1, ShapeLimits::kMaxChannels, w.path);
  ModelLayer l;
  l.name = layer_name(n);
  l.kind = OpKind::kLstm;
  l.in_channels = static_cast<int>(in);
  l.out_channels = static_cast<int>(hidden);
  l.recurrent_in = static_cast<int>(hidden);
  l.weights = first_direction(wt, 4 * hidden, in);
  l.recurrent = first_direction(rt, 4 * hidden, hidden);
  l.bias = lstm_bias(n, hidden, s, w);
  // X is [seq][batch][in] (layout 0) or [batch][seq][in] (layout 1); unknown length reads as 1.
  const Dims* x = shape_of(n.input(0), w);
  const std::size_t seq_axis = attr_int(n, "layout", 0) == 0 ? 0 : 1;
  if (x != nullptr && x->size() == 3 && (*x)[seq_axis] > 0)
    l.seq_len = narrow(n, "sequence length", (*x)[seq_axis], 1, ShapeLimits::kMaxSeqLen, w.path);
  return l;
}

/// Finite weights can still overflow when Gemm's alpha / beta or a BatchNormalization fold
/// scales them (a variance of -epsilon divides by zero).
void check_finite(const onnx::NodeProto& n, const ModelLayer& l, const std::string& path) {
  for (const Tensor* t : {&l.weights, &l.bias, &l.recurrent})
    for (float v : t->data)
      if (!std::isfinite(v))
        refuse(path, where(n) +
                         ": weights or bias not finite after scaling (alpha, beta or a "
                         "folded BatchNormalization)");
}

// Inference-time BatchNormalization right after a Conv (its only consumer) folds into the conv:
// w' = w * g / sqrt(var + eps), b' = (b - mean) * g / sqrt(var + eps) + beta, so the weights
// that are pruned and quantized are the ones a deployed network multiplies by.
void fold_batch_norm(const onnx::NodeProto& n, const Scope& s, Walk& w) {
  const auto conv = w.conv_outputs.find(n.input(0));
  if (conv == w.conv_outputs.end() || w.consumers[n.input(0)] != 1) return;
  ModelLayer& l = w.layers[conv->second];
  const auto param = [&](int i, const char* what) {
    return weight_values(required_constant(n, i, what, s, w), w.path);
  };
  const std::vector<float> gamma = param(1, "scale"), beta = param(2, "B");
  const std::vector<float> mean = param(3, "mean"), var = param(4, "var");
  const float eps = attr_float(n, "epsilon", 1e-5f);
  const std::size_t m_count = std::size_t(l.out_channels);
  if (gamma.size() != m_count || beta.size() != m_count || mean.size() != m_count ||
      var.size() != m_count)
    refuse(w.path, where(n) + ": parameters do not have one value per channel of the conv");
  const std::size_t per_filter = l.weights.data.size() / m_count;
  for (std::size_t m = 0; m < m_count; ++m) {
    const float f = gamma[m] / std::sqrt(var[m] + eps);
    for (std::size_t k = 0; k < per_filter; ++k) l.weights.data[m * per_filter + k] *= f;
    l.bias.data[m] = (l.bias.data[m] - mean[m]) * f + beta[m];
  }
  check_finite(n, l, w.path);
  l.folded_norm = layer_name(n);  // a run substituting the folded weights must skip this node
  w.conv_outputs.erase(conv);  // a second BatchNormalization must not fold again
}

/// The layer's shape as the trace will store it passes workloads::shape_problem(). An input
/// size left symbolic (0) is checked later, when compression knows it.
void check_geometry(const onnx::NodeProto& n, const ModelLayer& l, const std::string& path) {
  LayerShape s;
  s.in_channels = l.in_channels, s.out_channels = static_cast<int>(l.rows());
  if (l.kind == OpKind::kConv) {
    s.kind = LayerKind::kConv;
    s.kernel_h = l.kernel_h, s.kernel_w = l.kernel_w;
    s.stride_h = l.stride_h, s.stride_w = l.stride_w, s.pad_h = l.pad_h, s.pad_w = l.pad_w;
    s.groups = l.groups;
    s.in_h = l.in_h > 0 ? l.in_h : s.kernel_h, s.in_w = l.in_w > 0 ? l.in_w : s.kernel_w;
  } else if (l.kind == OpKind::kLstm) {
    s.kind = LayerKind::kLstm, s.seq_len = l.seq_len, s.recurrent_in = l.recurrent_in;
  } else {
    s.kind = LayerKind::kFullyConnected;
  }
  const std::string problem = shape_problem(s);
  if (!problem.empty()) refuse(path, where(n) + ": " + problem);
}

void add_layer(const onnx::NodeProto& n, const Scope& s, Walk& w) {
  if (!default_domain(n)) return;
  const std::string& op = n.op_type();
  const bool read = op == "Conv" || op == "Gemm" || op == "MatMul" || op == "LSTM" ||
                    op == "BatchNormalization";
  // Their first input and output are read below (protobuf aborts on a missing one).
  if (read && (n.input_size() < 1 || n.output_size() < 1))
    refuse(w.path, where(n) + ": the node has no input or no output");
  if (op == "BatchNormalization") {
    if (w.options.fold_batch_norm) fold_batch_norm(n, s, w);
    return;
  }
  std::optional<ModelLayer> l;
  if (op == "Conv") {
    l = conv_layer(n, s, w);
    w.conv_outputs[n.output(0)] = w.layers.size();
  }
  else if (op == "Gemm") l = gemm_layer(n, s, w);
  else if (op == "MatMul") l = matmul_layer(n, s, w);
  else if (op == "LSTM") l = lstm_layer(n, s, w);
  if (!l) return;
  if (!sim::valid_utf8(l->name))  // it goes into the trace's JSON header
    refuse(w.path, "a " + op + " node (layer " + std::to_string(w.layers.size() + 1) +
                       ") has a name that is not UTF-8");
  check_geometry(n, *l, w.path);
  check_finite(n, *l, w.path);
  w.layers.push_back(std::move(*l));
}

// ---- the walk --------------------------------------------------------------------------------

bool branch_wanted(const onnx::NodeProto& n, const std::string& attr, const OnnxReadOptions& o) {
  if (n.op_type() != "If" || o.if_branch == OnnxReadOptions::IfBranch::kBoth) return true;
  return attr == (o.if_branch == OnnxReadOptions::IfBranch::kThen ? "then_branch" : "else_branch");
}

void walk_graph(const onnx::GraphProto& g, const Scope* parent, Walk& w);

/// Loop and Scan bodies run once per iteration; their layers appear once, at the node's place.
void walk_subgraphs(const onnx::NodeProto& n, const Scope& s, Walk& w) {
  for (const onnx::AttributeProto& a : n.attribute()) {
    if (a.has_g() && branch_wanted(n, a.name(), w.options)) walk_graph(a.g(), &s, w);
    for (const onnx::GraphProto& sub : a.graphs()) walk_graph(sub, &s, w);
  }
}

void walk_graph(const onnx::GraphProto& g, const Scope* parent, Walk& w) {
  Scope scope(parent);
  collect_constants(g, scope);
  for (const onnx::NodeProto& n : g.node())
    for (const std::string& in : n.input()) ++w.consumers[in];
  for (const onnx::ValueInfoProto& out : g.output()) ++w.consumers[out.name()];
  for (const onnx::NodeProto& n : g.node()) {
    add_layer(n, scope, w);
    walk_subgraphs(n, scope, w);
  }
}

onnx::ModelProto parse_model(const std::string& bytes, const std::string& path) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes))
    refuse(path, "not an ONNX ModelProto (protobuf parsing failed: truncated or not .onnx?)");
  // Random bytes can parse as a message of unknown fields; a real model has both of these.
  if (model.ir_version() <= 0 || !model.has_graph() || model.graph().node_size() == 0)
    refuse(path, "not an ONNX model (no ir_version or no graph nodes)");
  return model;
}

/// Graph inputs named in input_values must exist, like those in input_dims.
void check_input_values(const onnx::GraphProto& g, const OnnxReadOptions& options,
                        const std::string& path) {
  for (const auto& entry : options.input_values) {  // clang 14 cannot capture a binding
    const std::string& name = entry.first;
    const auto& values = entry.second;
    const bool found = std::any_of(g.input().begin(), g.input().end(),
                                   [&](const onnx::ValueInfoProto& v) { return v.name() == name; });
    if (!found) refuse(path, "input_values names '" + name + "', which is not a graph input");
    if (values.empty()) refuse(path, "input_values for '" + name + "' is empty");
  }
}

}  // namespace

namespace onnx_detail {
std::vector<float> float_values(const onnx::TensorProto& t, const std::string& path) {
  return tensor_values(t, path);
}
std::string layer_name(const onnx::NodeProto& n) { return workloads::layer_name(n); }
}  // namespace onnx_detail

Model read_onnx(const std::string& path) { return read_onnx(path, OnnxReadOptions{}); }

Model read_onnx(const std::string& path, const OnnxReadOptions& options) {
  const std::string bytes = read_bytes(path);
  onnx::ModelProto proto = parse_model(bytes, path);
  const ShapeMap shapes = infer_shapes(proto, options, path);
  Model model;
  model.name = std::filesystem::path(path).stem().string();
  if (!sim::valid_utf8(model.name)) refuse(path, "the file name is not UTF-8 (it names the model)");
  model.source = path;
  model.source_hash = sim::fnv1a_hex(bytes);
  Walk walk{path, options, shapes, model.layers};
  walk_graph(proto.graph(), nullptr, walk);
  check_input_values(proto.graph(), options, path);
  if (options.attach_runner) model.runner = make_onnx_runner(path, options, model);
  return model;
}

}  // namespace axsim::workloads
