// SPDX-License-Identifier: Apache-2.0
// Weight quantizers of the compression front-end (Deep Compression k-means, Han et al., ICLR
// 2016; TTQ ternary, Zhu et al., ICLR 2017; dLAC 2-bit, Venkatesh et al., ICASSP 2017; plus
// uniform, AdaptivFloat and logarithmic grids) and the fixed-point activation quantizer.
//
// Zero codes. Pruned weights always get code 0 and value 0.0, and are skipped when codebooks,
// thresholds and scales are computed. For every codebook scheme and for symmetric uniform,
// code 0 means exactly 0.0, so encoders (which read code 0 as "no weight") see every zero. Kept
// weights that quantize to zero (inside the ternary / two_bit threshold, below the smallest
// AdaptivFloat or log level, rounded to uniform level 0) also get code 0: quantization adds
// sparsity. Asymmetric uniform with zero_point != 0 is the one exception, see quantize_uniform.
// Everything is deterministic: no randomness, ties go to the lower index.
#include "workloads/quantize/quantize.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>

#include "workloads/parallel.hpp"

namespace axsim::workloads {
namespace {

// A view, so that quantizing in place (quantize(std::vector<float>&&, ...)) can read the weights
// from the buffer its values are being written into.
using Matrix = std::span<const float>;
using Mask = std::vector<std::uint8_t>;

// In-place quantization lends the matrix's buffer to blank() for the values. Every scheme reads
// each weight before it writes that weight's value: thresholds, grids and codebooks come from a
// full pass first, then values are written element by element (uniform, none) or all at the end
// from the codes (codebook schemes). Set only inside quantize(std::vector<float>&&, ...).
thread_local std::vector<float>* t_values_storage = nullptr;
// In-place quantization also owns the mask: a scheme that is done with it may free it early
// (k-means, before its codes are allocated), keeping the peak memory of a large layer down.
thread_local Mask* t_mask_storage = nullptr;

void release_mask() {
  if (t_mask_storage != nullptr) *t_mask_storage = Mask();
  t_mask_storage = nullptr;
}

constexpr std::pair<QuantScheme, const char*> kSchemeNames[] = {
    {QuantScheme::kNone, "none"},         {QuantScheme::kUniform, "uniform"},
    {QuantScheme::kKmeans, "kmeans"},     {QuantScheme::kTernary, "ternary"},
    {QuantScheme::kTwoBit, "two_bit"},    {QuantScheme::kAdaptivFloat, "adaptivfloat"},
    {QuantScheme::kLog, "log"},
};

// ---------------------------------------------------------------- argument checks

[[noreturn]] void bad_spec(const char* scheme, const std::string& what) {
  throw std::invalid_argument(std::string("quantize ") + scheme + ": " + what);
}

void require_range(const char* scheme, const char* field, int v, int lo, int hi) {
  if (v < lo || v > hi)
    bad_spec(scheme, std::string(field) + " must be in " + std::to_string(lo) + ".." +
                         std::to_string(hi) + ", got " + std::to_string(v));
}

void validate_spec(const QuantSpec& s) {
  switch (s.scheme) {
    case QuantScheme::kUniform: require_range("uniform", "bits", s.bits, 2, 16); break;
    case QuantScheme::kKmeans:
      require_range("kmeans", "bits", s.bits, 1, 16);
      require_range("kmeans", "kmeans_iterations", s.kmeans_iterations, 0, 1 << 20);
      break;
    case QuantScheme::kTernary:
      // Always 2-bit codes, spec.bits is not used. t >= 1 would zero every weight; NaN fails
      // both comparisons.
      if (!(s.ternary_threshold >= 0.0 && s.ternary_threshold < 1.0))
        bad_spec("ternary", "ternary_threshold must be in [0, 1), got " +
                                std::to_string(s.ternary_threshold));
      break;
    case QuantScheme::kAdaptivFloat:
      require_range("adaptivfloat", "bits", s.bits, 2, 16);
      // 1 sign bit and m = bits - 1 - exp_bits >= 0 mantissa bits; more than 8 exponent bits
      // would span more binades than a float can hold.
      require_range("adaptivfloat", "exp_bits (1 sign bit, >= 0 mantissa bits, at most 8)",
                    s.exp_bits, 1, std::min(8, s.bits - 1));
      break;
    case QuantScheme::kLog: require_range("log", "bits", s.bits, 2, 8); break;
    case QuantScheme::kNone:
    case QuantScheme::kTwoBit: break;  // fixed formats: spec.bits is not used
  }
}

void check_shape(const Matrix& m, const Mask& mask, std::int64_t rows, std::int64_t cols) {
  if (rows < 0 || cols < 0 || m.size() != std::size_t(rows) * std::size_t(cols) ||
      mask.size() != m.size())
    throw std::invalid_argument("quantize: matrix and mask must both hold rows x cols = " +
                                std::to_string(rows) + " x " + std::to_string(cols) +
                                " entries, got " + std::to_string(m.size()) + " and " +
                                std::to_string(mask.size()));
  // Ranges rethrow in order, so the message names the first such weight.
  parallel_ranges(m.size(), std::size_t{1} << 20, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      if (mask[i] && !std::isfinite(m[i]))
        throw std::invalid_argument("quantize: kept weight " + std::to_string(i) +
                                    " is not finite");
  });
}

// ---------------------------------------------------------------- shared helpers

Quantized blank(const QuantSpec& spec, std::size_t n, int code_bits) {
  Quantized q;
  q.spec = spec;
  q.codes.assign(n, 0);  // pruned weights keep code 0 / value 0 in every scheme
  if (t_values_storage != nullptr) {
    q.values = std::move(*t_values_storage);  // the buffer moves: the schemes' Matrix stays valid
    t_values_storage = nullptr;
  } else {
    q.values.assign(n, 0.0f);
  }
  q.code_bits = code_bits;
  return q;
}

// Values come from the stored (float) codebook, so values == codebook[codes] bit for bit.
void decode_codebook(Quantized& q) {
  parallel_ranges(q.codes.size(), std::size_t{1} << 20, [&q](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) q.values[i] = q.codebook[q.codes[i]];
  });
}

