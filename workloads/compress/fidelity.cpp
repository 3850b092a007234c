// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/fidelity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/parallel.hpp"
#include "workloads/reference/executor.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

namespace {

constexpr std::uint64_t kMaxSampledOutputs = 4096;
constexpr int kTop1Inputs = 16;
constexpr std::uint64_t kMaxTop1Weights = 20'000'000;  // keeps the 16 full evaluations cheap
constexpr double kRunBudgetMacs = 2e9;  // whole-model runs per fidelity check: about 2 GMAC

// Running sums comparing reference outputs y with compressed outputs y'.
struct Comparison {
  double signal = 0, noise = 0, dot = 0, n1 = 0;
  void add(double y, double yq) {
    signal += y * y, noise += (y - yq) * (y - yq), dot += y * yq, n1 += yq * yq;
  }
  // 1e9 dB stands for identical outputs.
  double sqnr_db() const { return noise > 0 ? 10 * std::log10(signal / noise) : 1e9; }
  double cosine() const { return (signal > 0 && n1 > 0) ? dot / std::sqrt(signal * n1) : 0; }
};

std::int64_t pixels(const ModelLayer& l) {
  if (l.kind != OpKind::kConv) return 1;
  const LayerShape s = shape_of(l);
  return std::int64_t(s.out_h()) * s.out_w();
}

// Input element k of the receptive field of output (row, pixel): im2col for conv, the input
// vector for fc, [x_t0; h] for an LSTM step.
float patch(const ModelLayer& l, const std::vector<float>& x, std::int64_t row, std::int64_t p,
            std::int64_t k) {
  if (l.kind == OpKind::kFullyConnected) return x[std::size_t(k)];
  if (l.kind == OpKind::kLstm)
    return k < l.in_channels ? x[std::size_t(k)]
                             : x[std::size_t(std::int64_t(l.in_channels) * l.seq_len + k - l.in_channels)];
  const std::int64_t ow = (l.in_w + 2 * l.pad_w - l.kernel_w) / l.stride_w + 1;
  const std::int64_t rs = std::int64_t(l.kernel_h) * l.kernel_w;
  const std::int64_t cg = l.in_channels / l.groups, mg = l.out_channels / l.groups;
  const std::int64_t c = (row / mg) * cg + k / rs;
  const std::int64_t y = (p / ow) * l.stride_h - l.pad_h + (k % rs) / l.kernel_w;
  const std::int64_t xx = (p % ow) * l.stride_w - l.pad_w + k % l.kernel_w;
  if (y < 0 || y >= l.in_h || xx < 0 || xx >= l.in_w) return 0.f;
  return x[std::size_t((c * l.in_h + y) * l.in_w + xx)];
}

double output(const ModelLayer& l, const std::vector<float>& m, const std::vector<float>& x,
              std::int64_t row, std::int64_t p) {
  const std::int64_t cols = l.cols();
  double acc = 0;
  for (std::int64_t k = 0; k < cols; ++k)
    acc += double(m[std::size_t(row * cols + k)]) * patch(l, x, row, p, k);
  return acc;
}

// Layers other than conv: every row reads the same patch (x, or [x_t0; h]).
bool shared_patch(const ModelLayer& l) { return l.kind != OpKind::kConv; }

// The patches of up to `lanes` inputs of a shared_patch() layer, interleaved: element k of
// input t at k * lanes + t (missing inputs are zeros).
struct Patches {
  std::vector<double> x;
  bool finite = true;
};

Patches interleaved_patches(const ModelLayer& l, const std::vector<std::vector<float>>& xs,
                            std::size_t lanes) {
  const std::int64_t cols = l.cols();
  Patches p{std::vector<double>(std::size_t(cols) * lanes, 0.0)};
  for (std::size_t t = 0; t < xs.size(); ++t)
    for (std::int64_t k = 0; k < cols; ++k) {
      const double v = patch(l, xs[t], 0, 0, k);
      p.finite = p.finite && std::isfinite(v);
      p.x[std::size_t(k) * lanes + t] = v;
    }
  return p;
}

// The outputs of the row whose weights are `w` for every interleaved input. Each sums its
// products in k order, as output() does, so each is bit-identical to it. A zero weight's
// products are zeros, which leave a sum unchanged (a sum of finite products is never -0.0), so
// with finite inputs they are skipped: compressed matrices are mostly zeros.
template <std::size_t Lanes>
std::array<double, Lanes> row_outputs(const float* w, std::int64_t cols, const Patches& p) {
  std::array<double, Lanes> acc{};
  for (std::int64_t k = 0; k < cols; ++k) {
    if (w[k] == 0.f && p.finite) continue;
    const double wk = w[k];
    const double* x = &p.x[std::size_t(k) * Lanes];
    for (std::size_t t = 0; t < Lanes; ++t) acc[t] += wk * x[t];
  }
  return acc;
}

std::vector<float> dequantize(const QuantizedActivations& a) {
  std::vector<float> x(a.q.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(a.q[i]) * a.scale;
  return x;
}

// The index of the largest output of each input (the first on ties), for a shared_patch()
// layer: one pass over the matrix serves up to kTop1Inputs inputs.
std::vector<std::size_t> argmax_outputs(const ModelLayer& l, const std::vector<float>& m,
                                        const std::vector<std::vector<float>>& xs) {
  constexpr std::size_t kLanes = kTop1Inputs;
  if (xs.size() > kLanes) throw std::logic_error("argmax_outputs: more inputs than lanes");
  const Patches p = interleaved_patches(l, xs, kLanes);
  const auto cols = std::size_t(l.cols()), rows = std::size_t(l.rows());
  // Each range of rows finds its own first maximum; merged in row order, the first of the
  // largest wins, as in one pass.
  struct Best {
    std::vector<std::size_t> row;
    std::vector<double> value;
  };
  const std::size_t min_rows = (std::size_t{1} << 18) / (cols + 1) + 1;
  std::vector<Best> parts(
      range_count(rows, min_rows),
      Best{std::vector<std::size_t>(xs.size(), 0), std::vector<double>(xs.size(), -1e300)});
  parallel_parts(rows, min_rows, [&](std::size_t part, std::size_t begin, std::size_t end) {
    Best& b = parts[part];
    for (std::size_t r = begin; r < end; ++r) {
      const auto y = row_outputs<kLanes>(&m[r * cols], std::int64_t(cols), p);
      for (std::size_t t = 0; t < xs.size(); ++t)
        if (y[t] > b.value[t]) b.value[t] = y[t], b.row[t] = r;
    }
  });
  std::vector<std::size_t> best(xs.size(), 0);
  std::vector<double> best_v(xs.size(), -1e300);
  for (const Best& b : parts)
    for (std::size_t t = 0; t < xs.size(); ++t)
      if (b.value[t] > best_v[t]) best_v[t] = b.value[t], best[t] = b.row[t];
  return best;
}

// The fraction of inputs whose largest output is the same row for m0 on x0 and m1 on x1.
double agreement(const ModelLayer& l, const std::vector<float>& m0, const std::vector<float>& m1,
                 const std::vector<std::vector<float>>& x0,
                 const std::vector<std::vector<float>>& x1) {
  if (x0.empty()) return -1;
  const std::vector<std::size_t> a = argmax_outputs(l, m0, x0), b = argmax_outputs(l, m1, x1);
  std::size_t agree = 0;
  for (std::size_t t = 0; t < a.size(); ++t) agree += a[t] == b[t];
  return double(agree) / double(a.size());
}

double top1_agreement(const ModelLayer& l, const CompressedLayer& c, const std::vector<float>& m0,
                      const std::vector<float>& m1, std::uint64_t seed) {
  const double density =
      double(std::count_if(c.input_float.begin(), c.input_float.end(), [](float v) { return v != 0; })) /
      double(std::max<std::size_t>(1, c.input_float.size()));
  std::vector<std::vector<float>> x0, x1;
  for (int t = 0; t < kTop1Inputs; ++t) {
    x0.push_back(synthetic_activations(l, density, mix_seed(seed, "top1") + t));
    x1.push_back(dequantize(quantize_activations(x0.back(), c.input.bits)));
  }
  return agreement(l, m0, m1, x0, x1);
}

// Top-1 agreement on the layer's real inputs from whole-model runs on seeded inputs (layer i of
// every run), for layers compressed with reference activations. -1 if no run reached the layer.
double top1_reference(const ModelLayer& l, const CompressedLayer& c, const std::vector<float>& m0,
                      const std::vector<float>& m1,
                      const std::vector<ModelRunner::Result>& runs, std::size_t i) {
  std::vector<std::vector<float>> x0, x1;
  for (const ModelRunner::Result& r : runs) {
    if (r.layer_inputs[i].size() != c.input_float.size()) continue;
    x0.push_back(r.layer_inputs[i]);
    x1.push_back(dequantize(quantize_activations(x0.back(), c.input.bits)));
  }
  return agreement(l, m0, m1, x0, x1);
}

bool wants_top1(const ModelLayer& l) {
  return l.kind != OpKind::kConv && l.weight_count() <= kMaxTop1Weights;
}

// Whole-model runs for the top-1 of layers with reference inputs (none if no layer needs them).
std::vector<ModelRunner::Result> top1_runs(const Model& original, const Compressed& c,
                                           std::uint64_t seed) {
  bool needed = false;
  for (std::size_t i = 0; i < c.layers.size(); ++i)
    needed = needed || (c.layers[i].reference_input && wants_top1(original.layers[i]));
  const std::shared_ptr<const ModelRunner> runner = needed ? runner_for(original) : nullptr;
  std::vector<ModelRunner::Result> runs;
  if (!runner) return runs;
  for (int t = 0; t < fidelity_inputs(original); ++t)
    runs.push_back(runner->run(seed + std::uint64_t(t), {}));
  return runs;
}

std::size_t argmax(const std::vector<float>& y) {
  return std::size_t(std::max_element(y.begin(), y.end()) - y.begin());
}

// The compressed model as a run's substitutes: every layer's quantized weights, its input
// quantized with the bits the compressed layer was given (what an accelerator would read).
std::vector<LayerSubstitute> substitutes(const Compressed& c) {
  std::vector<LayerSubstitute> subs;
  for (const CompressedLayer& l : c.layers) subs.push_back({&l.layer, l.input.bits});
  return subs;
}

// The outputs (row, pixel) of layer l with weights m on input x, as output() gives them.
std::vector<double> sampled_outputs(const ModelLayer& l, const std::vector<float>& m,
                                    const std::vector<float>& x,
                                    const std::vector<std::int64_t>& rows,
                                    const std::vector<std::int64_t>& pixels) {
  std::vector<double> y(rows.size());
  if (!shared_patch(l)) {
    for (std::size_t i = 0; i < rows.size(); ++i) y[i] = output(l, m, x, rows[i], pixels[i]);
    return y;
  }
  const Patches p = interleaved_patches(l, {x}, 1);
  parallel_ranges(rows.size(), (std::size_t{1} << 20) / std::size_t(l.cols() + 1) + 1,
                  [&](std::size_t begin, std::size_t end) {
                    for (std::size_t i = begin; i < end; ++i)
                      y[i] = row_outputs<1>(&m[std::size_t(rows[i] * l.cols())], l.cols(), p)[0];
                  });
  return y;
}

}  // namespace

int fidelity_inputs(const Model& model) {
  const double macs = double(std::max<std::uint64_t>(1, model_macs(model)));
  return static_cast<int>(std::clamp(kRunBudgetMacs / macs, 1.0, double(kTop1Inputs)));
}

ModelFidelity model_fidelity(const Model& original, const Compressed& c, std::uint64_t seed,
                             int inputs) {
  const std::shared_ptr<const ModelRunner> runner = runner_for(original);
  if (!runner)
    throw std::invalid_argument("model_fidelity: " + original.name + " cannot be run end to end");
  if (const std::string why = runner->unavailable(); !why.empty())
    throw sim::ConfigError("end-to-end fidelity of " + original.name + ": " + why);
  if (inputs < 1) throw std::invalid_argument("model_fidelity: inputs must be >= 1");
  if (c.layers.size() != original.layers.size())
    throw std::invalid_argument("model_fidelity: " + original.name +
                                " and its compression differ in layers");
  const std::vector<LayerSubstitute> subs = substitutes(c);
  ModelFidelity f;
  f.inputs = inputs;
  Comparison cmp;
  int agree = 0;
  for (int t = 0; t < inputs; ++t) {
    const std::uint64_t s = seed + std::uint64_t(t);
    const std::vector<float> y = runner->run(s, {}).output, yq = runner->run(s, subs).output;
    if (y.size() != yq.size()) throw std::logic_error("model_fidelity: output sizes differ");
    for (std::size_t i = 0; i < y.size(); ++i) cmp.add(y[i], yq[i]);
    agree += argmax(y) == argmax(yq);
    f.outputs += y.size();
  }
  f.sqnr_db = cmp.sqnr_db();
  f.cosine = cmp.cosine();
  // A single output (Silero's speech probability) is no class vector: no top-1.
  f.top1 = f.outputs > std::uint64_t(inputs) ? double(agree) / inputs : -1;
  return f;
}

std::vector<LayerFidelity> layer_fidelity(const Model& original, const Compressed& c,
                                          std::uint64_t seed) {
  const std::vector<ModelRunner::Result> runs = top1_runs(original, c, seed);
  std::vector<LayerFidelity> out;
  for (std::size_t i = 0; i < original.layers.size(); ++i) {
    const ModelLayer* layer = &original.layers[i];
    ModelLayer loaded;  // a model with weights on demand: this layer's, for this probe only
    if (original.load_weights) loaded = layer->geometry(), original.load_weights(loaded), layer = &loaded;
    const ModelLayer& l = *layer;
    const std::vector<float> lstm = l.kind == OpKind::kLstm ? l.matrix() : std::vector<float>();
    const LayerFidelityProbe probe(l, l.kind == OpKind::kLstm ? lstm : l.weights.data,
                                   c.layers[i].input_float, seed);
    out.push_back(probe.finish(c.layers[i], runs, i));
  }
  return out;
}

// The sampled outputs: all of them when there are at most kMaxSampledOutputs, else that many
// seeded picks. Their original values now, the compressed ones in finish(), in the same order.
LayerFidelityProbe::LayerFidelityProbe(const ModelLayer& l, const std::vector<float>& m0,
                                       const std::vector<float>& x0, std::uint64_t seed)
    : layer_(l.geometry()), seed_(seed) {
  unknown_ = l.kind == OpKind::kConv && (l.in_h <= 0 || l.in_w <= 0 || pixels(l) <= 0);
  if (unknown_) return;  // input size unknown (symbolic in the model): nothing to run
  const std::uint64_t total = std::uint64_t(l.rows()) * std::uint64_t(pixels(l));
  Rng rng(mix_seed(seed, "fidelity:" + l.name));
  const std::uint64_t n = std::min(total, kMaxSampledOutputs);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t o = total <= kMaxSampledOutputs ? i : rng.next() % total;
    rows_.push_back(std::int64_t(o / std::uint64_t(pixels(l))));
    pixels_.push_back(std::int64_t(o % std::uint64_t(pixels(l))));
  }
  original_ = sampled_outputs(l, m0, x0, rows_, pixels_);
  if (wants_top1(l)) matrix_ = m0;
}

