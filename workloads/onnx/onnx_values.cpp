// SPDX-License-Identifier: Apache-2.0
// Values of the ONNX executor: tensors from the file, shapes, broadcasting, copies.
#include "workloads/onnx/onnx_exec.hpp"

#include <algorithm>

#include "sim/memory_budget.hpp"

namespace axsim::workloads {

using onnx_exec::Dims;
using onnx_exec::Type;

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

namespace onnx_exec {

template <typename Field>
std::vector<std::int64_t> int_field(const Field& field) {
  return std::vector<std::int64_t>(field.begin(), field.end());
}
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


const OnnxValue* Frame::find(const std::string& name) {
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


/// Row-major strides of a shape.
Dims strides_of(const Dims& d) {
  Dims st(d.size(), 1);
  for (std::size_t k = d.size(); k-- > 1;) st[k - 1] = st[k] * d[k];
  return st;
}

/// A value of `shape` whose element o is src's element from[o], or `fill` where from[o] < 0.
OnnxValue take(const OnnxValue& src, Dims shape, const std::vector<std::int64_t>& from,
               double fill) {
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


OnnxValue reshaped(const OnnxValue& v, Dims shape) {
  OnnxValue r = v;
  r.shape = std::move(shape);
  return r;
}


std::vector<float> as_floats(const OnnxValue& v) {
  if (v.type == Type::kFloat) return v.f;
  return std::vector<float>(v.i.begin(), v.i.end());
}


}  // namespace onnx_exec
}  // namespace axsim::workloads
