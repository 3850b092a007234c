// SPDX-License-Identifier: Apache-2.0
#include "workloads/reference/executor.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/error.hpp"
#include "workloads/layer.hpp"
#include "workloads/onnx/graph_runner.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

namespace {

int conv_out(int in, int k, int stride, int pad) { return (in + 2 * pad - k) / stride + 1; }
int conv_out_h(const ModelLayer& l) { return conv_out(l.in_h, l.kernel_h, l.stride_h, l.pad_h); }
int conv_out_w(const ModelLayer& l) { return conv_out(l.in_w, l.kernel_w, l.stride_w, l.pad_w); }

int pooled(const ModelLayer& l, int in) {
  return l.pool_after > 0 ? pooled_size(in, l.pool_after, l.pool_stride) : in;
}

[[noreturn]] void invalid(const Model& m, const ModelLayer& l, const std::string& what) {
  throw std::invalid_argument("reference executor: " + m.name + " layer " + l.name + ": " + what);
}

void check_geometry(const Model& m, const ModelLayer& l) {
  if (l.in_channels <= 0 || l.out_channels <= 0) invalid(m, l, "no inputs or outputs");
  if (l.weights.data.size() != std::size_t(l.rows() * l.cols()))
    invalid(m, l, "weights are not " + std::to_string(l.rows()) + " x " + std::to_string(l.cols()));
  if (!l.bias.data.empty() && l.bias.data.size() != std::size_t(l.out_channels))
    invalid(m, l, "bias size is not the output count");
  if (l.pool_after < 0 || (l.pool_after > 0 && l.pool_stride < 1))
    invalid(m, l, "pooling needs a window and a stride >= 1");
  if (l.kind == OpKind::kFullyConnected) {
    if (l.pool_after > 0) invalid(m, l, "an fc layer cannot be followed by pooling");
    return;
  }
  if (l.groups < 1 || l.in_channels % l.groups || l.out_channels % l.groups)
    invalid(m, l, "groups must divide the input and output channels");
  if (l.stride_h < 1 || l.stride_w < 1 || l.pad_h < 0 || l.pad_w < 0 || l.kernel_h < 1 || l.kernel_w < 1 || conv_out_h(l) < 1 ||
      conv_out_w(l) < 1)
    invalid(m, l, "kernel, stride and padding give no output");
  if (l.pool_after > std::min(conv_out_h(l), conv_out_w(l)))
    invalid(m, l, "pooling window larger than the conv output");
}

// [lo, hi): the outputs o < count whose input o * stride + offset lies in [0, in).
std::pair<int, int> valid_range(int offset, int stride, int in, int count) {
  const int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  const int last = in - 1 - offset;  // o * stride <= last
  const int hi = last < 0 ? 0 : std::min(count, last / stride + 1);
  return {lo, std::max(lo, hi)};
}

// out += w x (input plane shifted by kernel tap (r, s)), over the outputs whose tap falls
// inside the input (padding reads zeros, so the others are skipped). Contiguous in ox, so
// stride-1 layers vectorise.
void accumulate_tap(const ModelLayer& l, float w, const float* in, float* out, int r, int s,
                    int oh, int ow) {
  const auto [y0, y1] = valid_range(r - l.pad_h, l.stride_h, l.in_h, oh);
  const auto [x0, x1] = valid_range(s - l.pad_w, l.stride_w, l.in_w, ow);
  for (int oy = y0; oy < y1; ++oy) {
    const float* row = in + std::ptrdiff_t(oy * l.stride_h + r - l.pad_h) * l.in_w;
    float* o = out + std::ptrdiff_t(oy) * ow;
    for (int ox = x0; ox < x1; ++ox) o[ox] += w * row[ox * l.stride_w + s - l.pad_w];
  }
}

// Direct convolution without im2col: for each output plane m, every weight (c, r, s) adds one
// shifted input plane, so both planes stay in cache and the inner loop is contiguous.
std::vector<float> conv(const ModelLayer& l, const std::vector<float>& x) {
  const int oh = conv_out_h(l), ow = conv_out_w(l);
  const int cg = l.in_channels / l.groups, mg = l.out_channels / l.groups;
  const std::size_t plane = std::size_t(oh) * std::size_t(ow);
  const std::size_t in_plane = std::size_t(l.in_h) * std::size_t(l.in_w);
  std::vector<float> y(std::size_t(l.out_channels) * plane);
  const float* w = l.weights.data.data();
  for (int m = 0; m < l.out_channels; ++m) {
    float* out = y.data() + std::size_t(m) * plane;
    std::fill(out, out + plane, l.bias.data.empty() ? 0.f : l.bias.data[std::size_t(m)]);
    const int c_first = (m / mg) * cg;
    for (int c = 0; c < cg; ++c) {
      const float* in = x.data() + std::size_t(c_first + c) * in_plane;
      for (int r = 0; r < l.kernel_h; ++r)
        for (int s = 0; s < l.kernel_w; ++s, ++w)
          if (*w != 0.f) accumulate_tap(l, *w, in, out, r, s, oh, ow);  // pruned: adds nothing
    }
  }
  return y;
}

std::vector<float> fully_connected(const ModelLayer& l, const std::vector<float>& x) {
  const std::size_t in = std::size_t(l.in_channels);
  std::vector<float> y(std::size_t(l.out_channels));
  for (std::size_t o = 0; o < y.size(); ++o) {
    const float* w = l.weights.data.data() + o * in;
    float acc = l.bias.data.empty() ? 0.f : l.bias.data[o];
    for (std::size_t i = 0; i < in; ++i) acc += w[i] * x[i];
    y[o] = acc;
  }
  return y;
}

// k x k max pooling of every h x w plane; edge windows are clipped to the input (Caffe).
std::vector<float> max_pool(const std::vector<float>& x, int planes, int h, int w, int k, int s) {
  const int ph = pooled_size(h, k, s), pw = pooled_size(w, k, s);
  std::vector<float> y(std::size_t(planes) * ph * pw);
  float* out = y.data();
  for (int p = 0; p < planes; ++p) {
    const float* in = x.data() + std::size_t(p) * h * w;
    for (int py = 0; py < ph; ++py)
      for (int px = 0; px < pw; ++px) {
        float best = in[std::size_t(py * s) * w + std::size_t(px * s)];
        for (int iy = py * s; iy < std::min(py * s + k, h); ++iy)
          for (int ix = px * s; ix < std::min(px * s + k, w); ++ix)
            best = std::max(best, in[std::size_t(iy) * w + ix]);
        *out++ = best;
      }
  }
  return y;
}

}  // namespace

