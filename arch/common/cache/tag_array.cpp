// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/tag_array.hpp"

namespace axsim::arch::cache {

TagArray::TagArray(std::uint32_t sets, std::uint32_t ways, std::uint32_t line_bytes)
    : sets_(sets), ways_(ways), line_bytes_(line_bytes), e_(std::size_t(sets) * ways) {}

int TagArray::find(std::uint64_t line) const {
  const std::uint32_t set = set_of_line(line);
  for (std::uint32_t w = 0; w < ways_; ++w) {
    const Entry& e = at(set, w);
    if (e.valid && e.line == line) return int(w);
  }
  return kMiss;
}

int TagArray::free_way(std::uint32_t set) const {
  for (std::uint32_t w = 0; w < ways_; ++w)
    if (!at(set, w).valid) return int(w);
  return kMiss;
}

}  // namespace axsim::arch::cache
