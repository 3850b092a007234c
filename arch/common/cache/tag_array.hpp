// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

namespace axsim::arch::cache {

/// The tags of a set-associative cache: per set and way the line held (its line address), a
/// valid and a dirty bit. Contents are not modelled: a CPU trace carries addresses, not data.
class TagArray {
 public:
  static constexpr int kMiss = -1;
  TagArray(std::uint32_t sets, std::uint32_t ways, std::uint32_t line_bytes);
  std::uint64_t line_of(std::uint64_t addr) const { return addr / line_bytes_; }
  std::uint32_t set_of_line(std::uint64_t line) const { return std::uint32_t(line % sets_); }
  /// The way holding `line`, or kMiss.
  int find(std::uint64_t line) const;
  /// An invalid way of the line's set, or kMiss when every way holds a line.
  int free_way(std::uint32_t set) const;
  struct Entry {
    std::uint64_t line = 0;
    bool valid = false, dirty = false;
  };
  Entry& at(std::uint32_t set, std::uint32_t way) { return e_[std::size_t(set) * ways_ + way]; }
  const Entry& at(std::uint32_t set, std::uint32_t way) const {
    return e_[std::size_t(set) * ways_ + way];
  }
  std::uint32_t sets() const { return sets_; }
  std::uint32_t ways() const { return ways_; }
  std::uint32_t line_bytes() const { return line_bytes_; }

 private:
  std::uint32_t sets_, ways_, line_bytes_;
  std::vector<Entry> e_;
};

}  // namespace axsim::arch::cache
