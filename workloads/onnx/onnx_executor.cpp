// SPDX-License-Identifier: Apache-2.0
// The ONNX graph interpreter. Follows the ONNX operator specification for the opset the model
// declares (Clip, Slice, Squeeze, Unsqueeze, Pad, ReduceMean and Softmax changed between opsets).
#include "workloads/onnx/onnx_executor.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <limits>
#include <new>
#include <set>
#include <sstream>
#include <unordered_map>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/onnx/onnx_internal.hpp"
#include "workloads/quantize/quantize.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

using Dims = std::vector<std::int64_t>;
using Type = OnnxValue::Type;

std::size_t OnnxValue::numel() const {
  std::size_t n = 1;
  for (std::int64_t d : shape) n *= static_cast<std::size_t>(std::max<std::int64_t>(d, 0));
  return n;
}

OnnxValue OnnxValue::floats(Dims shape, std::vector<float> data) {
  OnnxValue v;
  v.shape = std::move(shape), v.f = std::move(data);
  return v;
}

OnnxValue OnnxValue::ints(Dims shape, std::vector<std::int64_t> data, Type type) {
  OnnxValue v;
  v.type = type, v.shape = std::move(shape), v.i = std::move(data);
  return v;
}

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw sim::ConfigError("ONNX model " + path + ": " + what);
}

std::string dims_text(const Dims& d) {
  std::string s = "[";
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (k != 0) s += ',';
    s += std::to_string(d[k]);
  }
  return s + "]";
}

/// A tensor size refused by count(); run_node() adds the model and the node.
struct ShapeError : sim::ConfigError {
  using sim::ConfigError::ConfigError;
};

/// Element count of a shape, refusing negative dims and counts above 2^40 (so products of a
/// count and a small factor cannot overflow), and counts whose floats exceed the memory budget.
std::int64_t count(const Dims& d) {
  std::int64_t n = 1;
  for (std::int64_t x : d) {
    if (x < 0 || (x > 0 && n > (std::int64_t{1} << 40) / x))
      throw ShapeError("tensor shape " + dims_text(d) +
                       ": a dimension is negative or the tensor has over 2^40 values");
    n *= x;
  }
  const std::string refusal = sim::MemoryBudget::refusal(
      sim::bytes_of(std::uint64_t(n), sizeof(float)), "tensor shape " + dims_text(d));
  if (!refusal.empty()) throw ShapeError(refusal);
  return n;
}

// ---- tensors from the file -------------------------------------------------------------------

template <typename Field>
std::vector<std::int64_t> int_field(const Field& field) {
  return std::vector<std::int64_t>(field.begin(), field.end());
}

/// Little-endian signed integers of `bytes` bytes each from raw_data.
std::vector<std::int64_t> int_raw(const std::string& raw, std::size_t bytes, bool is_signed) {
  std::vector<std::int64_t> out(raw.size() / bytes);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < bytes; ++b)
      v |= std::uint64_t(static_cast<unsigned char>(raw[k * bytes + b])) << (8 * b);
    if (is_signed && bytes < 8 && (v >> (8 * bytes - 1)) != 0) v |= ~std::uint64_t(0) << (8 * bytes);
    out[k] = static_cast<std::int64_t>(v);
  }
  return out;
}

OnnxValue decode_ints(const onnx::TensorProto& t, const std::string& path, Dims shape) {
  const bool raw = t.has_raw_data();
  std::vector<std::int64_t> v;
  Type type = Type::kInt32;
  switch (t.data_type()) {
    case onnx::TensorProto::INT64:
      type = Type::kInt64;
      v = raw ? int_raw(t.raw_data(), 8, true) : int_field(t.int64_data());
      break;
    case onnx::TensorProto::INT32: v = raw ? int_raw(t.raw_data(), 4, true) : int_field(t.int32_data()); break;
    case onnx::TensorProto::BOOL:
      type = Type::kBool;
      v = raw ? int_raw(t.raw_data(), 1, false) : int_field(t.int32_data());
      break;
    default:
      fail(path, "tensor '" + t.name() + "': element type " + std::to_string(t.data_type()) +
                     " is not supported by the executor (float, double, float16, bfloat16, "
                     "int64, int32, bool)");
  }
  if (std::int64_t(v.size()) != count(shape))
    fail(path, "tensor '" + t.name() + "' holds " + std::to_string(v.size()) + " values, dims " +
                   dims_text(shape) + " need " + std::to_string(count(shape)));
  return OnnxValue::ints(std::move(shape), std::move(v), type);
}

OnnxValue decode(const onnx::TensorProto& t, const std::string& path) {
  Dims shape(t.dims().begin(), t.dims().end());
  switch (t.data_type()) {
    case onnx::TensorProto::FLOAT:
    case onnx::TensorProto::DOUBLE:
    case onnx::TensorProto::FLOAT16:
    case onnx::TensorProto::BFLOAT16:
      return OnnxValue::floats(std::move(shape), onnx_detail::float_values(t, path));
    default:
      return decode_ints(t, path, std::move(shape));
  }
}

Type elem_type(int onnx_type) {
  switch (onnx_type) {
    case onnx::TensorProto::INT64: return Type::kInt64;
    case onnx::TensorProto::INT32: return Type::kInt32;
    case onnx::TensorProto::BOOL: return Type::kBool;
    default: return Type::kFloat;
  }
}

