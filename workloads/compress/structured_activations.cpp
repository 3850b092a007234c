// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/structured_activations.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "sim/error.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double expected_total(const std::vector<double>& offsets, double t, double per_channel) {
  double sum = 0;
  for (double a : offsets) sum += sigmoid(t + a) * per_channel;
  return sum;
}

// Moves single counts until they sum to `total`: first to the channels with the largest
// remainders (adding) or the smallest (removing), cycling while some channel can take one.
void round_to_total(std::vector<std::int64_t>& k, const std::vector<double>& remainder,
                    std::int64_t per_channel, std::int64_t total) {
  std::vector<std::size_t> order(k.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  std::int64_t sum = std::accumulate(k.begin(), k.end(), std::int64_t{0});
  while (sum < total)
    for (std::size_t c : order)
      if (sum < total && k[c] < per_channel) ++k[c], ++sum;
  while (sum > total)
    for (auto it = order.rbegin(); it != order.rend(); ++it)
      if (sum > total && k[*it] > 0) --k[*it], --sum;
}

// White noise smoothed by a separable Gaussian kernel (standard deviation sigma px, cut at 3
// sigma), edges replicated.
void smooth(std::vector<double>& f, int h, int w, double sigma, std::vector<double>& tmp) {
  const int r = static_cast<int>(std::ceil(3 * sigma));
  std::vector<double> g(std::size_t(2 * r + 1));
  for (int j = -r; j <= r; ++j) g[std::size_t(j + r)] = std::exp(-0.5 * j * j / (sigma * sigma));
  const double norm = std::accumulate(g.begin(), g.end(), 0.0);
  for (double& v : g) v /= norm;
  tmp.assign(f.size(), 0.0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double s = 0;
      for (int j = -r; j <= r; ++j)
        s += g[std::size_t(j + r)] * f[std::size_t(y * w + std::clamp(x + j, 0, w - 1))];
      tmp[std::size_t(y * w + x)] = s;
    }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      double s = 0;
      for (int j = -r; j <= r; ++j)
        s += g[std::size_t(j + r)] * tmp[std::size_t(std::clamp(y + j, 0, h - 1) * w + x)];
      f[std::size_t(y * w + x)] = s;
    }
}

struct Scratch {
  std::vector<double> field, tmp;
  std::vector<std::int32_t> index;
  std::vector<std::uint8_t> chosen;
};

// One channel of h x w values: its k non-zeros are the k highest values of the random field
// (ties broken by position, so the set does not depend on the sort's implementation).
void fill_channel(float* out, int h, int w, std::int64_t k, double sigma, Rng& rng, Scratch& s) {
  const std::size_t n = std::size_t(h) * std::size_t(w);
  s.field.resize(n);
  for (double& v : s.field) v = rng.normal();
  if (sigma > 0) smooth(s.field, h, w, sigma, s.tmp);
  s.index.resize(n);
  std::iota(s.index.begin(), s.index.end(), 0);
  const auto higher = [&](std::int32_t a, std::int32_t b) {
    const double fa = s.field[std::size_t(a)], fb = s.field[std::size_t(b)];
    return fa > fb || (fa == fb && a < b);
  };
  std::nth_element(s.index.begin(), s.index.begin() + k, s.index.end(), higher);
  s.chosen.assign(n, 0);
  for (std::int64_t i = 0; i < k; ++i) s.chosen[std::size_t(s.index[std::size_t(i)])] = 1;
  for (std::size_t i = 0; i < n; ++i)
    out[i] = s.chosen[i] ? std::max(1e-6f, static_cast<float>(std::abs(rng.normal()))) : 0.f;
}

// No non-zero may quantize to zero (the density is the trace's): values below 0.6 of the
// quantizer's step (max / (2^(bits-1) - 1)) become one step; 1-bit inputs become 1.
void keep_nonzeros_after_quantization(std::vector<float>& x, int bits) {
  if (bits <= 1) {
    for (float& v : x) v = v != 0.f ? 1.f : 0.f;
    return;
  }
  float max_abs = 0.f;
  for (float v : x) max_abs = std::max(max_abs, v);
  const double step = double(max_abs) / double((1 << (bits - 1)) - 1);
  for (float& v : x)
    if (v != 0.f && double(v) < 0.6 * step) v = static_cast<float>(step);
}

}  // namespace

