// SPDX-License-Identifier: Apache-2.0
// The ONNX executor's internals, shared by its files (onnx_values.cpp, onnx_ops_*.cpp,
// onnx_executor.cpp, onnx_runner.cpp). Includes the ONNX protobuf headers, so it must stay out
// of every header the rest of axsim includes.
#pragma once
#include <functional>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/error.hpp"
#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/onnx/onnx_internal.hpp"

namespace axsim::workloads::onnx_exec {

using Dims = std::vector<std::int64_t>;
using Type = OnnxValue::Type;

// ---- values (onnx_values.cpp) ------------------------------------------------------------------

[[noreturn]] void fail(const std::string& path, const std::string& what);
std::string dims_text(const Dims& d);

/// A tensor size refused by count(); run_node() adds the model and the node.
struct ShapeError : sim::ConfigError {
  using sim::ConfigError::ConfigError;
};

/// Element count of a shape, refusing negative dims and counts above 2^40 (so products of a
/// count and a small factor cannot overflow), and counts whose floats exceed the memory budget.
std::int64_t count(const Dims& d);
/// A tensor of the file as a value (float types become float, integer types int64).
OnnxValue decode(const onnx::TensorProto& t, const std::string& path);
Type elem_type(int onnx_type);
const onnx::AttributeProto* find_attr(const onnx::NodeProto& n, const std::string& name);

using TensorMap = std::unordered_map<std::string, const onnx::TensorProto*>;

/// The values visible while a graph runs: its own (computed, or decoded on first use from its
/// initializers and Constant nodes), then those of the enclosing graphs.
struct Frame {
  Frame* parent = nullptr;
  const TensorMap* constants = nullptr;
  std::unordered_map<std::string, OnnxValue> values;
  const std::string* path = nullptr;

  const OnnxValue* find(const std::string& name);
};

struct RunState {
  const std::string& path;
  int opset;
  const std::map<std::string, OnnxSubstitute>& substitutes;
  const std::unordered_map<const onnx::GraphProto*, TensorMap>& constants;
  OnnxRun& out;
  const LayerWeights& weights;            ///< layer nodes without weights in the graph
  const std::set<std::string>& keep;      ///< values copied to out.kept
  std::set<std::string> skip_norms = {};  ///< BatchNormalization nodes folded into a substitute
};

std::vector<OnnxValue> run_graph(const onnx::GraphProto& g, Frame* parent, RunState& s);

/// One node being evaluated: its inputs, attributes and error reporting.
struct Op {
  const onnx::NodeProto& n;
  std::vector<const OnnxValue*> in;
  RunState& s;
  Frame& frame;