const onnx::AttributeProto* find_attr(const onnx::NodeProto& n, const std::string& name) {
  for (const onnx::AttributeProto& a : n.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

// ---- run-time state --------------------------------------------------------------------------

using TensorMap = std::unordered_map<std::string, const onnx::TensorProto*>;

/// The values visible while a graph runs: its own (computed, or decoded on first use from its
/// initializers and Constant nodes), then those of the enclosing graphs.
struct Frame {
  Frame* parent = nullptr;
  const TensorMap* constants = nullptr;
  std::unordered_map<std::string, OnnxValue> values;
  const std::string* path = nullptr;

  const OnnxValue* find(const std::string& name) {
    for (Frame* f = this; f != nullptr; f = f->parent) {
      if (auto it = f->values.find(name); it != f->values.end()) return &it->second;
      if (auto it = f->constants->find(name); it != f->constants->end()) {
        try {
          return &(f->values[name] = decode(*it->second, *path));
        } catch (const ShapeError& e) {
          fail(*path, "tensor '" + name + "': " + e.what());
        }
      }
    }
    return nullptr;
  }
};

struct RunState {
  const std::string& path;
  int opset;
  const std::map<std::string, OnnxSubstitute>& substitutes;
  const std::unordered_map<const onnx::GraphProto*, TensorMap>& constants;
  OnnxRun& out;
  const LayerWeights& weights;            ///< layer nodes without weights in the graph
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
    workloads::fail(s.path, "node '" + onnx_detail::layer_name(n) + "' (" + n.op_type() + "): " + what);
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

// ---- broadcasting and element copies ---------------------------------------------------------

Dims broadcast_shape(const Dims& a, const Dims& b, const Op& op) {
  Dims out(std::max(a.size(), b.size()));
  for (std::size_t k = 0; k < out.size(); ++k) {
    const std::size_t r = out.size() - 1 - k;
    const std::int64_t da = k < a.size() ? a[a.size() - 1 - k] : 1;
    const std::int64_t db = k < b.size() ? b[b.size() - 1 - k] : 1;
    if (da != db && da != 1 && db != 1)
      op.fail("shapes " + dims_text(a) + " and " + dims_text(b) + " do not broadcast");
    out[r] = da == 1 ? db : da;
  }
  return out;
}

/// Element strides of `in` read as the broadcast shape `out` (0 along broadcast dims).
Dims broadcast_strides(const Dims& in, const Dims& out) {
  Dims st(out.size(), 0);
  std::int64_t stride = 1;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const std::size_t di = in.size() - 1 - k, dout = out.size() - 1 - k;
    st[dout] = in[di] == 1 ? 0 : stride;
    stride *= in[di];
  }
  return st;
}

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
Dims strides_of(const Dims& d) {
  Dims st(d.size(), 1);
  for (std::size_t k = d.size(); k-- > 1;) st[k - 1] = st[k] * d[k];
  return st;
}

/// A value of `shape` whose element o is src's element from[o], or `fill` where from[o] < 0.
OnnxValue take(const OnnxValue& src, Dims shape, const std::vector<std::int64_t>& from,
               double fill = 0) {
  OnnxValue v;
  v.type = src.type, v.shape = std::move(shape);
  if (src.type == Type::kFloat) {
    v.f.resize(from.size());
    for (std::size_t o = 0; o < from.size(); ++o)
      v.f[o] = from[o] < 0 ? float(fill) : src.f[std::size_t(from[o])];
  } else {
    v.i.resize(from.size());
    for (std::size_t o = 0; o < from.size(); ++o)
      v.i[o] = from[o] < 0 ? std::int64_t(fill) : src.i[std::size_t(from[o])];
  }
  return v;
}

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

OnnxValue reshaped(const OnnxValue& v, Dims shape) {
  OnnxValue r = v;
  r.shape = std::move(shape);
  return r;
}

// ---- elementwise -----------------------------------------------------------------------------

template <typename T, typename F>
auto zip(const std::vector<T>& a, const Dims& da, const std::vector<T>& b, const Dims& db,
         const Dims& out, F f) {
  std::vector<decltype(f(a[0], b[0]))> y(std::size_t(count(out)));
  broadcast(da, db, out, [&](std::int64_t ia, std::int64_t ib, std::int64_t o) {
    y[std::size_t(o)] = f(a[std::size_t(ia)], b[std::size_t(ib)]);
  });
  return y;
}

std::vector<float> as_floats(const OnnxValue& v) {
  if (v.type == Type::kFloat) return v.f;
  return std::vector<float>(v.i.begin(), v.i.end());
}

Values equal(const Op& op) {
  const OnnxValue &a = op.input(0), &b = op.input(1);
  if ((a.type == Type::kFloat) != (b.type == Type::kFloat)) op.fail("inputs differ in type");
  const Dims out = broadcast_shape(a.shape, b.shape, op);
  std::vector<std::int64_t> y =
      a.type == Type::kFloat
          ? zip(a.f, a.shape, b.f, b.shape, out, [](float x, float z) { return std::int64_t(x == z); })
          : zip(a.i, a.shape, b.i, b.shape, out, [](std::int64_t x, std::int64_t z) { return std::int64_t(x == z); });
  return {OnnxValue::ints(out, std::move(y), Type::kBool)};
}

Values arithmetic(const Op& op) {
  const OnnxValue &a = op.input(0), &b = op.input(1);
  const std::string& t = op.n.op_type();
  const Dims out = broadcast_shape(a.shape, b.shape, op);
  if (t == "Pow") {  // the exponent may be of another type (opset 12+)
    if (a.type != Type::kFloat) op.fail("only a float base is supported");
    return {OnnxValue::floats(out, zip(a.f, a.shape, as_floats(b), b.shape, out,
                                       [](float x, float e) { return std::pow(x, e); }))};
  }
  if (a.type != b.type) op.fail("inputs differ in type");
  const char kind = t[0] == 'S' ? '-' : t[0] == 'M' ? '*' : t[0] == 'D' ? '/' : '+';
  if (a.type == Type::kFloat) {
    auto f = [kind](float x, float z) {
      return kind == '+' ? x + z : kind == '-' ? x - z : kind == '*' ? x * z : x / z;
    };
    return {OnnxValue::floats(out, zip(a.f, a.shape, b.f, b.shape, out, f))};
  }
  auto f = [&op, kind](std::int64_t x, std::int64_t z) {
    if (kind == '/' && z == 0) op.fail("integer division by zero");
    return kind == '+' ? x + z : kind == '-' ? x - z : kind == '*' ? x * z : x / z;
  };
  return {OnnxValue::ints(out, zip(a.i, a.shape, b.i, b.shape, out, f), a.type)};
}

float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

Values unary(const Op& op) {
  const std::string& t = op.n.op_type();
  const OnnxValue& x = op.input(0);
  if (t == "Identity") return {x};
  if (t == "Neg" && x.type != Type::kFloat) {
    OnnxValue y = x;
    for (std::int64_t& v : y.i) v = -v;
    return {y};
  }
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  const float alpha = op.attr_float("alpha", 0.2f), beta = op.attr_float("beta", 0.5f);
  for (float& v : y.f) {
    if (t == "Relu") v = std::max(v, 0.f);
    else if (t == "Sigmoid") v = sigmoid(v);
    else if (t == "Tanh") v = std::tanh(v);
    else if (t == "Sqrt") v = std::sqrt(v);
    else if (t == "Log") v = std::log(v);
    else if (t == "Neg") v = -v;
    else if (t == "HardSigmoid") v = std::clamp(alpha * v + beta, 0.f, 1.f);
  }
  return {y};
}

/// The first value of a scalar input (Clip's bounds, Pad's constant): refused when it is empty.
float first_value(const Op& op, const OnnxValue& v, const char* what) {
  if (v.numel() == 0) op.fail(std::string(what) + " is empty");
  return v.type == Type::kFloat ? v.f[0] : float(v.i[0]);
}

/// Clip: bounds are attributes before opset 11, optional inputs from 11 on.
Values clip(const Op& op) {
  float lo = std::numeric_limits<float>::lowest(), hi = std::numeric_limits<float>::max();
  if (op.s.opset < 11) {
    lo = op.attr_float("min", lo), hi = op.attr_float("max", hi);
  } else {
    if (const OnnxValue* m = op.optional(1)) lo = first_value(op, *m, "min");
    if (const OnnxValue* m = op.optional(2)) hi = first_value(op, *m, "max");
  }
  OnnxValue y = OnnxValue::floats(op.input(0).shape, op.floats(0));
  for (float& v : y.f) v = std::min(std::max(v, lo), hi);  // min(max()) as the spec defines it
  return {y};
}

// ---- convolution and pooling -----------------------------------------------------------------

/// A 1-D or 2-D window operation over [N][C][H][W] (1-D: H = 1), as Conv and MaxPool share it.
struct Window {
  std::int64_t n = 1, c = 1, h = 1, w = 1, kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  std::int64_t pt = 0, pl = 0, pb = 0, pr = 0, oh = 1, ow = 1;
};

/// Output size of one axis; auto_pad SAME_* splits the total padding (extra at the end for
/// SAME_UPPER, at the begin for SAME_LOWER).
std::int64_t window_axis(const Op& op, std::int64_t in, std::int64_t k, std::int64_t s,
                         std::int64_t d, std::int64_t& pad_b, std::int64_t& pad_e, bool ceil_mode) {
  const std::string auto_pad = op.attr_string("auto_pad", "NOTSET");
  const std::int64_t span = (k - 1) * d + 1;
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    const std::int64_t out = (in + s - 1) / s;
    const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * s + span - in);
    pad_b = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
    pad_e = total - pad_b;
    return out;
  }
  if (auto_pad == "VALID") pad_b = pad_e = 0;
  else if (auto_pad != "NOTSET") op.fail("auto_pad " + auto_pad + " is not supported");
  const std::int64_t room = in + pad_b + pad_e - span;
  if (room < 0) op.fail("the window is larger than the padded input");
  std::int64_t out = (ceil_mode ? (room + s - 1) / s : room / s) + 1;
  if (ceil_mode && (out - 1) * s >= in + pad_b) --out;  // the last window must start inside
  return out;
}

