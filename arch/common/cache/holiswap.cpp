// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/holiswap.hpp"

#include <algorithm>
#include <utility>

#include "arch/common/cache/cache_params.hpp"

namespace axsim::arch::cache {

HoLiSwap::HoLiSwap(const PolicyParams& p, sim::Component& owner)
    : p_(p),
      owner_(owner),
      lru_(p),
      epoch_(p.sets, -1),
      hits_(std::size_t(p.sets) * p.ways, -1),
      epochs_(declared_counter(owner, "epochs")),
      hot_hits_(declared_counter(owner, "hot_hits")),
      swaps_requested_(declared_counter(owner, "swaps_requested")) {}

double HoLiSwap::value(State s) const {
  if (s < 0) return 0;
  return p_.log_counters ? double(std::uint64_t{1} << std::min(s, 62)) : double(s);
}

void HoLiSwap::increment(State& s) {
  if (s < 0) {
    s = p_.log_counters ? 0 : 1;  // the first increment: 2^0 = 1
    return;
  }
  if (!p_.log_counters) {
    ++s;
    return;
  }
  // Raise e with probability 1 / 2^e: e random bits all zero.
  const int e = std::min(s, 62);
  const std::uint64_t mask = (std::uint64_t{1} << e) - 1;
  if ((owner_.rng().next() & mask) == 0) ++s;
}

void HoLiSwap::count_access(std::uint32_t set) {
  increment(epoch_[set]);
  if (value(epoch_[set]) < double(p_.epoch_accesses)) return;
  epoch_[set] = -1;  // the epoch ends: every counter of the set restarts from zero
  std::fill_n(hits_.begin() + std::ptrdiff_t(index(set, 0)), p_.ways, -1);
  epochs_.add();
}

void HoLiSwap::on_hit(std::uint32_t set, std::uint32_t way) {
  lru_.on_hit(set, way);
  State& h = hits_[index(set, way)];
  increment(h);
  pending_ = kNoSwap;
  if (value(h) >= double(p_.hot_threshold)) {
    hot_hits_.add();
    std::uint32_t hottest = 0;
    for (std::uint32_t w = 1; w < p_.ways; ++w)
      if (hits_[index(set, w)] > hits_[index(set, hottest)]) hottest = w;
    if (hottest != 0) {
      pending_ = int(hottest);
      swaps_requested_.add();
    }
  }
  count_access(set);  // after the check: the access that ends an epoch still counts in it
}

void HoLiSwap::on_miss(std::uint32_t set) {
  pending_ = kNoSwap;
  count_access(set);
}

void HoLiSwap::on_fill(std::uint32_t set, std::uint32_t way) {
  lru_.on_fill(set, way);
  hits_[index(set, way)] = -1;
}

int HoLiSwap::swap_request(std::uint32_t /*set*/) {
  const int way = pending_;
  pending_ = kNoSwap;
  return way;
}

void HoLiSwap::on_swap(std::uint32_t set, std::uint32_t a, std::uint32_t b) {
  lru_.on_swap(set, a, b);
  std::swap(hits_[index(set, a)], hits_[index(set, b)]);
}

namespace {
std::unique_ptr<ReplacementPolicy> make_holiswap(const PolicyParams& p, sim::Component& owner) {
  return std::make_unique<HoLiSwap>(p, owner);
}
}  // namespace

AXSIM_REGISTER_SLOT(ReplacementPolicies,
                    {"holiswap",
                     "LRU plus HoLiSwap: the hottest line of a set (hit counter at least "
                     "`hot_threshold` within an epoch of `epoch_accesses`) is swapped into way 0",
                     make_holiswap});

}  // namespace axsim::arch::cache
