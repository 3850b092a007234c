// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/common/cache/replacement.hpp"

namespace axsim::arch::cache {

/// True least-recently-used replacement: each line's last use, the oldest is the victim.
class Lru : public ReplacementPolicy {
 public:
  explicit Lru(const PolicyParams& p) : ways_(p.ways), last_use_(std::size_t(p.sets) * p.ways) {}
  void on_hit(std::uint32_t set, std::uint32_t way) override { touch(set, way); }
  void on_miss(std::uint32_t /*set*/) override {}
  void on_fill(std::uint32_t set, std::uint32_t way) override { touch(set, way); }
  std::uint32_t victim(std::uint32_t set) const override;
  void on_swap(std::uint32_t set, std::uint32_t a, std::uint32_t b) override;

 private:
  void touch(std::uint32_t set, std::uint32_t way) { last_use_[index(set, way)] = ++clock_; }
  std::size_t index(std::uint32_t set, std::uint32_t way) const {
    return std::size_t(set) * ways_ + way;
  }
  std::uint32_t ways_;
  std::vector<std::uint64_t> last_use_;
  std::uint64_t clock_ = 0;
};

}  // namespace axsim::arch::cache