double max_abs_kept(const Matrix& m, const Mask& mask) {
  double mx = 0.0;
  for (std::size_t i = 0; i < m.size(); ++i)
    if (mask[i]) mx = std::max(mx, std::fabs(double(m[i])));
  return mx;
}

// No quantization: the code is the IEEE-754 bit pattern, so code 0 is exactly a zero weight
// (the sign of -0.0 is dropped) and encoders can still count non-zeros.
Quantized keep_float(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  Quantized q = blank(spec, m.size(), 32);
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!mask[i] || m[i] == 0.0f) {
      q.values[i] = 0.0f;  // already 0 unless in place
      continue;
    }
    q.values[i] = m[i];
    q.codes[i] = std::bit_cast<std::int32_t>(m[i]);
  }
  return q;
}

// ---------------------------------------------------------------- uniform

struct Grid {
  double scale = 1.0;  ///< already rounded to float: the value stored in Quantized::scales
  int zero_point = 0, qmin = 0, qmax = 0;
};

// The scale is rounded to float first so values computed here equal the formula applied to the
// stored scale; a scale that would underflow to 0 is kept positive.
double as_float_scale(double s) {
  if (!(s > 0.0)) return 1.0;  // all-zero group: any scale works
  return std::max(static_cast<float>(s), std::numeric_limits<float>::denorm_min());
}

