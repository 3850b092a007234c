// SPDX-License-Identifier: Apache-2.0
// Shape, indexing and control-flow operators of the ONNX executor.
#include "workloads/onnx/onnx_exec.hpp"

#include <algorithm>
#include <limits>

namespace axsim::workloads::onnx_exec {

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

}  // namespace axsim::workloads::onnx_exec