int pooled_size(int in, int k, int stride) {
  int out = (in - k + stride - 1) / stride + 1;
  if ((out - 1) * stride >= in) --out;  // a window must start inside the input
  return out;
}

std::int64_t layer_input_size(const ModelLayer& l) {
  if (l.kind == OpKind::kConv) return std::int64_t(l.in_channels) * l.in_h * l.in_w;
  return l.in_channels;
}

std::int64_t layer_output_size(const ModelLayer& l) {
  if (l.kind != OpKind::kConv) return l.out_channels;
  return std::int64_t(l.out_channels) * pooled(l, conv_out_h(l)) * pooled(l, conv_out_w(l));
}

std::uint64_t model_macs(const Model& m) {
  std::uint64_t macs = 0;
  for (const ModelLayer& l : m.layers) {
    std::uint64_t per_row = std::uint64_t(l.cols());
    if (l.kind == OpKind::kConv)
      per_row *= std::uint64_t(std::max(0, conv_out_h(l) * conv_out_w(l)));
    if (l.kind == OpKind::kLstm) per_row *= std::uint64_t(l.seq_len);
    macs += std::uint64_t(l.rows()) * per_row;
  }
  return macs;
}

void check_sequential(const Model& m) {
  const std::string where = "reference executor: " + m.name;
  if (!m.sequential) throw std::invalid_argument(where + " is not sequential");
  if (m.layers.empty()) throw std::invalid_argument(where + " has no layers");
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const ModelLayer& l = m.layers[i];
    if (l.kind == OpKind::kLstm) invalid(m, l, "LSTM layers are not supported");
    check_geometry(m, l);
    if (i > 0 && layer_input_size(l) != layer_output_size(m.layers[i - 1]))
      invalid(m, l, "takes " + std::to_string(layer_input_size(l)) + " inputs but " +
                        m.layers[i - 1].name + " gives " +
                        std::to_string(layer_output_size(m.layers[i - 1])));
  }
}