// Restricted range [-(2^(k-1)-1), 2^(k-1)-1]: +-max|w| are both levels and level 0 (= code 0)
// is exactly zero; the level -2^(k-1) is unused.
// With `power_of_two` the scale is the next power of two (levels are fixed-point numbers).
Grid symmetric_grid(double max_abs, int bits, bool power_of_two) {
  Grid g;
  g.qmax = (1 << (bits - 1)) - 1;
  g.qmin = -g.qmax;
  g.scale = as_float_scale(max_abs / g.qmax);
  if (power_of_two) {
    int e = 0;
    const double mantissa = std::frexp(g.scale, &e);  // scale = mantissa x 2^e, in [0.5, 1)
    g.scale = std::ldexp(1.0, mantissa == 0.5 ? e - 1 : e);
  }
  return g;
}

// The range is widened to include 0 so that real 0 is exactly the integer level zero_point.
Grid asymmetric_grid(double lo, double hi, int bits) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  Grid g;
  g.qmin = -(1 << (bits - 1));
  g.qmax = (1 << (bits - 1)) - 1;
  g.scale = as_float_scale((hi - lo) / ((1 << bits) - 1));
  const double zp = std::round(g.qmin - lo / g.scale);
  g.zero_point = int(std::clamp(zp, double(g.qmin), double(g.qmax)));
  return g;
}

Grid grid_for(const Matrix& m, const Mask& mask, std::size_t begin, std::size_t end,
              const QuantSpec& spec) {
  double lo = 0.0, hi = 0.0;  // no kept weight: the all-zero grid
  bool any = false;
  for (std::size_t i = begin; i < end; ++i) {
    if (!mask[i]) continue;
    lo = any ? std::min(lo, double(m[i])) : double(m[i]);
    hi = any ? std::max(hi, double(m[i])) : double(m[i]);
    any = true;
  }
  return spec.symmetric ? symmetric_grid(std::max(-lo, hi), spec.bits, spec.power_of_two)
                        : asymmetric_grid(lo, hi, spec.bits);
}

void quantize_group(const Matrix& m, const Mask& mask, std::size_t begin, std::size_t end,
                    const Grid& g, Quantized& q) {
  for (std::size_t i = begin; i < end; ++i) {
    if (!mask[i]) {
      q.values[i] = 0.0f;  // already 0 unless in place
      continue;
    }
    const double level = std::round(m[i] / g.scale) + g.zero_point;
    const int code = int(std::clamp(level, double(g.qmin), double(g.qmax)));
    q.codes[i] = code;
    q.values[i] = static_cast<float>(double(code - g.zero_point) * g.scale);
  }
}

// codes are the integer levels q, value = (q - zero_point) x scale. A kept weight on level
// zero_point has value 0 but keeps its code. Symmetric grids have zero_point 0, so code 0 <=>
// value 0 and encoders see every zero. Asymmetric grids with zero_point != 0 break that: pruned
// weights still get code 0 and value 0.0 (an exception to the formula, recognisable only through
// the mask), kept weights may sit on level 0 (value -zero_point x scale), and kept zeros carry
// code zero_point. Use symmetric uniform in front of the sparse encoders.
Quantized quantize_uniform(const Matrix& m, const Mask& mask, std::int64_t rows,
                           std::int64_t cols, const QuantSpec& spec) {
  Quantized q = blank(spec, m.size(), spec.bits);
  const std::size_t groups = spec.per_channel ? std::size_t(rows) : 1;
  const std::size_t len = spec.per_channel ? std::size_t(cols) : m.size();
  for (std::size_t g = 0; g < groups; ++g) {
    const Grid grid = grid_for(m, mask, g * len, (g + 1) * len, spec);
    q.scales.push_back(static_cast<float>(grid.scale));
    q.zero_points.push_back(grid.zero_point);
    quantize_group(m, mask, g * len, (g + 1) * len, grid, q);
  }
  return q;
}

// ---------------------------------------------------------------- k-means (Deep Compression)

