// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "arch/common/dram/ddr_spec.hpp"

namespace axsim::arch::dram {

/// Where one burst lives: channel, rank, bank group, bank in its group, row, burst column.
struct Location {
  int channel = 0, rank = 0, bank_group = 0, bank = 0;
  std::uint32_t row = 0, column = 0;
  int flat_bank(const DdrOrganization& o) const { return bank_group * o.banks_per_group + bank; }
};

/// Splits a byte address into its fields by a mapping string that lists them from the most to
/// the least significant bits, e.g. "ro:ra:ba:co:bg:ch" (ro row, ra rank, bg bank group, ba bank,
/// co column in bursts, ch channel); the bits below them address bytes within a burst. Field
/// widths are log2 of the organization's counts, which must be powers of two. Addresses wrap at
/// the capacity of all channels.
class AddressMap {
 public:
  /// Empty `error()` when `mapping` names each of the six fields once.
  AddressMap(const DdrOrganization& org, const std::string& mapping);
  const std::string& error() const { return error_; }
  Location locate(std::uint64_t byte_address) const;
  /// The first byte of burst `l` (the inverse of locate()).
  std::uint64_t address_of(const Location& l) const;
  std::uint64_t capacity_bytes() const { return std::uint64_t{1} << total_bits_; }

 private:
  enum Field { kRow, kRank, kGroup, kBank, kColumn, kChannel, kFields };
  std::array<int, kFields> order_{};  ///< fields from least to most significant
  std::array<int, kFields> bits_{};
  int offset_bits_ = 0, total_bits_ = 0;
  std::string error_;
};

/// Whole log2 of `n` if it is a power of two, else -1.
int exact_log2(std::uint64_t n);

}  // namespace axsim::arch::dram
