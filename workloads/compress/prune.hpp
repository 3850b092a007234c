// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::workloads {

/// The granularity of magnitude pruning (Mao et al., "Exploring the Regularity of Sparse
/// Structure in CNNs", arXiv:1705.08922, CVPR Workshops 2017, Fig. 1): single weights, 1-D
/// vectors (one kernel row of S weights), 2-D kernels (R x S) or whole filters (a row of the
/// matrix).
enum class PruneGranularity { kFine, kVector, kKernel, kFilter };
const char* to_string(PruneGranularity g);
PruneGranularity parse_prune_granularity(const std::string& s);  ///< throws std::invalid_argument

/// The rows x cols matrix view of a layer (see ModelLayer): cols = channels x kernel_h x kernel_w.
struct MatrixShape {
  std::int64_t rows = 0, cols = 0;
  int kernel_h = 1, kernel_w = 1;
};

struct PruneSpec {
  double density = 1.0;  ///< fraction of weights kept, (0, 1]
  PruneGranularity granularity = PruneGranularity::kFine;
  /// Load-balance-aware pruning (ESE): with N > 0, rows are interleaved over N PEs (row r on PE
  /// r mod N) and each PE's slice keeps the same number of non-zeros (fine granularity only).
  int balance_pes = 0;
  /// With balance_pes: columns interleaved over this many channels too (ESE's channels each take
  /// the columns c, c + C, ...), so each PE's slice is its rows of one channel's columns.
  int balance_channels = 1;
};

/// Magnitude pruning: keeps the groups with the largest L2 norm (the weights with the largest
/// |w| for fine granularity) until `density` of the weights are kept (rounded to whole groups,
/// at least one group kept). Ties broken by position, so the result is deterministic.
/// Returns a keep-mask (1 keep, 0 pruned) of rows x cols.
std::vector<std::uint8_t> prune_mask(const std::vector<float>& matrix, const MatrixShape& shape,
                                     const PruneSpec& spec);

}  // namespace axsim::workloads