// Kept weights in ascending order (ties by index). In 1-D every Lloyd cluster of sorted
// centroids is a contiguous run, so with prefix sums an iteration costs O(K log n), not O(n K):
// fc layers have tens of millions of weights and up to 255 clusters.
struct SortedKept {
  std::vector<std::size_t> index;
  std::vector<double> value;   ///< m[index[p]]
  std::vector<double> prefix;  ///< prefix[p] = sum of value[0..p)
};

// A key whose unsigned order is the float order, with -0.0 and +0.0 equal (as they compare).
std::uint32_t order_key(float f) {
  std::uint32_t u = std::bit_cast<std::uint32_t>(f);
  if (u == 0x80000000u) u = 0;
  return (u & 0x80000000u) != 0 ? ~u : (u | 0x80000000u);
}

// A kept weight: its order key, its value and its position.
struct Keyed {
  std::uint32_t key;
  float value;
  std::size_t index;
};

// Kept weights by value, ties by index: a stable least-significant-digit radix sort of the
// keys (three 11-bit digits) that starts from index order. Linear in the kept weights.
std::vector<Keyed> kept_by_value(const Matrix& m, const Mask& mask) {
  // Collected in ranges on all cores: each range counts its kept weights, then writes them
  // from its offset, so they are in index order.
  constexpr std::size_t kMinRange = std::size_t{1} << 20;
  std::vector<std::size_t> offset(range_count(m.size(), kMinRange) + 1, 0);
  parallel_parts(m.size(), kMinRange, [&](std::size_t part, std::size_t begin, std::size_t end) {
    offset[part + 1] = std::size_t(std::count_if(mask.begin() + std::ptrdiff_t(begin),
                                                 mask.begin() + std::ptrdiff_t(end),
                                                 [](std::uint8_t f) { return f != 0; }));
  });
  for (std::size_t p = 1; p < offset.size(); ++p) offset[p] += offset[p - 1];
  std::vector<Keyed> from(offset.back()), to(offset.back());
  parallel_parts(m.size(), kMinRange, [&](std::size_t part, std::size_t begin, std::size_t end) {
    std::size_t at = offset[part];
    for (std::size_t i = begin; i < end; ++i)
      if (mask[i]) from[at++] = {order_key(m[i]), m[i], i};
  });
  constexpr int kDigitBits = 11;
  for (int shift = 0; shift < 32; shift += kDigitBits) {
    std::vector<std::size_t> start(std::size_t{1} << kDigitBits, 0);
    const auto digit = [shift](const Keyed& k) {
      return (k.key >> shift) & ((1u << kDigitBits) - 1);
    };
    for (const Keyed& k : from) ++start[digit(k)];
    std::size_t sum = 0;
    for (std::size_t& c : start) sum += std::exchange(c, sum);
    for (const Keyed& k : from) to[start[digit(k)]++] = k;
    from.swap(to);
  }
  return from;
}

SortedKept sort_kept(const Matrix& m, const Mask& mask) {
  SortedKept s;
  const std::vector<Keyed> sorted = kept_by_value(m, mask);
  const std::size_t kept = sorted.size();
  s.index.reserve(kept), s.value.reserve(kept), s.prefix.reserve(kept + 1);
  s.prefix.assign(1, 0.0);
  for (const Keyed& k : sorted) {
    s.index.push_back(k.index);
    s.value.push_back(k.value);
    s.prefix.push_back(s.prefix.back() + k.value);
  }
  return s;
}

// Linear initialisation (Deep Compression found it best: unlike density-based init it keeps
// centroids on the rare large weights, which matter most).
std::vector<double> linear_init(double lo, double hi, int k) {
  if (k == 1) return {lo + (hi - lo) / 2};
  std::vector<double> c(k);
  for (int j = 0; j < k; ++j) c[j] = lo + (hi - lo) * j / (k - 1);
  return c;
}

