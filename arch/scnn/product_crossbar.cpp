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
      granted_(std::size_t(banks), 0) {
  AXSIM_ASSERT(lanes > 0 && banks > 0 && depth > 0);
}

void ProductCrossbar::push(int lane, const Product& p) {
  const auto l = std::size_t(lane);
  AXSIM_ASSERT(count_[l] < depth_);
  slots_[l * std::size_t(depth_) + std::size_t((head_[l] + count_[l]) % depth_)] = p;
  ++count_[l], ++held_;
}

std::uint32_t ProductCrossbar::cycle(std::uint64_t cycle_no, Accumulators& acc, int buffer,
                                     std::uint64_t& saturated) {
  if (held_ == 0) return 0;
  std::uint32_t lost = 0;
  const int first = int(cycle_no % std::uint64_t(lanes_));
  for (int j = 0; j < lanes_; ++j) {
    const int l = first + j < lanes_ ? first + j : first + j - lanes_;
    const auto li = std::size_t(l);
    if (count_[li] == 0) continue;
    const Product& p = slots_[li * std::size_t(depth_) + std::size_t(head_[li])];
    std::uint64_t& last = granted_[p.bank];
    if (last == cycle_no + 1) {
      ++lost;
      continue;
    }
    last = cycle_no + 1;
    saturated += acc.add(buffer, std::size_t(p.row) * std::size_t(acc.banks()) + p.bank, p.value);
    head_[li] = head_[li] + 1 == depth_ ? 0 : head_[li] + 1;
    --count_[li], --held_;
  }
  return lost;
}

}  // namespace axsim::arch::scnn
