// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/layer.hpp"

namespace axsim::arch::dense {

/// The weights of one layer as the dense unit's DRAM holds them: one stored encoding of the
/// trace, "dense" (packed codes) or, with DRAM compression, "scnn" (SCNN's zero-run format, as
/// DCNN-opt stores them), read by the unit into the levels its datapath multiplies, in buffer
/// order [M][C][R][S]. A grouped convolution runs as one dense convolution: its cross-group
/// weights are zeros the unit generates on chip, never stored or fetched. An lstm runs one step.
class WeightImage {
 public:
  /// Throws sim::ConfigError naming the layer when the encoding does not decode.
  WeightImage(const workloads::Layer& layer, const std::string& format);
  /// The shape the datapath runs: one step, groups expanded.
  const workloads::LayerShape& shape() const { return shape_; }
  const std::vector<std::int16_t>& levels() const { return levels_; }
  /// Stored bits of filters [m0, m0 + mt) x channels [c0, c0 + ct) in the encoding (with an
  /// scnn block's entry count charged to its first filter of group 0), so a pass over all
  /// filters and channels fetches exactly the encoding's bits.
  std::uint64_t bits(int m0, int mt, int c0, int ct) const;
  std::uint64_t total_bits() const { return total_bits_; }

 private:
  void read_dense(const workloads::Layer& layer, const workloads::WeightEncoding& e);
  void read_scnn(const workloads::Layer& layer, const workloads::WeightEncoding& e);
  /// Channel c's group and the filters of that group within [m0, m0 + mt).
  std::pair<int, int> group_filters(int c, int m0, int mt) const;

  workloads::LayerShape shape_;
  int groups_ = 1, cg_ = 1, mg_ = 1, kernel_ = 1;
  std::vector<std::int16_t> levels_;
  bool scnn_ = false;
  int entry_bits_ = 0, count_bits_ = 0, code_bits_ = 0;
  /// scnn: entries_before_[c' x (M + 1) + k]: entries of block c' before filter k.
  std::vector<std::uint64_t> entries_before_;
  std::uint64_t total_bits_ = 0;
};

}  // namespace axsim::arch::dense