// Nearest-centroid assignment as run ends: cluster j is value[bounds[j-1] .. bounds[j]). A
// weight exactly half-way between two centroids goes to the lower index.
std::vector<std::size_t> assign(const std::vector<double>& v, const std::vector<double>& c) {
  std::vector<std::size_t> bounds(c.size(), v.size());
  auto from = v.begin();
  for (std::size_t j = 0; j + 1 < c.size(); ++j) {
    const double mid = c[j] + (c[j + 1] - c[j]) / 2;
    from = std::upper_bound(from, v.end(), mid);
    bounds[j] = std::size_t(from - v.begin());
  }
  return bounds;
}

// Lloyd update. Empty clusters keep their centroid. The mean is clamped into its run because
// prefix-sum differences can round slightly outside it, and centroids must stay sorted for
// assign().
void update_centroids(const SortedKept& s, const std::vector<std::size_t>& bounds,
                      std::vector<double>& c) {
  std::size_t a = 0;
  for (std::size_t j = 0; j < c.size(); a = bounds[j], ++j) {
    const std::size_t b = bounds[j];
    if (b == a) continue;
    const double mean = (s.prefix[b] - s.prefix[a]) / double(b - a);
    c[j] = std::clamp(mean, s.value[a], s.value[b - 1]);
  }
}

// Codebook entry 0 is the fixed zero of pruned weights; entries 1..2^bits-1 are the centroids,
// so a kept weight always has a non-zero code (even if its centroid happened to be 0.0).
Quantized quantize_kmeans(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  const int clusters = (1 << spec.bits) - 1;
  SortedKept s = sort_kept(m, mask);
  release_mask();  // not read again
  std::vector<double> c = s.value.empty()
                              ? std::vector<double>(clusters, 0.0)
                              : linear_init(s.value.front(), s.value.back(), clusters);
  std::vector<std::size_t> bounds = assign(s.value, c);
  for (int it = 0; it < spec.kmeans_iterations; ++it) {
    update_centroids(s, bounds, c);
    std::vector<std::size_t> next = assign(s.value, c);
    if (next == bounds) break;  // converged: assignments stopped changing
    bounds = std::move(next);
  }
  const std::vector<std::size_t> index = std::move(s.index);
  s = SortedKept();  // the sorted values go before the codes come
  Quantized q = blank(spec, m.size(), spec.bits);
  q.codebook.assign(1, 0.0f);
  for (double x : c) q.codebook.push_back(static_cast<float>(x));
  std::size_t a = 0;
  for (std::size_t j = 0; j < bounds.size(); a = bounds[j], ++j)
    for (std::size_t p = a; p < bounds[j]; ++p) q.codes[index[p]] = std::int32_t(j + 1);
  decode_codebook(q);
  return q;
}

// ---------------------------------------------------------------- ternary and two_bit

struct SideSums {
  double pos = 0.0, neg = 0.0;  ///< sum of w > delta, sum of |w| for w < -delta
  std::size_t n_pos = 0, n_neg = 0;
};

SideSums side_sums(const Matrix& m, const Mask& mask, double delta) {
  SideSums s;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!mask[i]) continue;
    if (m[i] > delta) {
      s.pos += m[i];
      ++s.n_pos;
    } else if (m[i] < -delta) {
      s.neg -= m[i];
      ++s.n_neg;
    }
  }
  return s;
}

double mean_or_zero(double sum, std::size_t n) { return n ? sum / double(n) : 0.0; }

// Codebook {0, +pos, -neg}: w > delta -> code 1, w < -delta -> code 2, else code 0 (a zero the
// encoders skip). A side with no weights gets scale 0; no code points at it.
Quantized three_level(const Matrix& m, const Mask& mask, const QuantSpec& spec, double delta,
                      double pos, double neg) {
  Quantized q = blank(spec, m.size(), 2);
  q.codebook = {0.0f, static_cast<float>(pos), static_cast<float>(-neg)};
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!mask[i]) continue;
    if (m[i] > delta) q.codes[i] = 1;
    if (m[i] < -delta) q.codes[i] = 2;
  }
  decode_codebook(q);
  return q;
}