Window window(const Op& op, const Dims& x, const Dims& kernel, bool ceil_mode) {
  if ((x.size() != 3 && x.size() != 4) || kernel.size() != x.size() - 2)
    op.fail("only 1-D and 2-D inputs are supported, got " + dims_text(x));
  const bool two_d = x.size() == 4;
  Window g;
  g.n = x[0], g.c = x[1], g.h = two_d ? x[2] : 1, g.w = x.back();
  g.kh = two_d ? kernel[0] : 1, g.kw = kernel.back();
  const std::size_t axes = kernel.size();
  Dims strides = op.attr_ints("strides"), dil = op.attr_ints("dilations"), pads = op.attr_ints("pads");
  if (strides.empty()) strides.assign(axes, 1);
  if (dil.empty()) dil.assign(axes, 1);
  if (pads.empty()) pads.assign(2 * axes, 0);
  if (strides.size() != axes || dil.size() != axes || pads.size() != 2 * axes)
    op.fail("strides, dilations or pads do not match the kernel rank");
  if (two_d) g.sh = strides[0], g.dh = dil[0], g.pt = pads[0], g.pb = pads[2];
  g.sw = strides.back(), g.dw = dil.back();
  g.pl = pads[axes - 1], g.pr = pads[2 * axes - 1];
  if (g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) op.fail("strides and dilations must be >= 1");
  g.oh = two_d ? window_axis(op, g.h, g.kh, g.sh, g.dh, g.pt, g.pb, ceil_mode) : 1;
  g.ow = window_axis(op, g.w, g.kw, g.sw, g.dw, g.pl, g.pr, ceil_mode);
  return g;
}

Dims window_output(const Window& g, std::int64_t channels, std::size_t rank) {
  return rank == 4 ? Dims{g.n, channels, g.oh, g.ow} : Dims{g.n, channels, g.ow};
}

/// [lo, hi): the outputs o < count whose input o * stride + offset lies in [0, in).
std::pair<std::int64_t, std::int64_t> valid(std::int64_t offset, std::int64_t stride,
                                            std::int64_t in, std::int64_t count) {
  const std::int64_t lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const std::int64_t last = in - 1 - offset;
  const std::int64_t hi = last < 0 ? 0 : std::min(count, last / stride + 1);
  return {lo, std::max(lo, hi)};
}

/// out += w x the input plane shifted by kernel tap (r, q); padding reads zeros, so taps
/// outside the input are skipped.
void conv_tap(const Window& g, float w, const float* in, float* out, std::int64_t r, std::int64_t q) {
  const auto [y0, y1] = valid(r * g.dh - g.pt, g.sh, g.h, g.oh);
  const auto [x0, x1] = valid(q * g.dw - g.pl, g.sw, g.w, g.ow);
  for (std::int64_t oy = y0; oy < y1; ++oy) {
    const float* row = in + (oy * g.sh + r * g.dh - g.pt) * g.w + q * g.dw - g.pl;
    float* o = out + oy * g.ow;
    for (std::int64_t ox = x0; ox < x1; ++ox) o[ox] += w * row[ox * g.sw];
  }
}

/// Conv of X with weights W [M][C/group][k...] and bias (empty: none).
OnnxValue convolve(const Op& op, const OnnxValue& x, const Dims& wshape, const std::vector<float>& w,
                   const std::vector<float>& bias) {
  if (x.type != Type::kFloat) op.fail("X must be float");
  const Window g = window(op, x.shape, Dims(wshape.begin() + 2, wshape.end()), false);
  const std::int64_t group = op.attr_int("group", 1), m_count = wshape[0];
  if (group < 1 || g.c % group != 0 || m_count % group != 0 || wshape[1] != g.c / group)
    op.fail("weights " + dims_text(wshape) + " and group " + std::to_string(group) +
            " do not fit input " + dims_text(x.shape));
  if (!bias.empty() && std::int64_t(bias.size()) != m_count) op.fail("bias size is not M");
  const std::int64_t cg = g.c / group, mg = m_count / group, plane = g.oh * g.ow, in_plane = g.h * g.w;
  OnnxValue y = OnnxValue::floats(window_output(g, m_count, x.shape.size()),
                                  std::vector<float>(std::size_t(g.n * m_count * plane)));
  for (std::int64_t b = 0; b < g.n; ++b)
    for (std::int64_t m = 0; m < m_count; ++m) {
      float* out = y.f.data() + (b * m_count + m) * plane;
      std::fill(out, out + plane, bias.empty() ? 0.f : bias[std::size_t(m)]);
      const float* wm = w.data() + m * cg * g.kh * g.kw;
      for (std::int64_t c = 0; c < cg; ++c) {
        const float* in = x.f.data() + (b * g.c + (m / mg) * cg + c) * in_plane;
        for (std::int64_t r = 0; r < g.kh; ++r)
          for (std::int64_t q = 0; q < g.kw; ++q, ++wm)
            if (*wm != 0.f) conv_tap(g, *wm, in, out, r, q);
      }
    }
  return y;
}