  [[noreturn]] void fail(const std::string& what) const {
    onnx_exec::fail(s.path, "node '" + onnx_detail::layer_name(n) + "' (" + n.op_type() + "): " + what);
  }
  const OnnxValue* optional(int k) const { return k < int(in.size()) ? in[std::size_t(k)] : nullptr; }
  const OnnxValue& input(int k) const {
    if (optional(k) == nullptr) fail("input " + std::to_string(k) + " is missing");
    return *in[std::size_t(k)];
  }
  const std::vector<float>& floats(int k) const {
    if (input(k).type != Type::kFloat) fail("input " + std::to_string(k) + " must be float");
    return input(k).f;
  }
  Dims ints(int k) const {
    if (input(k).type == Type::kFloat) fail("input " + std::to_string(k) + " must be an integer tensor");
    return input(k).i;
  }
  bool has(const char* name) const { return find_attr(n, name) != nullptr; }
  std::int64_t attr_int(const char* name, std::int64_t fallback) const {
    const auto* a = find_attr(n, name);
    return a != nullptr ? a->i() : fallback;
  }
  float attr_float(const char* name, float fallback) const {
    const auto* a = find_attr(n, name);
    return a != nullptr ? a->f() : fallback;
  }
  std::string attr_string(const char* name, const std::string& fallback) const {
    const auto* a = find_attr(n, name);
    return a != nullptr ? a->s() : fallback;
  }
  Dims attr_ints(const char* name) const {
    const auto* a = find_attr(n, name);
    return a != nullptr ? Dims(a->ints().begin(), a->ints().end()) : Dims{};
  }
  /// An axis in [-rank, rank) made non-negative.
  std::int64_t axis(std::int64_t a, std::size_t rank) const {
    const auto r = std::int64_t(rank);
    if (a < -r || a >= r) fail("axis " + std::to_string(a) + " out of range for rank " + std::to_string(r));
    return a < 0 ? a + r : a;
  }
  /// Refuses an attribute whose value is not the one implemented.
  void require_attr(const char* name, std::int64_t implemented) const {
    if (has(name) && attr_int(name, implemented) != implemented)
      fail("attribute " + std::string(name) + "=" + std::to_string(attr_int(name, implemented)) +
           " is not supported");
  }
};

using Values = std::vector<OnnxValue>;

Dims broadcast_shape(const Dims& a, const Dims& b, const Op& op);
/// Element strides of `in` read as the broadcast shape `out` (0 along broadcast dims).
Dims broadcast_strides(const Dims& in, const Dims& out);

/// Calls f(index into a, index into b, output index) for every element of `out`.
template <typename F>
void broadcast(const Dims& a, const Dims& b, const Dims& out, F f) {
  const Dims sa = broadcast_strides(a, out), sb = broadcast_strides(b, out);
  const std::int64_t n = count(out);
  Dims idx(out.size(), 0);
  std::int64_t ia = 0, ib = 0;
  for (std::int64_t o = 0; o < n; ++o) {
    f(ia, ib, o);
    for (std::size_t k = out.size(); k-- > 0;) {
      ++idx[k], ia += sa[k], ib += sb[k];
      if (idx[k] < out[k]) break;
      ia -= sa[k] * out[k], ib -= sb[k] * out[k], idx[k] = 0;
    }
  }
}

/// Row-major strides of a shape.
Dims strides_of(const Dims& d);
/// A value of `shape` whose element o is src's element from[o], or `fill` where from[o] < 0.
OnnxValue take(const OnnxValue& src, Dims shape, const std::vector<std::int64_t>& from,
               double fill = 0);

/// Source index of every output element when output dim k reads input index map(k, o_k).
template <typename Map>
std::vector<std::int64_t> gather_indices(const Dims& in, const Dims& out, Map map) {
  const Dims in_st = strides_of(in);
  std::vector<std::int64_t> from(std::size_t(count(out)));
  Dims idx(out.size(), 0);
  for (std::size_t o = 0; o < from.size(); ++o) {
    std::int64_t src = 0;
    for (std::size_t k = 0; k < out.size() && src >= 0; ++k) {
      const std::int64_t i = map(k, idx[k]);
      src = i < 0 ? -1 : src + i * in_st[k];
    }
    from[o] = src;
    for (std::size_t k = out.size(); k-- > 0;) {
      if (++idx[k] < out[k]) break;
      idx[k] = 0;
    }
  }
  return from;
}

OnnxValue reshaped(const OnnxValue& v, Dims shape);

template <typename T, typename F>
auto zip(const std::vector<T>& a, const Dims& da, const std::vector<T>& b, const Dims& db,
         const Dims& out, F f) {
  std::vector<decltype(f(a[0], b[0]))> y(std::size_t(count(out)));
  broadcast(da, db, out, [&](std::int64_t ia, std::int64_t ib, std::int64_t o) {
    y[std::size_t(o)] = f(a[std::size_t(ia)], b[std::size_t(ib)]);
  });
  return y;
}

std::vector<float> as_floats(const OnnxValue& v);

// ---- operators (onnx_ops_math.cpp, onnx_ops_conv.cpp, onnx_ops_shape.cpp) ---------------------

Values equal(const Op& op);
Values arithmetic(const Op& op);
Values unary(const Op& op);
Values clip(const Op& op);
Values softmax(const Op& op);
/// The first value of a scalar input (Clip's bounds, Pad's constant): refused when it is empty.
float first_value(const Op& op, const OnnxValue& v, const char* what);

Values max_pool(const Op& op);
Values global_average_pool(const Op& op);
Values batch_norm(const Op& op);
/// Conv of X with weights W [M][C/group][k...] and bias (empty: none).
OnnxValue convolve(const Op& op, const OnnxValue& x, const Dims& wshape, const std::vector<float>& w,
                   const std::vector<float>& bias);

OnnxValue matmul(const Op& op, const OnnxValue& a, const Dims& bshape, const std::vector<float>& b);
/// X [..][in] times a layer's weights [out][in] transposed, plus its bias.
OnnxValue dense(const OnnxValue& x, const ModelLayer& l);
OnnxValue transposed2(const OnnxValue& v);
OnnxValue gemm(const Op& op, const OnnxValue& a_in);

struct LstmWeights {
  const float *w, *r, *b;  ///< [4H][in], [4H][H], [8H] (may be nullptr: zeros)
  std::int64_t hidden, in;
  /// When set, computes W x + R h (the gate sums without bias) instead of w and r.
  std::function<void(const float* x, const float* h, float* gates)> products = nullptr;
};
void lstm_checks(const Op& op);
Values lstm_forward(const Op& op, const OnnxValue& x, const LstmWeights& lw);
LstmWeights lstm_weights(const Op& op, const OnnxValue& x);

Values shape_op(const Op& op);
Values cast(const Op& op);
Values slice(const Op& op);
Values concat(const Op& op);
Values reshape(const Op& op);
Values gather(const Op& op);
Values unsqueeze(const Op& op);
Values squeeze(const Op& op);
Values transpose(const Op& op);
Values pad(const Op& op);
Values reduce_mean(const Op& op);
Values constant_of_shape(const Op& op);
Values flatten(const Op& op);
Values if_op(const Op& op);

}  // namespace axsim::workloads::onnx_exec
