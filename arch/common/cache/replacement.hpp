// SPDX-License-Identifier: Apache-2.0
// Replacement policies: a sub-component slot of every cache level, chosen by name in the config
// (arch/slot_registry.hpp): "lru", "holiswap".
#pragma once
#include <cstdint>
#include <memory>

#include "arch/common/cache/cache_spec.hpp"
#include "arch/slot_registry.hpp"
#include "sim/component.hpp"

namespace axsim::arch::cache {

/// The state a policy keeps per set and line. The cache calls it on every access and fill; a
/// policy may ask for the line in one way to trade places with way 0's (HoLiSwap), and the
/// cache tells it when lines trade places so that their state moves with them.
class ReplacementPolicy {
 public:
  static constexpr int kNoSwap = -1;
  virtual ~ReplacementPolicy() = default;
  /// An access to `set` hit in `way`.
  virtual void on_hit(std::uint32_t set, std::uint32_t way) = 0;
  /// An access to `set` missed (it still counts towards the set's statistics).
  virtual void on_miss(std::uint32_t set) = 0;
  /// A new line was placed in `way`.
  virtual void on_fill(std::uint32_t set, std::uint32_t way) = 0;
  /// The way whose line a fill replaces (every way of the set holds a valid line).
  virtual std::uint32_t victim(std::uint32_t set) const = 0;
  /// After on_hit: a way whose line should move to way 0 now, or kNoSwap.
  virtual int swap_request(std::uint32_t /*set*/) { return kNoSwap; }
  /// The lines in ways `a` and `b` of `set` traded places.
  virtual void on_swap(std::uint32_t set, std::uint32_t a, std::uint32_t b) = 0;
};

/// The slot's registry; a policy registers its stats and draws its randomness on `owner` (the
/// cache component: its stream depends on the run seed and the cache's path only).
using ReplacementPolicies = SlotRegistry<ReplacementPolicy, const PolicyParams&, sim::Component&>;

}  // namespace axsim::arch::cache
