// SPDX-License-Identifier: Apache-2.0
// Magnitude pruning at Mao et al.'s granularities (CVPR Workshops 2017) and ESE's
// load-balance-aware variant (Han et al., FPGA 2017).
//
// Every group is a run of consecutive columns inside one row (fine: 1 weight; vector: kernel_w
// columns, one kernel row; kernel: kernel_h x kernel_w columns; filter: the whole row), so
// group g covers the flat elements [g x width, (g + 1) x width) of the row-major matrix.
// Kept groups: round(density x groups), at least one, i.e. the weight target
// round(density x total) expressed in whole groups.
//
// Load-balanced (fine only): PE p's slice is rows r with r mod N = p (of the columns c with
// c mod C = k, for each of C channels when balance_channels is C > 1). Each slice keeps
// round(density x slice size) of its largest |w| (at least one when not empty). When N divides
// rows every slice has total / N weights, so each keeps the same count round(density x total
// / N); otherwise slices differ by one row and keep equal density rather than equal counts.
#include "workloads/compress/prune.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "workloads/parallel.hpp"

namespace axsim::workloads {

const char* to_string(PruneGranularity g) {
  switch (g) {
    case PruneGranularity::kFine: return "fine";
    case PruneGranularity::kVector: return "vector";
    case PruneGranularity::kKernel: return "kernel";
    case PruneGranularity::kFilter: return "filter";
  }
  return "unknown";
}

PruneGranularity parse_prune_granularity(const std::string& s) {
  for (PruneGranularity g : {PruneGranularity::kFine, PruneGranularity::kVector,
                             PruneGranularity::kKernel, PruneGranularity::kFilter})
    if (s == to_string(g)) return g;
  throw std::invalid_argument("unknown prune granularity '" + s +
                              "' (expected fine, vector, kernel or filter)");
}

namespace {

constexpr std::size_t kMinRange = std::size_t{1} << 20;  // weights per thread, at least

std::int64_t group_width(const MatrixShape& shape, PruneGranularity g) {
  switch (g) {
    case PruneGranularity::kFine: return 1;
    case PruneGranularity::kVector: return shape.kernel_w;
    case PruneGranularity::kKernel: return std::int64_t{shape.kernel_h} * shape.kernel_w;
    case PruneGranularity::kFilter: return shape.cols;
  }
  return 1;
}

void check_shape(const std::vector<float>& matrix, const MatrixShape& shape) {
  if (shape.rows <= 0 || shape.cols <= 0)
    throw std::invalid_argument("prune: shape must be positive, got " +
                                std::to_string(shape.rows) + " x " + std::to_string(shape.cols));
  if (shape.kernel_h < 1 || shape.kernel_w < 1)
    throw std::invalid_argument("prune: kernel_h and kernel_w must be >= 1");
  if (matrix.size() != static_cast<std::uint64_t>(shape.rows * shape.cols))
    throw std::invalid_argument("prune: matrix has " + std::to_string(matrix.size()) +
                                " values, shape " + std::to_string(shape.rows) + " x " +
                                std::to_string(shape.cols) + " needs " +
                                std::to_string(shape.rows * shape.cols));
  // NaN would break the strict ordering the selection relies on.
  parallel_ranges(matrix.size(), kMinRange, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      if (!std::isfinite(matrix[i]))
        throw std::invalid_argument("prune: matrix holds a non-finite value");
  });
}

void check_spec(const MatrixShape& shape, const PruneSpec& spec) {
  if (!(spec.density > 0.0 && spec.density <= 1.0))
    throw std::invalid_argument("prune: density must be in (0, 1], got " +
                                std::to_string(spec.density));
  const std::int64_t width = group_width(shape, spec.granularity);
  if (shape.cols % width != 0)
    throw std::invalid_argument("prune: cols (" + std::to_string(shape.cols) +
                                ") is not a multiple of the " + to_string(spec.granularity) +
                                " group width (" + std::to_string(width) + ")");
  if (spec.balance_pes < 0)
    throw std::invalid_argument("prune: balance_pes must be >= 0, got " +
                                std::to_string(spec.balance_pes));
  if (spec.balance_channels < 1)
    throw std::invalid_argument("prune: balance_channels must be >= 1, got " +
                                std::to_string(spec.balance_channels));
  if (spec.balance_pes > 0 && spec.granularity != PruneGranularity::kFine)
    throw std::invalid_argument("prune: balance_pes needs fine granularity, got " +
                                std::string(to_string(spec.granularity)));
}

/// round(density x count), at least one of a non-empty set.
std::int64_t kept_count(double density, std::int64_t count) {
  if (count == 0) return 0;
  return std::clamp<std::int64_t>(std::llround(density * static_cast<double>(count)), 1, count);
}

/// Flags the `keep` largest scores. Among equal scores the lower position wins, so the result
/// does not depend on how nth_element orders ties: find the keep-th largest score, take every
/// score above it, then the equal ones in position order until the count is reached.
template <class Score>
std::vector<std::uint8_t> keep_largest(const std::vector<Score>& scores, std::int64_t keep) {
  const auto size = static_cast<std::int64_t>(scores.size());
  if (keep >= size) return std::vector<std::uint8_t>(scores.size(), 1);
  std::vector<std::uint8_t> flags(scores.size(), 0);
  if (keep <= 0) return flags;
  std::vector<Score> sorted = scores;
  std::nth_element(sorted.begin(), sorted.begin() + (keep - 1), sorted.end(), std::greater<>());
  const Score threshold = sorted[static_cast<std::size_t>(keep - 1)];
  std::int64_t taken = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] > threshold) {
      flags[i] = 1;
      ++taken;
    }
  }
  for (std::size_t i = 0; i < scores.size() && taken < keep; ++i) {
    if (scores[i] == threshold) {
      flags[i] = 1;
      ++taken;
    }
  }
  return flags;
}