Values max_pool(const Op& op) {
  if (op.n.output_size() > 1 && !op.n.output(1).empty()) op.fail("the Indices output is not supported");
  const OnnxValue& x = op.input(0);
  const Window g = window(op, x.shape, op.attr_ints("kernel_shape"), op.attr_int("ceil_mode", 0) != 0);
  OnnxValue y = OnnxValue::floats(window_output(g, g.c, x.shape.size()), {});
  y.f.assign(std::size_t(g.n * g.c * g.oh * g.ow), -std::numeric_limits<float>::infinity());
  float* out = y.f.data();
  for (std::int64_t p = 0; p < g.n * g.c; ++p) {
    const float* in = op.floats(0).data() + p * g.h * g.w;
    for (std::int64_t oy = 0; oy < g.oh; ++oy) {
      // Only the taps r whose row oy * sh - pt + r * dh lies inside the input (valid() read
      // with taps for outputs): a 2^16 x 2^16 window costs what the input holds, not its size.
      const auto [r0, r1] = valid(oy * g.sh - g.pt, g.dh, g.h, g.kh);
      for (std::int64_t ox = 0; ox < g.ow; ++ox, ++out) {
        const auto [q0, q1] = valid(ox * g.sw - g.pl, g.dw, g.w, g.kw);
        for (std::int64_t r = r0; r < r1; ++r)
          for (std::int64_t q = q0; q < q1; ++q)
            *out = std::max(*out, in[(oy * g.sh - g.pt + r * g.dh) * g.w + ox * g.sw - g.pl +
                                     q * g.dw]);
      }
    }
  }
  return {y};
}

Values global_average_pool(const Op& op) {
  const OnnxValue& x = op.input(0);
  if (x.shape.size() < 3) op.fail("input must be [N][C][spatial...]");
  const std::int64_t planes = x.shape[0] * x.shape[1], size = count(x.shape) / planes;
  Dims shape(x.shape.size(), 1);
  shape[0] = x.shape[0], shape[1] = x.shape[1];
  std::vector<float> y(static_cast<std::size_t>(planes));
  for (std::int64_t p = 0; p < planes; ++p) {
    double acc = 0;
    for (std::int64_t k = 0; k < size; ++k) acc += op.floats(0)[std::size_t(p * size + k)];
    y[std::size_t(p)] = float(acc / double(size));
  }
  return {OnnxValue::floats(shape, std::move(y))};
}

Values batch_norm(const Op& op) {
  if (op.s.skip_norms.count(onnx_detail::layer_name(op.n)) != 0) return {op.input(0)};
  op.require_attr("training_mode", 0);
  const OnnxValue& x = op.input(0);
  if (x.shape.size() < 2) op.fail("input must be [N][C]...");
  const std::vector<float> &gamma = op.floats(1), &beta = op.floats(2);
  const std::vector<float> &mean = op.floats(3), &var = op.floats(4);
  const float eps = op.attr_float("epsilon", 1e-5f);
  const std::int64_t c_count = x.shape[1], size = count(x.shape) / (x.shape[0] * c_count);
  for (const auto* p : {&gamma, &beta, &mean, &var})
    if (std::int64_t(p->size()) != c_count) op.fail("parameters need one value per channel");
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  for (std::int64_t k = 0; k < std::int64_t(y.f.size()); ++k) {
    const auto c = std::size_t((k / size) % c_count);
    y.f[std::size_t(k)] = (y.f[std::size_t(k)] - mean[c]) / std::sqrt(var[c] + eps) * gamma[c] + beta[c];
  }
  return {y};
}

// ---- matrix products -------------------------------------------------------------------------

/// numpy matmul: 1-D operands are promoted and the promoted dim removed again; batch dims
/// broadcast.
OnnxValue matmul(const Op& op, const OnnxValue& a, const Dims& bshape, const std::vector<float>& b) {
  if (a.type != Type::kFloat || a.shape.empty() || bshape.empty()) op.fail("inputs must be float tensors of rank >= 1");
  Dims sa = a.shape, sb = bshape;
  const bool a1 = sa.size() == 1, b1 = sb.size() == 1;
  if (a1) sa.insert(sa.begin(), 1);
  if (b1) sb.push_back(1);
  const std::int64_t m = sa[sa.size() - 2], k = sa.back(), n = sb.back();
  if (sb[sb.size() - 2] != k) op.fail("shapes " + dims_text(a.shape) + " and " + dims_text(bshape) + " do not multiply");
  const Dims ba(sa.begin(), sa.end() - 2), bb(sb.begin(), sb.end() - 2);
  const Dims batch = broadcast_shape(ba, bb, op);
  std::vector<float> y(std::size_t(count(batch) * m * n));
  broadcast(ba, bb, batch, [&](std::int64_t ia, std::int64_t ib, std::int64_t o) {
    const float* pa = a.f.data() + ia * m * k;
    const float* pb = b.data() + ib * k * n;
    float* py = y.data() + o * m * n;
    for (std::int64_t r = 0; r < m; ++r)
      for (std::int64_t j = 0; j < k; ++j)
        for (std::int64_t c = 0; c < n; ++c) py[r * n + c] += pa[r * k + j] * pb[j * n + c];
  });
  Dims shape = batch;
  if (!a1) shape.push_back(m);
  if (!b1) shape.push_back(n);
  return OnnxValue::floats(shape, std::move(y));
}

/// X [..][in] times a layer's weights [out][in] transposed, plus its bias.
OnnxValue dense(const OnnxValue& x, const ModelLayer& l) {
  const std::int64_t in = l.in_channels, out = l.out_channels, rows = std::int64_t(x.f.size()) / in;
  Dims shape = x.shape;
  shape.back() = out;
  std::vector<float> y(std::size_t(rows * out));
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t o = 0; o < out; ++o) {
      float acc = l.bias.data.empty() ? 0.f : l.bias.data[std::size_t(o)];
      for (std::int64_t i = 0; i < in; ++i) acc += x.f[std::size_t(r * in + i)] * l.weights.data[std::size_t(o * in + i)];
      y[std::size_t(r * out + o)] = acc;
    }
  return OnnxValue::floats(shape, std::move(y));
}

OnnxValue transposed2(const OnnxValue& v) {
  const std::int64_t r = v.shape[0], c = v.shape[1];
  OnnxValue t = OnnxValue::floats({c, r}, std::vector<float>(v.f.size()));
  for (std::int64_t i = 0; i < r; ++i)
    for (std::int64_t j = 0; j < c; ++j) t.f[std::size_t(j * r + i)] = v.f[std::size_t(i * c + j)];
  return t;
}