std::vector<float> run_layer(const ModelLayer& l, const std::vector<float>& x) {
  std::vector<float> y = l.kind == OpKind::kConv ? conv(l, x) : fully_connected(l, x);
  if (l.relu_after)
    for (float& v : y) v = std::max(v, 0.f);
  if (l.kind == OpKind::kConv && l.pool_after > 0)
    y = max_pool(y, l.out_channels, conv_out_h(l), conv_out_w(l), l.pool_after, l.pool_stride);
  return y;
}

std::vector<std::vector<float>> run_reference(const Model& m, const std::vector<float>& input) {
  check_sequential(m);
  if (std::int64_t(input.size()) != layer_input_size(m.layers[0]))
    throw std::invalid_argument("reference executor: " + m.name + " takes " +
                                std::to_string(layer_input_size(m.layers[0])) + " inputs, got " +
                                std::to_string(input.size()));
  std::vector<std::vector<float>> acts{input};
  acts.reserve(m.layers.size() + 1);
  for (const ModelLayer& l : m.layers) acts.push_back(run_layer(l, acts.back()));
  return acts;
}

std::vector<float> seeded_input(const Model& m, std::uint64_t seed) {
  if (m.layers.empty()) throw std::invalid_argument("seeded_input: " + m.name + " has no layers");
  Rng rng(mix_seed(seed, "input:" + m.name));
  std::vector<float> x(std::size_t(layer_input_size(m.layers[0])));
  for (float& v : x) v = static_cast<float>(rng.uniform());
  return x;
}

namespace {

/// A model that cannot run, and why.
class UnavailableRunner final : public ModelRunner {
 public:
  explicit UnavailableRunner(std::string why) : why_(std::move(why)) {}
  Result run(std::uint64_t, const std::vector<LayerSubstitute>&) const override {
    throw std::invalid_argument(why_);
  }
  std::string unavailable() const override { return why_; }

 private:
  std::string why_;
};

}  // namespace

std::shared_ptr<const ModelRunner> runner_for(const Model& m) {
  if (m.runner) return m.runner;
  if (m.graph) return make_graph_runner(m, m.graph);
  if (!m.sequential) return nullptr;
  try {
    if (!m.load_weights) check_sequential(m);  // layers with their weights must chain
    return make_graph_runner(m, std::make_shared<ModelGraph>(sequential_graph(m.name, m.layers)));
  } catch (const std::invalid_argument& e) {
    return std::make_shared<UnavailableRunner>(e.what());
  }
}

void observe_geometry(Model& m, std::uint64_t seed) {
  // Only a file's model may leave sizes unknown: a built-in graph's are its layers'.
  const std::shared_ptr<const ModelRunner> runner = m.runner;
  if (!runner || !runner->unavailable().empty()) return;
  ModelRunner::Result r;
  try {
    r = runner->run(seed, {});
  } catch (const sim::ConfigError&) {
    return;  // an op the executor lacks: sizes stay as read; end-to-end fidelity reports why
  }
  for (std::size_t i = 0; i < m.layers.size() && i < r.layer_dims.size(); ++i) {
    ModelLayer& l = m.layers[i];
    const std::vector<std::int64_t>& d = r.layer_dims[i];
    // A run's sizes are bounded only by the memory budget: the layer takes them only within
    // the shape limits (docs/limits.md), as if the file had declared them.
    const auto size = [&](std::int64_t v, std::int64_t hi, const char* what) {
      if (v < 1 || v > hi)
        throw sim::ConfigError(m.source + ": layer '" + l.name + "': its input " + what +
                               " in a run is " + std::to_string(v) + ", expected 1.." +
                               std::to_string(hi));
      return int(v);
    };
    if (l.kind == OpKind::kConv && d.size() == 3) {
      l.in_h = size(d[1], ShapeLimits::kMaxSpatial, "height");
      l.in_w = size(d[2], ShapeLimits::kMaxSpatial, "width");
    }
    if (l.kind == OpKind::kLstm && d.size() == 2)
      l.seq_len = size(d[0], ShapeLimits::kMaxSeqLen, "sequence length");
  }
}

}  // namespace axsim::workloads
