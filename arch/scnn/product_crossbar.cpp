// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/product_crossbar.hpp"

#include "sim/error.hpp"

namespace axsim::arch::scnn {

Accumulators::Accumulators(int banks, int bank_entries, int bits)
    : banks_(banks),
      max_(bits >= 32 ? INT32_MAX : (std::int64_t{1} << (bits - 1)) - 1),
      min_(bits >= 32 ? INT32_MIN : -(std::int64_t{1} << (bits - 1))) {
  for (auto& w : words_) w.assign(std::size_t(banks) * std::size_t(bank_entries), 0);
}

bool Accumulators::add(int buffer, std::size_t addr, std::int64_t value) {
  std::int32_t& w = words_[std::size_t(buffer)][addr];
  const std::int64_t sum = std::int64_t(w) + value;
  const bool saturated = sum > max_ || sum < min_;
  w = std::int32_t(saturated ? (sum > max_ ? max_ : min_) : sum);
  return saturated;
}

ProductCrossbar::ProductCrossbar(int lanes, int banks, int depth)
    : lanes_(lanes),
      depth_(depth),
      slots_(std::size_t(lanes) * std::size_t(depth)),
      head_(std::size_t(lanes), 0),
      count_(std::size_t(lanes), 0),
      granted_(std::size_t(banks), 0),
      busy_((std::size_t(lanes) + 63) / 64, 0) {
  AXSIM_ASSERT(lanes > 0 && banks > 0 && depth > 0);
}

void ProductCrossbar::push(int lane, const Product& p) {
  const auto l = std::size_t(lane);
  AXSIM_ASSERT(count_[l] < depth_);
  int slot = head_[l] + count_[l];
  if (slot >= depth_) slot -= depth_;
  slots_[l * std::size_t(depth_) + std::size_t(slot)] = p;
  ++count_[l], ++held_;
  busy_[l / 64] |= std::uint64_t{1} << (l % 64);
}

// Visits the lanes holding products in rotating order: from lane `first` up, then from 0.
std::uint32_t ProductCrossbar::cycle(std::uint64_t cycle_no, Accumulators& acc, int buffer,
                                     std::uint64_t& saturated) {
  if (held_ == 0) return 0;
  std::uint32_t lost = 0;
  const auto first = std::size_t(cycle_no % std::uint64_t(lanes_));
  const std::uint64_t stamp = cycle_no + 1;
  const auto banks = std::size_t(acc.banks());
  const auto visit = [&](std::size_t lo, std::size_t hi) {  // lanes [lo, hi)
    for (std::size_t w = lo / 64; w * 64 < hi; ++w) {
      std::uint64_t bits = busy_[w];
      if (w == lo / 64 && lo % 64) bits &= ~std::uint64_t{0} << (lo % 64);
      if ((w + 1) * 64 > hi && hi % 64) bits &= (std::uint64_t{1} << (hi % 64)) - 1;
      for (; bits; bits &= bits - 1) {
        const std::size_t l = w * 64 + std::size_t(__builtin_ctzll(bits));
        const Product& p = slots_[l * std::size_t(depth_) + std::size_t(head_[l])];
        std::uint64_t& last = granted_[p.bank];
        if (last == stamp) {
          ++lost;
          continue;
        }
        last = stamp;
        saturated += acc.add(buffer, std::size_t(p.row) * banks + p.bank, p.value);
        head_[l] = head_[l] + 1 == depth_ ? 0 : head_[l] + 1;
        --held_;
        if (--count_[l] == 0) busy_[w] &= ~(std::uint64_t{1} << (l % 64));
      }
    }
  };
  visit(first, std::size_t(lanes_));
  visit(0, first);
  return lost;
}

}  // namespace axsim::arch::scnn