/// Gemm: Y = alpha A' B' + beta C with C broadcast to [M][N].
OnnxValue gemm(const Op& op, const OnnxValue& a_in) {
  const OnnxValue& b_in = op.input(1);
  if (a_in.shape.size() != 2 || b_in.shape.size() != 2 || b_in.type != Type::kFloat) op.fail("A and B must be 2-D float");
  const OnnxValue a = op.attr_int("transA", 0) ? transposed2(a_in) : a_in;
  const OnnxValue b = op.attr_int("transB", 0) ? transposed2(b_in) : b_in;
  OnnxValue y = matmul(op, a, b.shape, b.f);
  const float alpha = op.attr_float("alpha", 1.f), beta = op.attr_float("beta", 1.f);
  for (float& v : y.f) v *= alpha;
  if (const OnnxValue* c = op.optional(2)) {
    const Dims out = broadcast_shape(y.shape, c->shape, op);
    if (out != y.shape) op.fail("C does not broadcast to [M][N]");
    y.f = zip(y.f, y.shape, as_floats(*c), c->shape, out, [&](float v, float z) { return v + beta * z; });
  }
  return y;
}

Values softmax(const Op& op) {
  const OnnxValue& x = op.input(0);
  const std::int64_t axis = op.axis(op.attr_int("axis", op.s.opset < 13 ? 1 : -1), x.shape.size());
  // Before opset 13 the input is coerced to 2-D at `axis`; from 13 on softmax runs along it.
  std::int64_t len = x.shape[std::size_t(axis)], inner = 1;
  for (std::size_t k = std::size_t(axis) + 1; k < x.shape.size(); ++k) inner *= x.shape[k];
  if (op.s.opset < 13) len *= inner, inner = 1;
  OnnxValue y = OnnxValue::floats(x.shape, op.floats(0));
  const std::int64_t outer = count(x.shape) / (len * inner);
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i = 0; i < inner; ++i) {
      float* p = y.f.data() + o * len * inner + i;
      float top = -std::numeric_limits<float>::infinity();
      for (std::int64_t k = 0; k < len; ++k) top = std::max(top, p[k * inner]);
      double sum = 0;
      for (std::int64_t k = 0; k < len; ++k) sum += p[k * inner] = std::exp(p[k * inner] - top);
      for (std::int64_t k = 0; k < len; ++k) p[k * inner] = float(p[k * inner] / sum);
    }
  return {y};
}

// ---- LSTM ------------------------------------------------------------------------------------

struct LstmWeights {
  const float *w, *r, *b;  ///< [4H][in], [4H][H], [8H] (may be nullptr: zeros)
  std::int64_t hidden, in;
};

void lstm_checks(const Op& op) {
  if (op.attr_string("direction", "forward") != "forward") op.fail("only direction=forward is supported");
  op.require_attr("layout", 0);
  op.require_attr("input_forget", 0);
  if (op.has("clip") || op.has("activations") || op.has("activation_alpha") || op.has("activation_beta"))
    op.fail("clip and non-default activations are not supported");
  if (op.optional(7) != nullptr) op.fail("peepholes (input P) are not supported");
}

/// One forward LSTM over X [seq][batch][in] (ONNX gate order i, o, f, c; default activations).
Values lstm_forward(const Op& op, const OnnxValue& x, const LstmWeights& lw) {
  const std::int64_t seq = x.shape[0], batch = x.shape[1], hd = lw.hidden, in = lw.in;
  if (op.optional(4) != nullptr)
    for (std::int64_t v : op.ints(4))
      if (v != seq) op.fail("sequence_lens other than the full length are not supported");
  std::vector<float> h(std::size_t(batch * hd), 0.f), c(h.size(), 0.f);
  if (const OnnxValue* h0 = op.optional(5)) h = h0->f;
  if (const OnnxValue* c0 = op.optional(6)) c = c0->f;
  if (std::int64_t(h.size()) != batch * hd || std::int64_t(c.size()) != batch * hd) op.fail("initial_h/c are not [1][batch][H]");
  OnnxValue y = OnnxValue::floats({seq, 1, batch, hd}, std::vector<float>(std::size_t(seq * batch * hd)));
  std::vector<float> g(std::size_t(4 * hd));
  for (std::int64_t t = 0; t < seq; ++t)
    for (std::int64_t b = 0; b < batch; ++b) {
      const float* xt = x.f.data() + (t * batch + b) * in;
      float* hb = h.data() + b * hd;
      float* cb = c.data() + b * hd;
      for (std::int64_t row = 0; row < 4 * hd; ++row) {
        float acc = lw.b ? lw.b[row] + lw.b[4 * hd + row] : 0.f;
        for (std::int64_t k = 0; k < in; ++k) acc += lw.w[row * in + k] * xt[k];
        for (std::int64_t k = 0; k < hd; ++k) acc += lw.r[row * hd + k] * hb[k];
        g[std::size_t(row)] = acc;
      }
      for (std::int64_t k = 0; k < hd; ++k) {
        const float i = sigmoid(g[std::size_t(k)]), o = sigmoid(g[std::size_t(hd + k)]);
        const float f = sigmoid(g[std::size_t(2 * hd + k)]), cand = std::tanh(g[std::size_t(3 * hd + k)]);
        cb[k] = f * cb[k] + i * cand;
        hb[k] = o * std::tanh(cb[k]);
      }
      std::copy(hb, hb + hd, y.f.begin() + (t * batch + b) * hd);
    }
  return {y, OnnxValue::floats({1, batch, hd}, h), OnnxValue::floats({1, batch, hd}, c)};
}

LstmWeights lstm_weights(const Op& op, const OnnxValue& x) {
  const OnnxValue &w = op.input(1), &r = op.input(2);
  if (x.shape.size() != 3 || w.shape.size() != 3 || r.shape.size() != 3 || w.shape[0] != 1 ||
      r.shape[1] != 4 * r.shape[2] || w.shape[1] != r.shape[1] || w.shape[2] != x.shape[2])
    op.fail("X " + dims_text(x.shape) + ", W " + dims_text(w.shape) + ", R " + dims_text(r.shape) +
            " are not [seq][batch][in], [1][4H][in], [1][4H][H]");
  const OnnxValue* b = op.optional(3);
  if (b != nullptr && b->f.size() != std::size_t(8 * r.shape[2])) op.fail("B is not [1][8H]");
  return {op.floats(1).data(), op.floats(2).data(), b ? b->f.data() : nullptr, r.shape[2], x.shape[2]};
}

// ---- shapes and indexing ---------------------------------------------------------------------

Values shape_op(const Op& op) {
  const auto rank = std::int64_t(op.input(0).shape.size());
  auto clamp_end = [&](std::int64_t v) { return std::clamp(v < 0 ? v + rank : v, std::int64_t{0}, rank); };
  const std::int64_t start = clamp_end(op.attr_int("start", 0)), end = clamp_end(op.attr_int("end", rank));
  Dims d;
  for (std::int64_t k = start; k < end; ++k) d.push_back(op.input(0).shape[std::size_t(k)]);
  return {OnnxValue::ints({std::int64_t(d.size())}, d)};
}