std::vector<std::int64_t> channel_counts(const std::vector<double>& offsets,
                                         std::int64_t per_channel, std::int64_t total) {
  const auto channels = static_cast<std::int64_t>(offsets.size());
  total = std::clamp<std::int64_t>(total, 0, channels * per_channel);
  std::vector<std::int64_t> k(offsets.size(), 0);
  if (total == 0 || per_channel == 0) return k;
  if (total == channels * per_channel)
    return std::vector<std::int64_t>(offsets.size(), per_channel);
  double lo = -200, hi = 200;  // |offsets| stay far below (spread <= 4): totals 0 and all
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (expected_total(offsets, mid, double(per_channel)) < double(total) ? lo : hi) = mid;
  }
  std::vector<double> remainder(offsets.size());
  for (std::size_t c = 0; c < offsets.size(); ++c) {
    const double x = sigmoid(hi + offsets[c]) * double(per_channel);
    k[c] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(x)), 0, per_channel);
    remainder[c] = x - double(k[c]);
  }
  round_to_total(k, remainder, per_channel, total);
  return k;
}

std::vector<float> structured_activations(const ModelLayer& l, const StructuredActivationSpec& s,
                                          std::uint64_t seed) {
  Rng rng(mix_seed(seed, "published:" + l.name));
  const std::int64_t count = static_cast<std::int64_t>(shape_of(l).stored_input_count());
  const bool spatial = l.kind == OpKind::kConv &&
                       count == std::int64_t(l.in_channels) * l.in_h * std::int64_t(l.in_w);
  const int channels = spatial ? l.in_channels : 1;
  const int h = spatial ? l.in_h : 1, w = spatial ? l.in_w : static_cast<int>(count);
  const std::int64_t per_channel = std::int64_t(h) * w;
  const auto total = static_cast<std::int64_t>(std::llround(s.density * double(count)));
  std::vector<double> offsets(std::size_t(channels), 0.0);
  if (spatial)
    for (double& a : offsets) a = s.channel_spread * rng.normal();
  const std::vector<std::int64_t> k = channel_counts(offsets, per_channel, total);
  std::vector<float> x(std::size_t(count), 0.f);
  Scratch scratch;
  for (int c = 0; c < channels; ++c)
    fill_channel(x.data() + std::size_t(c) * std::size_t(per_channel), h, w, k[std::size_t(c)],
                 spatial ? s.correlation_px : 0.0, rng, scratch);
  keep_nonzeros_after_quantization(x, s.bits);
  return x;
}

void check_published_densities(const Model& model, const Recipe& recipe) {
  std::string missing;
  int count = 0;
  for (const ModelLayer& l : model.layers) {
    const LayerRecipe r = recipe.for_layer(l);
    if (r.activations != "published" || !l.act_density_source.empty() || r.act_fallback_density > 0)
      continue;
    if (++count <= 5) missing += (missing.empty() ? "'" : ", '") + l.name + "'";
  }
  if (count == 0) return;
  throw sim::ConfigError(fmt::format(
      "{}: activations/source \"published\": model {} has no published input density for layer "
      "{}{} (published: alexnet, vgg16, the first layer of googlenet, eie-benchmarks Alex-6/7/8); "
      "give activations/fallback_density in the recipe's defaults or in an override selecting "
      "those layers",
      recipe.path, model.name, missing, count > 5 ? fmt::format(" and {} more", count - 5) : ""));
}

std::string format_input_density_table(const Compressed& c) {
  std::string out = fmt::format("{:<24} {:>8} {:>9}  {}\n", "input of", "target%", "achieved%",
                                "target from");
  for (const CompressedLayer& l : c.layers) {
    const CompressionRow& r = l.row;
    const std::string target = r.act_target < 0 ? "-" : fmt::format("{:.2f}", 100 * r.act_target);
    out += fmt::format("{:<24} {:>8} {:>9.2f}  {}\n", r.layer, target, 100 * r.act_density,
                       r.act_source);
  }
  return out;
}

}  // namespace axsim::workloads