// TTQ learns Wp and Wn by training; without training we take, for the fixed threshold
// assignment, the scales that minimise the L2 error: the mean of each side.
Quantized quantize_ternary(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  const double delta = spec.ternary_threshold * max_abs_kept(m, mask);
  const SideSums s = side_sums(m, mask, delta);
  return three_level(m, mask, spec, delta, mean_or_zero(s.pos, s.n_pos),
                     mean_or_zero(s.neg, s.n_neg));
}

// TWN rule (dLAC's 2-bit weights): delta = 0.7 x mean|w|, one scale alpha = mean |w| > delta.
Quantized quantize_two_bit(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!mask[i]) continue;
    sum += std::fabs(double(m[i]));
    ++n;
  }
  const double delta = 0.7 * mean_or_zero(sum, n);
  const SideSums s = side_sums(m, mask, delta);
  const double alpha = mean_or_zero(s.pos + s.neg, s.n_pos + s.n_neg);
  return three_level(m, mask, spec, delta, alpha, alpha);
}

// ---------------------------------------------------------------- sign-magnitude codebooks

// Codes as the hardware stores them: code = sign << (bits-1) | field, with `mags[field]` the
// magnitude (ascending, mags[0] = 0). Both zero-field codes decode to 0.0, but kept weights that
// round to zero always get code 0, never the negative one, so encoders see them as zeros.
template <class PickField>
Quantized sign_magnitude(const Matrix& m, const Mask& mask, const QuantSpec& spec,
                         const std::vector<double>& mags, PickField pick_field) {
  const std::size_t half = mags.size();
  Quantized q = blank(spec, m.size(), spec.bits);
  q.codebook.resize(2 * half);
  for (std::size_t f = 0; f < half; ++f) {
    q.codebook[f] = static_cast<float>(mags[f]);
    q.codebook[half + f] = static_cast<float>(-mags[f]);
  }
  q.codebook[half] = 0.0f;  // not -0.0f
  for (std::size_t i = 0; i < m.size(); ++i) {
    if (!mask[i]) continue;
    const int f = pick_field(std::fabs(double(m[i])));
    if (f != 0) q.codes[i] = std::int32_t((m[i] < 0 ? half : 0) + std::size_t(f));
  }
  decode_codebook(q);
  return q;
}

// Nearest magnitude, clamped to the largest; a tie goes to the smaller (lower-index) one.
int nearest_field(const std::vector<double>& mags, double a) {
  const auto it = std::lower_bound(mags.begin(), mags.end(), a);
  if (it == mags.end()) return int(mags.size()) - 1;
  if (it == mags.begin()) return 0;
  const int hi = int(it - mags.begin());
  return a - mags[hi - 1] <= mags[hi] - a ? hi - 1 : hi;
}

// floor(log2 x) exactly, for x > 0 (frexp gives x = f 2^e with f in [0.5, 1)).
int floor_log2(double x) {
  int e = 0;
  std::frexp(x, &e);
  return e - 1;
}

// The paper takes exp_max = floor(log2 max|w|) and clamps above (2 - 2^-m) 2^exp_max. We move
// exp_max up by one when that largest value falls short of max|w|, so the grid always covers
// max|w| (max|w| still rounds to the nearest level, which may be the old maximum).
int adaptivfloat_exp_max(double max_abs, int mant_bits) {
  if (!(max_abs > 0.0)) return 0;  // all-zero layer: any bias gives the same result
  int exp_max = floor_log2(max_abs);
  if ((2.0 - std::ldexp(1.0, -mant_bits)) * std::ldexp(1.0, exp_max) < max_abs) ++exp_max;
  return exp_max;
}