Values cast(const Op& op) {
  const OnnxValue& x = op.input(0);
  const std::int64_t to = op.attr_int("to", 0);
  if (to == onnx::TensorProto::FLOAT) return {OnnxValue::floats(x.shape, as_floats(x))};
  const Type t = elem_type(int(to));
  if (t == Type::kFloat) op.fail("cast to type " + std::to_string(to) + " is not supported");
  std::vector<std::int64_t> v(x.numel());
  for (std::size_t k = 0; k < v.size(); ++k) {
    const std::int64_t raw = x.type == Type::kFloat ? std::int64_t(x.f[k]) : x.i[k];  // truncates
    v[k] = t == Type::kBool ? (x.type == Type::kFloat ? x.f[k] != 0.f : raw != 0)
           : t == Type::kInt32 ? std::int64_t(std::int32_t(raw)) : raw;
  }
  return {OnnxValue::ints(x.shape, std::move(v), t)};
}

/// Slice: attributes before opset 10, inputs (with steps) from 10 on; clamping as the spec says.
Values slice(const Op& op) {
  const OnnxValue& x = op.input(0);
  const bool attrs = op.s.opset < 10;
  const Dims starts = attrs ? op.attr_ints("starts") : op.ints(1), ends = attrs ? op.attr_ints("ends") : op.ints(2);
  Dims axes = attrs ? op.attr_ints("axes") : (op.optional(3) ? op.ints(3) : Dims{});
  Dims steps = !attrs && op.optional(4) ? op.ints(4) : Dims(starts.size(), 1);
  if (axes.empty())
    for (std::size_t k = 0; k < starts.size(); ++k) axes.push_back(std::int64_t(k));
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    op.fail("starts, ends, axes and steps differ in length");
  Dims out = x.shape, first(x.shape.size(), 0), step(x.shape.size(), 1);
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const auto a = std::size_t(op.axis(axes[k], x.shape.size()));
    const std::int64_t dim = x.shape[a], st = steps[k];
    if (st == 0) op.fail("a step is 0");
    if (dim == 0) {  // nothing to select (and no index to clamp to)
      out[a] = 0;
      continue;
    }
    auto norm = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v = v <= std::numeric_limits<std::int64_t>::min() + dim ? lo : v + dim;
      return std::clamp(v, lo, hi);
    };
    const std::int64_t s0 = st > 0 ? norm(starts[k], 0, dim) : norm(starts[k], 0, dim - 1);
    const std::int64_t e0 = st > 0 ? norm(ends[k], 0, dim) : norm(ends[k], -1, dim - 1);
    // Elements from s0 towards e0 every |st|: |st| may be 2^63, so it is unsigned here.
    const std::uint64_t mag = st > 0 ? std::uint64_t(st) : std::uint64_t(-(st + 1)) + 1;
    const std::int64_t span = st > 0 ? e0 - s0 : s0 - e0;
    out[a] = span <= 0 ? 0 : std::int64_t(std::uint64_t(span - 1) / mag + 1);
    first[a] = s0, step[a] = st;
  }
  return {take(x, out, gather_indices(x.shape, out, [&](std::size_t k, std::int64_t o) {
                 return first[k] + o * step[k];
               }))};
}

Values concat(const Op& op) {
  const OnnxValue& x0 = op.input(0);
  const auto axis = std::size_t(op.axis(op.attr_int("axis", 0), x0.shape.size()));
  Dims out = x0.shape;
  out[axis] = 0;
  for (std::size_t k = 0; k < op.in.size(); ++k) {
    const OnnxValue& x = op.input(int(k));
    Dims a = x.shape, b = x0.shape;
    if (a.size() != b.size() || (x.type == Type::kFloat) != (x0.type == Type::kFloat)) op.fail("inputs differ in rank or type");
    a[axis] = b[axis] = 0;
    if (a != b) op.fail("inputs differ outside the axis");
    out[axis] += x.shape[axis];
  }
  std::int64_t outer = 1;
  for (std::size_t k = 0; k < axis; ++k) outer *= out[k];
  OnnxValue y;
  y.type = x0.type, y.shape = out;
  for (std::int64_t o = 0; o < outer; ++o)
    for (const OnnxValue* x : op.in) {
      const std::int64_t block = count(x->shape) / std::max<std::int64_t>(1, outer);
      if (x->type == Type::kFloat) y.f.insert(y.f.end(), x->f.begin() + o * block, x->f.begin() + (o + 1) * block);
      else y.i.insert(y.i.end(), x->i.begin() + o * block, x->i.begin() + (o + 1) * block);
    }
  return {y};
}

Values reshape(const Op& op) {
  const OnnxValue& x = op.input(0);
  Dims shape = op.ints(1);
  const bool allow_zero = op.attr_int("allowzero", 0) != 0;
  std::int64_t known = 1, infer = -1;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == 0 && !allow_zero) {
      if (k >= x.shape.size()) op.fail("a 0 in the shape has no input dim to copy");
      shape[k] = x.shape[k];
    }
    if (shape[k] == -1) {
      if (infer >= 0) op.fail("more than one -1 in the shape");
      infer = std::int64_t(k);
    } else if (shape[k] < 0 || (shape[k] > 0 && known > (std::int64_t{1} << 40) / shape[k])) {
      op.fail("cannot reshape " + dims_text(x.shape) + " to " + dims_text(op.ints(1)));
    } else {
      known *= shape[k];
    }
  }
  if (infer >= 0 && known != 0) shape[std::size_t(infer)] = count(x.shape) / known;
  if (count(shape) != count(x.shape)) op.fail("cannot reshape " + dims_text(x.shape) + " to " + dims_text(op.ints(1)));
  return {reshaped(x, shape)};
}

Values gather(const Op& op) {
  const OnnxValue& x = op.input(0);
  const auto axis = std::size_t(op.axis(op.attr_int("axis", 0), x.shape.size()));
  const OnnxValue& idx = op.input(1);
  const Dims ind = op.ints(1);
  Dims out(x.shape.begin(), x.shape.begin() + std::ptrdiff_t(axis));
  out.insert(out.end(), idx.shape.begin(), idx.shape.end());
  out.insert(out.end(), x.shape.begin() + std::ptrdiff_t(axis) + 1, x.shape.end());
  std::int64_t outer = 1, inner = 1;
  for (std::size_t k = 0; k < axis; ++k) outer *= x.shape[k];
  for (std::size_t k = axis + 1; k < x.shape.size(); ++k) inner *= x.shape[k];
  const std::int64_t dim = x.shape[axis];
  std::vector<std::int64_t> from;
  for (std::int64_t o = 0; o < outer; ++o)
    for (std::int64_t i : ind) {
      if (i < -dim || i >= dim) op.fail("index " + std::to_string(i) + " out of range");
      const std::int64_t row = i < 0 ? i + dim : i;
      for (std::int64_t k = 0; k < inner; ++k) from.push_back((o * dim + row) * inner + k);
    }
  return {take(x, out, from)};
}

/// Axes come from an attribute before opset 13 and from input 1 after.
Dims axes_of(const Op& op, int input, int since) {
  if (op.s.opset < since) return op.attr_ints("axes");
  return op.optional(input) ? op.ints(input) : Dims{};
}

