// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/address_map.hpp"

#include <sstream>
#include <vector>

namespace axsim::arch::dram {

int exact_log2(std::uint64_t n) {
  if (n == 0 || (n & (n - 1)) != 0) return -1;
  int b = 0;
  while ((std::uint64_t{1} << b) < n) ++b;
  return b;
}

AddressMap::AddressMap(const DdrOrganization& org, const std::string& mapping) {
  static const char* const kNames[kFields] = {"ro", "ra", "bg", "ba", "co", "ch"};
  const std::uint64_t counts[kFields] = {org.rows,  std::uint64_t(org.ranks),
                                         std::uint64_t(org.bank_groups),
                                         std::uint64_t(org.banks_per_group),
                                         org.bursts_per_row(), std::uint64_t(org.channels)};
  for (int f = 0; f < kFields; ++f) {
    bits_[f] = exact_log2(counts[f]);
    if (bits_[f] < 0) error_ = std::string(kNames[f]) + " count is not a power of two";
  }
  offset_bits_ = exact_log2(org.burst_bytes());
  if (offset_bits_ < 0) error_ = "burst size is not a power of two";
  std::vector<std::string> fields;
  std::stringstream in(mapping);
  for (std::string f; std::getline(in, f, ':');) fields.push_back(f);
  std::array<bool, kFields> seen{};
  if (fields.size() != kFields && error_.empty())
    error_ = "expected the six fields ro, ra, bg, ba, co, ch separated by ':'";
  for (std::size_t i = 0; i < fields.size() && error_.empty(); ++i) {
    int f = 0;
    while (f < kFields && fields[i] != kNames[f]) ++f;
    if (f == kFields || seen[f]) {
      error_ = "\"" + fields[i] + "\" is " + (f == kFields ? "not a field" : "repeated") +
               " (expected each of ro, ra, bg, ba, co, ch once)";
      break;
    }
    seen[f] = true;
    order_[kFields - 1 - i] = f;
  }
  total_bits_ = offset_bits_;
  for (int f = 0; f < kFields; ++f) total_bits_ += std::max(bits_[f], 0);
  if (total_bits_ > 62 && error_.empty()) error_ = "capacity beyond 2^62 bytes";
}

Location AddressMap::locate(std::uint64_t byte_address) const {
  std::uint64_t a = byte_address >> offset_bits_;
  std::array<std::uint64_t, kFields> v{};
  for (int f : order_) {
    v[f] = a & ((std::uint64_t{1} << bits_[f]) - 1);
    a >>= bits_[f];
  }
  Location l;
  l.row = std::uint32_t(v[kRow]);
  l.rank = int(v[kRank]);
  l.bank_group = int(v[kGroup]);
  l.bank = int(v[kBank]);
  l.column = std::uint32_t(v[kColumn]);
  l.channel = int(v[kChannel]);
  return l;
}

std::uint64_t AddressMap::address_of(const Location& l) const {
  std::array<std::uint64_t, kFields> v{};
  v[kRow] = l.row, v[kRank] = std::uint64_t(l.rank), v[kGroup] = std::uint64_t(l.bank_group);
  v[kBank] = std::uint64_t(l.bank), v[kColumn] = l.column, v[kChannel] = std::uint64_t(l.channel);
  std::uint64_t a = 0;
  for (int i = kFields - 1; i >= 0; --i) {
    const int f = order_[std::size_t(i)];
    a = (a << bits_[f]) | (v[f] & ((std::uint64_t{1} << bits_[f]) - 1));
  }
  return a << offset_bits_;
}

}  // namespace axsim::arch::dram