// Field = exponent field << m | mantissa, exponent = exp_min + exponent field, no denormals.
// Field 0 (the smallest magnitude, 2^exp_min) is given up to represent 0, as in AdaptivFloat.
std::vector<double> adaptivfloat_mags(int exp_bits, int mant_bits, int exp_max) {
  const int exp_min = exp_max - (1 << exp_bits) + 1;
  std::vector<double> mags(std::size_t(1) << (exp_bits + mant_bits));
  for (std::size_t f = 0; f < mags.size(); ++f) {
    const double frac = double(f & ((std::size_t(1) << mant_bits) - 1));
    mags[f] = std::ldexp(1.0 + std::ldexp(frac, -mant_bits), exp_min + int(f >> mant_bits));
  }
  mags[0] = 0.0;
  return mags;
}

Quantized quantize_adaptivfloat(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  const int mant_bits = spec.bits - 1 - spec.exp_bits;
  const int exp_max = adaptivfloat_exp_max(max_abs_kept(m, mask), mant_bits);
  const std::vector<double> mags = adaptivfloat_mags(spec.exp_bits, mant_bits, exp_max);
  return sign_magnitude(m, mask, spec, mags, [&](double a) { return nearest_field(mags, a); });
}

// Log grid: field f in 1..L (L = 2^(bits-1) - 1) is 2^(exp_max - L + f), field 0 is zero, and
// exp_max = ceil(log2 max|w|).
int ceil_log2(double x) {
  const int fl = floor_log2(x);
  return std::ldexp(1.0, fl) == x ? fl : fl + 1;
}

// Rounds log2(a) to the nearest integer: up iff log2(a) - floor >= 0.5, i.e. f^2 >= 1/2 for the
// frexp fraction f; f comes from a float, so f^2 is exact in double and the test is exact
// (never a tie: sqrt(1/2) is irrational). Exponents below the smallest level give 0.
int log_field(double a, int exp_max, int levels) {
  if (a == 0.0) return 0;
  int e = 0;
  const double f = std::frexp(a, &e);
  const int k = std::min(f * f >= 0.5 ? e : e - 1, exp_max);
  const int field = k - (exp_max - levels);
  return field < 1 ? 0 : field;
}

Quantized quantize_log(const Matrix& m, const Mask& mask, const QuantSpec& spec) {
  const double max_abs = max_abs_kept(m, mask);
  const int exp_max = max_abs > 0.0 ? ceil_log2(max_abs) : 0;
  const int levels = (1 << (spec.bits - 1)) - 1;
  std::vector<double> mags(std::size_t(levels) + 1, 0.0);
  for (int f = 1; f <= levels; ++f) mags[f] = std::ldexp(1.0, exp_max - levels + f);
  return sign_magnitude(m, mask, spec, mags,
                        [&](double a) { return log_field(a, exp_max, levels); });
}

// ---------------------------------------------------------------- activations


QuantizedActivations fixed_point_activations(const std::vector<float>& x, int bits) {
  QuantizedActivations r;
  r.bits = bits;
  const int qmax = (1 << (bits - 1)) - 1;
  double max_abs = 0.0;
  for (float v : x) max_abs = std::max(max_abs, std::fabs(double(v)));
  r.scale = static_cast<float>(as_float_scale(max_abs / qmax));
  r.q.reserve(x.size());
  for (float v : x)
    r.q.push_back(std::int32_t(std::clamp(std::round(v / double(r.scale)), -double(qmax),
                                          double(qmax))));
  return r;
}

// Binary activations: scale = mean of the positive x, the L2-optimal level if every positive
// value mapped to 1 (a closed form, not an iterative fit); q = x > scale / 2, so negatives
// (and all-non-positive inputs, scale 1) give 0, like a ReLU followed by a threshold.
QuantizedActivations binary_activations(const std::vector<float>& x) {
  QuantizedActivations r;
  r.bits = 1;
  double sum = 0.0;
  std::size_t n = 0;
  for (float v : x) {
    if (!(v > 0.0f)) continue;
    sum += v;
    ++n;
  }
  r.scale = static_cast<float>(as_float_scale(mean_or_zero(sum, n)));
  r.q.reserve(x.size());
  for (float v : x) r.q.push_back(double(v) > double(r.scale) / 2 ? 1 : 0);
  return r;
}

}  // namespace