Values unsqueeze(const Op& op) {
  const OnnxValue& x = op.input(0);
  const Dims axes = axes_of(op, 1, 13);
  const std::size_t rank = x.shape.size() + axes.size();
  std::vector<bool> added(rank, false);
  for (std::int64_t a : axes) {
    const auto k = std::size_t(op.axis(a, rank));
    if (added[k]) op.fail("axis " + std::to_string(a) + " is given twice");
    added[k] = true;
  }
  Dims shape;
  for (std::size_t k = 0, src = 0; k < rank; ++k) shape.push_back(added[k] ? 1 : x.shape[src++]);
  return {reshaped(x, shape)};
}

Values squeeze(const Op& op) {
  const OnnxValue& x = op.input(0);
  Dims axes = axes_of(op, 1, 13);
  std::vector<bool> drop(x.shape.size(), axes.empty());
  for (std::int64_t a : axes) {
    const auto k = std::size_t(op.axis(a, x.shape.size()));
    if (x.shape[k] != 1) op.fail("cannot squeeze axis " + std::to_string(a) + " of " + dims_text(x.shape));
    drop[k] = true;
  }
  Dims shape;
  for (std::size_t k = 0; k < x.shape.size(); ++k)
    if (!(drop[k] && x.shape[k] == 1)) shape.push_back(x.shape[k]);
  return {reshaped(x, shape)};
}

Values transpose(const Op& op) {
  const OnnxValue& x = op.input(0);
  Dims perm = op.attr_ints("perm");
  if (perm.empty())
    for (std::size_t k = x.shape.size(); k-- > 0;) perm.push_back(std::int64_t(k));
  if (perm.size() != x.shape.size()) op.fail("perm does not match the rank");
  Dims out(perm.size()), in_st = strides_of(x.shape);
  for (std::size_t k = 0; k < perm.size(); ++k) out[k] = x.shape[std::size_t(op.axis(perm[k], perm.size()))];
  // Output dim k walks input dim perm[k]: the source index is a sum over k of o_k * stride[perm[k]].
  std::vector<std::int64_t> from(std::size_t(count(out)));
  Dims idx(out.size(), 0);
  for (std::size_t o = 0; o < from.size(); ++o) {
    std::int64_t src = 0;
    for (std::size_t k = 0; k < out.size(); ++k) src += idx[k] * in_st[std::size_t(op.axis(perm[k], perm.size()))];
    from[o] = src;
    for (std::size_t k = out.size(); k-- > 0;) {
      if (++idx[k] < out[k]) break;
      idx[k] = 0;
    }
  }
  return {take(x, out, from)};
}

/// Input index along one axis for a padded output index: -1 (the constant) outside the input
/// in constant mode, mirrored without repeating the edge in reflect mode, clamped in edge mode.
std::int64_t pad_source(std::int64_t i, std::int64_t n, const std::string& mode) {
  if (i >= 0 && i < n) return i;
  if (mode == "constant") return -1;
  if (mode == "edge" || n == 1) return std::clamp<std::int64_t>(i, 0, n - 1);
  // reflect: the sequence 0 1 .. n-1 n-2 .. 1 repeats with period 2(n - 1), so a pad of 2^30
  // costs one step per element, not 2^30 / n.
  const std::int64_t period = 2 * (n - 1), r = ((i % period) + period) % period;
  return r < n ? r : period - r;
}

Values pad(const Op& op) {
  const OnnxValue& x = op.input(0);
  const std::string mode = op.attr_string("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") op.fail("mode " + mode + " is not supported");
  const bool attrs = op.s.opset < 11;
  const Dims pads = attrs ? op.attr_ints("pads") : op.ints(1);
  double fill = attrs ? op.attr_float("value", 0.f) : 0.0;
  if (!attrs && op.optional(2) != nullptr) fill = first_value(op, op.input(2), "constant_value");
  if (!attrs && op.optional(3) != nullptr) op.fail("the axes input is not supported");
  const std::size_t rank = x.shape.size();
  if (pads.size() != 2 * rank) op.fail("pads has " + std::to_string(pads.size()) + " values for rank " + std::to_string(rank));
  if (x.numel() == 0 && mode != "constant") op.fail("an empty input has no edge to " + mode);
  const std::int64_t limit = std::int64_t{1} << 40;  // so the sums below cannot overflow
  for (std::int64_t p : pads)
    if (p < -limit || p > limit) op.fail("pad " + std::to_string(p) + " is outside -2^40..2^40");
  Dims out(rank);
  for (std::size_t k = 0; k < rank; ++k) out[k] = x.shape[k] + pads[k] + pads[k + rank];
  return {take(x, out, gather_indices(x.shape, out, [&](std::size_t k, std::int64_t o) {
                 return pad_source(o - pads[k], x.shape[k], mode);
               }), fill)};
}

/// ReduceMean: axes an attribute up to opset 17, an input from 18 on; none means all.
Values reduce_mean(const Op& op) {
  const OnnxValue& x = op.input(0);
  const Dims axes = axes_of(op, 1, 18);
  if (axes.empty() && op.attr_int("noop_with_empty_axes", 0) != 0) return {x};
  std::vector<bool> reduce(x.shape.size(), axes.empty());
  for (std::int64_t a : axes) reduce[std::size_t(op.axis(a, x.shape.size()))] = true;
  Dims kept = x.shape, out;
  for (std::size_t k = 0; k < kept.size(); ++k)
    if (reduce[k]) kept[k] = 1;
  const bool keepdims = op.attr_int("keepdims", 1) != 0;
  for (std::size_t k = 0; k < kept.size(); ++k)
    if (keepdims || !reduce[k]) out.push_back(kept[k]);
  std::vector<double> sum(std::size_t(count(kept)), 0.0);
  const std::vector<float>& xf = op.floats(0);
  broadcast(x.shape, kept, x.shape, [&](std::int64_t ix, std::int64_t ik, std::int64_t) {
    sum[std::size_t(ik)] += xf[std::size_t(ix)];
  });
  const double n = double(count(x.shape)) / double(std::max<std::int64_t>(1, count(kept)));
  std::vector<float> y(sum.size());
  for (std::size_t k = 0; k < y.size(); ++k) y[k] = float(sum[k] / n);
  return {OnnxValue::floats(out, std::move(y))};
}

Values constant_of_shape(const Op& op) {
  const Dims shape = op.ints(0);
  const onnx::AttributeProto* a = find_attr(op.n, "value");
  OnnxValue fill = a != nullptr ? decode(a->t(), op.s.path) : OnnxValue::floats({1}, {0.f});
  if (fill.numel() != 1) op.fail("value must hold one element");
  const std::vector<std::int64_t> from(std::size_t(count(shape)), 0);
  return {take(fill, shape, from)};
}