/// Squared L2 norm of each group (same order as the norm), summed in double.
std::vector<double> group_norms_squared(const std::vector<float>& matrix, std::int64_t width) {
  std::vector<double> norms(matrix.size() / static_cast<std::size_t>(width), 0.0);
  for (std::size_t i = 0; i < matrix.size(); ++i)
    norms[i / static_cast<std::size_t>(width)] += double{matrix[i]} * double{matrix[i]};
  return norms;
}

std::vector<std::uint8_t> grouped_mask(const std::vector<float>& matrix, std::int64_t width,
                                       double density) {
  const std::vector<double> norms = group_norms_squared(matrix, width);
  const auto groups = keep_largest(norms, kept_count(density, std::ssize(norms)));
  std::vector<std::uint8_t> mask(matrix.size());
  const auto group_size = static_cast<std::size_t>(width);
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = groups[i / group_size];
  return mask;
}

/// Fine pruning with the selection done separately in each PE's interleaved row slice.
std::vector<std::uint8_t> balanced_mask(const std::vector<float>& matrix,
                                        const MatrixShape& shape, double density, int num_pes,
                                        int channels) {
  std::vector<std::uint8_t> mask(matrix.size(), 0);
  for (int slice = 0; slice < num_pes * channels; ++slice) {
    const int pe = slice % num_pes, channel = slice / num_pes;
    std::vector<std::int64_t> positions;  // flat indices, ascending, so ties favour low rows
    std::vector<float> magnitudes;
    for (std::int64_t r = pe; r < shape.rows; r += num_pes)
      for (std::int64_t c = channel; c < shape.cols; c += channels) {
        positions.push_back(r * shape.cols + c);
        magnitudes.push_back(std::fabs(matrix[static_cast<std::size_t>(r * shape.cols + c)]));
      }
    const auto keep = keep_largest(magnitudes, kept_count(density, std::ssize(magnitudes)));
    for (std::size_t i = 0; i < keep.size(); ++i)
      mask[static_cast<std::size_t>(positions[i])] = keep[i];
  }
  return mask;
}