const char* to_string(QuantScheme s) {
  for (const auto& [scheme, name] : kSchemeNames)
    if (scheme == s) return name;
  return "unknown";
}

QuantScheme parse_quant_scheme(const std::string& s) {
  std::string known;
  for (const auto& [scheme, name] : kSchemeNames) {
    if (s == name) return scheme;
    known += known.empty() ? name : std::string(", ") + name;
  }
  throw std::invalid_argument("unknown quantization scheme '" + s + "' (known: " + known + ")");
}

void validate(const QuantSpec& spec) { validate_spec(spec); }

namespace {

Quantized quantize_view(Matrix matrix, const std::vector<std::uint8_t>& mask, std::int64_t rows,
                        std::int64_t cols, const QuantSpec& spec) {
  check_shape(matrix, mask, rows, cols);
  validate_spec(spec);
  switch (spec.scheme) {
    case QuantScheme::kNone: return keep_float(matrix, mask, spec);
    case QuantScheme::kUniform: return quantize_uniform(matrix, mask, rows, cols, spec);
    case QuantScheme::kKmeans: return quantize_kmeans(matrix, mask, spec);
    case QuantScheme::kTernary: return quantize_ternary(matrix, mask, spec);
    case QuantScheme::kTwoBit: return quantize_two_bit(matrix, mask, spec);
    case QuantScheme::kAdaptivFloat: return quantize_adaptivfloat(matrix, mask, spec);
    case QuantScheme::kLog: return quantize_log(matrix, mask, spec);
  }
  throw std::invalid_argument("quantize: unknown scheme");
}

}  // namespace

Quantized quantize(std::vector<float>&& matrix, std::vector<std::uint8_t>&& mask, std::int64_t rows,
                   std::int64_t cols, const QuantSpec& spec) {
  struct Reset {
    ~Reset() { t_values_storage = nullptr, t_mask_storage = nullptr; }  // also on a throw
  } reset;
  t_values_storage = &matrix;
  t_mask_storage = &mask;
  return quantize_view(Matrix(matrix), mask, rows, cols, spec);
}

Quantized quantize(const std::vector<float>& matrix, const std::vector<std::uint8_t>& mask,
                   std::int64_t rows, std::int64_t cols, const QuantSpec& spec) {
  return quantize_view(Matrix(matrix), mask, rows, cols, spec);
}

QuantizedActivations quantize_activations(const std::vector<float>& x, int bits) {
  if (bits < 1 || bits > 16)
    throw std::invalid_argument("quantize_activations: bits must be in 1..16, got " +
                                std::to_string(bits));
  return bits == 1 ? binary_activations(x) : fixed_point_activations(x, bits);
}

QuantizedActivations power_of_two_activations(const std::vector<float>& x, int bits,
                                              double at_least) {
  QuantizedActivations r;
  r.bits = bits;
  const int qmax = (1 << (bits - 1)) - 1;
  double max_abs = at_least;
  for (float v : x) max_abs = std::max(max_abs, std::fabs(double(v)));
  int f = bits - 1;  // the most fraction bits any value in (-1, 1) could use
  while (f > -126 && std::ldexp(max_abs, f) > qmax) --f;
  r.scale = static_cast<float>(std::ldexp(1.0, -f));
  r.q.reserve(x.size());
  for (float v : x)
    r.q.push_back(std::int32_t(std::clamp(std::round(std::ldexp(double(v), f)), -double(qmax),
                                          double(qmax))));
  return r;
}

}  // namespace axsim::workloads