Values flatten(const Op& op) {
  const OnnxValue& x = op.input(0);
  const auto axis = op.axis(op.attr_int("axis", 1), x.shape.size() + 1);
  std::int64_t outer = 1;
  for (std::int64_t k = 0; k < axis; ++k) outer *= x.shape[std::size_t(k)];
  return {reshaped(x, {outer, count(x.shape) / std::max<std::int64_t>(1, outer)})};
}

Values if_op(const Op& op) {
  const OnnxValue& cond = op.input(0);
  if (cond.numel() != 1) op.fail("the condition must have one element");
  const bool take_then = cond.type == Type::kFloat ? cond.f[0] != 0.f : cond.i[0] != 0;
  const onnx::AttributeProto* branch = find_attr(op.n, take_then ? "then_branch" : "else_branch");
  if (branch == nullptr || !branch->has_g()) op.fail("the branch graph is missing");
  Values out = run_graph(branch->g(), &op.frame, op.s);
  if (out.size() < std::size_t(op.n.output_size())) op.fail("the branch has fewer outputs than the node");
  return out;
}

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
  return it == op.s.substitutes.end() || it->second.layer == nullptr ? nullptr : &it->second;
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

Values layer_op(const Op& op) {
  const OnnxValue& x0 = op.input(0);
  if (x0.type != Type::kFloat) op.fail("input X must be float");  // the ops read X.f only
  const OnnxSubstitute* sub = substitute(op);
  Values out;
  if (sub != nullptr) {
    out = substituted_layer(op, x0, *sub);
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

}  // namespace

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
                          const LayerWeights& weights) const {
  OnnxRun out;
  RunState s{impl_->path, impl_->opset, substitutes, impl_->constants, out, weights};
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

// ---- seeded inputs and the runner ------------------------------------------------------------

namespace {

/// Symbolic dim names bound by the inputs given static dims (e.g. batch = 1).
std::map<std::string, std::int64_t> bound_dims(const OnnxExecutor& e, const OnnxReadOptions& o) {
  std::map<std::string, std::int64_t> bound;
  for (const auto& in : e.inputs()) {
    auto it = o.input_dims.find(in.name);
    if (it == o.input_dims.end() || it->second.size() != in.dims.size()) continue;
    for (std::size_t k = 0; k < in.dims.size(); ++k)
      if (!in.dim_names[k].empty()) bound[in.dim_names[k]] = it->second[k];
  }
  return bound;
}

Dims input_dims(const OnnxExecutor::Input& in, const OnnxReadOptions& o,
                const std::map<std::string, std::int64_t>& bound, const std::string& path) {
  if (auto it = o.input_dims.find(in.name); it != o.input_dims.end()) return it->second;
  Dims d = in.dims;
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (d[k] >= 0) continue;
    auto b = bound.find(in.dim_names[k]);
    if (b == bound.end())
      fail(path, "input '" + in.name + "' has a symbolic size ('" + in.dim_names[k] +
                     "'): give it with --input " + in.name + "=D0,D1,...");
    d[k] = b->second;
  }
  return d;
}

std::size_t input_count(const OnnxExecutor::Input& in, const Dims& dims, const std::string& path) {
  try {
    return std::size_t(count(dims));
  } catch (const ShapeError& e) {
    fail(path, "input '" + in.name + "': " + e.what());
  }
}

OnnxValue input_value(const OnnxExecutor::Input& in, Dims dims, const OnnxReadOptions& o,
                      std::uint64_t seed, const std::string& path) {
  const std::size_t n = input_count(in, dims, path);
  auto it = o.input_values.find(in.name);
  if (it == o.input_values.end()) {
    if (in.type != Type::kFloat)
      fail(path, "input '" + in.name + "' is not float: give its value with --input-value " + in.name + "=V");
    Rng rng(mix_seed(seed, "input:" + in.name));
    std::vector<float> v(n);
    for (float& x : v) x = float(rng.uniform());
    return OnnxValue::floats(std::move(dims), std::move(v));
  }
  const std::vector<double>& given = it->second;
  if (given.size() != 1 && given.size() != n)
    fail(path, "input '" + in.name + "' has " + std::to_string(n) + " elements, " +
                   std::to_string(given.size()) + " values given");
  OnnxValue v;
  v.type = in.type, v.shape = std::move(dims);
  for (std::size_t k = 0; k < n; ++k) {
    const double x = given[given.size() == 1 ? 0 : k];
    if (in.type == Type::kFloat) v.f.push_back(float(x));
    else v.i.push_back(std::int64_t(x));
  }
  return v;
}

std::vector<float> flat_floats(const OnnxValue& v) { return as_floats(v); }

class OnnxRunner final : public ModelRunner {
 public:
  OnnxRunner(std::string path, OnnxReadOptions options, std::vector<std::string> names)
      : path_(std::move(path)), options_(std::move(options)), names_(std::move(names)),
        exec_(std::make_unique<OnnxExecutor>(path_)) {}

  Result run(std::uint64_t seed, const std::vector<LayerSubstitute>& subs) const override {
    std::map<std::string, OnnxSubstitute> by_name;
    for (std::size_t k = 0; k < subs.size() && k < names_.size(); ++k)
      if (subs[k].layer != nullptr) by_name[names_[k]] = {subs[k].layer, subs[k].act_bits};
    const OnnxRun r = exec_->run(onnx_inputs(*exec_, options_, seed, path_), by_name);
    Result out;
    if (!r.outputs.empty()) out.output = flat_floats(r.outputs[0]);
    for (const std::string& name : names_) {
      auto it = r.layer_inputs.find(name);
      out.layer_inputs.push_back(it == r.layer_inputs.end() ? std::vector<float>{} : it->second.packed);
      out.layer_dims.push_back(it == r.layer_inputs.end() ? Dims{} : it->second.dims);
    }
    return out;
  }

  std::string unavailable() const override {
    try {
      onnx_inputs(*exec_, options_, 0, path_);
      return "";
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
  }

 private:
  std::string path_;
  OnnxReadOptions options_;
  std::vector<std::string> names_;
  std::unique_ptr<OnnxExecutor> exec_;
};

}  // namespace

std::map<std::string, OnnxValue> onnx_inputs(const OnnxExecutor& e, const OnnxReadOptions& options,
                                             std::uint64_t seed, const std::string& path) {
  const std::map<std::string, std::int64_t> bound = bound_dims(e, options);
  std::map<std::string, OnnxValue> values;
  for (const OnnxExecutor::Input& in : e.inputs())
    values[in.name] = input_value(in, input_dims(in, options, bound, path), options, seed, path);
  return values;
}

std::shared_ptr<const ModelRunner> make_onnx_runner(const std::string& path,
                                                    const OnnxReadOptions& options,
                                                    const Model& model) {
  std::vector<std::string> names;
  for (const ModelLayer& l : model.layers) names.push_back(l.name);
  return std::make_shared<OnnxRunner>(path, options, std::move(names));
}

}  // namespace axsim::workloads
