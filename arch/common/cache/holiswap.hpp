// SPDX-License-Identifier: Apache-2.0
// HoLiSwap (Turakhia, Das, Aamodt, Dally, arXiv 1701.03878): LRU replacement plus hot-line
// detection per set; the hottest line is swapped into way 0, the subarray nearest the port.
#pragma once
#include <cstdint>
#include <vector>

#include "arch/common/cache/lru.hpp"
#include "sim/stats.hpp"

namespace axsim::arch::cache {

/// Per set an epoch counter C (every access to the set) and per line a hit counter H. When C
/// reaches E the epoch ends and the set's counters are zeroed. On a hit, when the hit line's H
/// is at least T, the line with the highest H (the lowest way on a tie) is hot; if it is not
/// in way 0 the cache swaps it there. With log_counters each counter stores only e, its
/// value being 2^e after the first increment: an increment raises e with probability 1/2^e,
/// drawn from the cache's random stream.
class HoLiSwap : public ReplacementPolicy {
 public:
  HoLiSwap(const PolicyParams& p, sim::Component& owner);
  void on_hit(std::uint32_t set, std::uint32_t way) override;
  void on_miss(std::uint32_t set) override;
  void on_fill(std::uint32_t set, std::uint32_t way) override;
  std::uint32_t victim(std::uint32_t set) const override { return lru_.victim(set); }
  int swap_request(std::uint32_t set) override;
  void on_swap(std::uint32_t set, std::uint32_t a, std::uint32_t b) override;

 private:
  /// A counter's state: -1 zero, else the exponent (log) or the count (exact).
  using State = std::int32_t;
  double value(State s) const;
  void increment(State& s);
  void count_access(std::uint32_t set);
  std::size_t index(std::uint32_t set, std::uint32_t way) const {
    return std::size_t(set) * p_.ways + way;
  }

  PolicyParams p_;
  sim::Component& owner_;
  Lru lru_;
  std::vector<State> epoch_;  ///< per set
  std::vector<State> hits_;   ///< per line
  int pending_ = kNoSwap;     ///< the hot line found by the last on_hit
  sim::Counter& epochs_;
  sim::Counter& hot_hits_;
  sim::Counter& swaps_requested_;
};

}  // namespace axsim::arch::cache