LayerFidelity LayerFidelityProbe::finish(const CompressedLayer& c) const {
  return finish(c, {}, 0);
}

LayerFidelity LayerFidelityProbe::finish(const CompressedLayer& c,
                                         const std::vector<ModelRunner::Result>& runs,
                                         std::size_t index) const {
  LayerFidelity f;
  f.layer = layer_.name;
  if (unknown_) return f;
  const std::vector<float>& m1 = c.quantized.values;  // = c.layer.matrix()
  const std::vector<float> x1 = dequantize(c.input);
  Comparison cmp;
  f.outputs = original_.size();
  const std::vector<double> y1 = sampled_outputs(layer_, m1, x1, rows_, pixels_);
  for (std::size_t i = 0; i < original_.size(); ++i) cmp.add(original_[i], y1[i]);
  f.sqnr_db = cmp.sqnr_db();
  f.cosine = cmp.cosine();
  if (wants_top1(layer_))
    f.top1 = c.reference_input ? top1_reference(layer_, c, matrix_, m1, runs, index)
                               : top1_agreement(layer_, c, matrix_, m1, seed_);
  return f;
}

std::string format_fidelity_table(const std::vector<LayerFidelity>& f, const ModelFidelity& model) {
  return format_fidelity_table(f) +
         fmt::format("{:<22} {:>8} {:>10.2f} {:>9.5f} {:>7}\n",
                     fmt::format("model ({} inputs)", model.inputs), model.outputs, model.sqnr_db,
                     model.cosine, model.top1 < 0 ? std::string("-") : fmt::format("{:.2f}", model.top1));
}

std::string format_fidelity_table(const std::vector<LayerFidelity>& f) {
  std::string out = fmt::format("{:<22} {:>8} {:>10} {:>9} {:>7}\n", "layer", "outputs",
                                "SQNR_dB", "cosine", "top1");
  for (const LayerFidelity& l : f)
    if (l.outputs == 0) out += fmt::format("{:<22} {:>8} (input size unknown)\n", l.layer, 0);
    else out += fmt::format("{:<22} {:>8} {:>10.2f} {:>9.5f} {:>7}\n", l.layer, l.outputs, l.sqnr_db,
                       l.cosine, l.top1 < 0 ? std::string("-") : fmt::format("{:.2f}", l.top1));
  return out;
}

}  // namespace axsim::workloads
