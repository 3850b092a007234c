// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/lru.hpp"

#include <utility>

namespace axsim::arch::cache {

std::uint32_t Lru::victim(std::uint32_t set) const {
  std::uint32_t oldest = 0;
  for (std::uint32_t w = 1; w < ways_; ++w)
    if (last_use_[index(set, w)] < last_use_[index(set, oldest)]) oldest = w;
  return oldest;
}

void Lru::on_swap(std::uint32_t set, std::uint32_t a, std::uint32_t b) {
  std::swap(last_use_[index(set, a)], last_use_[index(set, b)]);
}

namespace {
std::unique_ptr<ReplacementPolicy> make_lru(const PolicyParams& p, sim::Component& /*owner*/) {
  return std::make_unique<Lru>(p);
}
}  // namespace

AXSIM_REGISTER_SLOT(ReplacementPolicies,
                    {"lru", "least recently used: the line unused for longest is replaced",
                     make_lru});

}  // namespace axsim::arch::cache