// Counts of |w| by `digit` (16 bits of its IEEE bits) among the weights `in` accepts, counted
// in ranges on all cores and summed.
template <class Digit, class In>
std::vector<std::uint64_t> magnitude_histogram(const std::vector<float>& matrix, Digit digit,
                                               In in) {
  std::vector<std::uint64_t> total(1 << 16, 0);
  std::mutex lock;
  parallel_ranges(matrix.size(), kMinRange, [&](std::size_t begin, std::size_t end) {
    std::vector<std::uint64_t> counts(1 << 16, 0);
    for (std::size_t i = begin; i < end; ++i)
      if (in(matrix[i])) ++counts[digit(matrix[i])];
    const std::lock_guard<std::mutex> hold(lock);
    for (std::size_t d = 0; d < counts.size(); ++d) total[d] += counts[d];
  });
  return total;
}

// The k-th largest |w| (k >= 1) without a copy of the matrix: |w| as IEEE bits orders like its
// value, so two counting passes find it, 16 bits at a time (a radix select).
float kth_largest_magnitude(const std::vector<float>& matrix, std::uint64_t k) {
  const auto bits = [](float w) { return std::bit_cast<std::uint32_t>(std::fabs(w)); };
  const std::vector<std::uint64_t> high = magnitude_histogram(
      matrix, [&](float w) { return bits(w) >> 16; }, [](float) { return true; });
  std::uint32_t h = 0xffff;
  for (; high[h] < k; --h) k -= high[h];  // the bucket holding the k-th largest
  const std::vector<std::uint64_t> low = magnitude_histogram(
      matrix, [&](float w) { return bits(w) & 0xffff; },
      [&](float w) { return bits(w) >> 16 == h; });
  std::uint32_t l = 0xffff;
  for (; low[l] < k; --l) k -= low[l];
  return std::bit_cast<float>(h << 16 | l);
}

// As keep_largest(|w|, keep), without the two matrix-sized copies it would make.
std::vector<std::uint8_t> fine_mask(const std::vector<float>& matrix, double density) {
  const std::int64_t keep = kept_count(density, std::ssize(matrix));
  if (keep >= std::ssize(matrix)) return std::vector<std::uint8_t>(matrix.size(), 1);
  std::vector<std::uint8_t> flags(matrix.size(), 0);
  if (keep <= 0) return flags;
  const float threshold = kth_largest_magnitude(matrix, std::uint64_t(keep));
  std::atomic<std::int64_t> above = 0;
  parallel_ranges(matrix.size(), kMinRange, [&](std::size_t begin, std::size_t end) {
    std::int64_t n = 0;
    for (std::size_t i = begin; i < end; ++i)
      if (std::fabs(matrix[i]) > threshold) flags[i] = 1, ++n;
    above += n;
  });
  std::int64_t taken = above;
  for (std::size_t i = 0; i < matrix.size() && taken < keep; ++i)
    if (std::fabs(matrix[i]) == threshold) flags[i] = 1, ++taken;
  return flags;
}

}  // namespace

std::vector<std::uint8_t> prune_mask(const std::vector<float>& matrix, const MatrixShape& shape,
                                     const PruneSpec& spec) {
  check_shape(matrix, shape);
  check_spec(shape, spec);
  if (spec.balance_pes > 0)
    return balanced_mask(matrix, shape, spec.density, spec.balance_pes, spec.balance_channels);
  const std::int64_t width = group_width(shape, spec.granularity);
  // Fine groups skip the norm vector: |w| orders them the same and costs half the memory.
  if (width == 1) return fine_mask(matrix, spec.density);
  return grouped_mask(matrix, width, spec.density);
}

}  // namespace axsim::workloads
