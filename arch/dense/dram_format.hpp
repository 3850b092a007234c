// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <cstdint>

#include <memory>
#include <string>

#include "arch/dense/dense_spec.hpp"
#include "arch/dense/dram_codec.hpp"

namespace axsim::arch::dense {

/// Size of a block of values in SCNN's compressed format (Parashar et al., ISCA 2017, Sec. 4):
/// a count of entries, then one entry per non-zero value: the value at `value_bits` and a
/// 4-bit index holding the number of zeros before it. A run of more than 15 zeros inserts an
/// explicit zero entry (index 15, value 0) per 16 zeros. Zeros after the last non-zero cost
/// nothing: the decoder knows the block's length and the entry count.
class ZeroRleSize {
 public:
  static constexpr int kIndexBits = 4;
  static constexpr int kCountBits = 32;  ///< the entry count at the head of each block
  static constexpr std::uint64_t kMaxRun = (1u << kIndexBits) - 1;

  explicit ZeroRleSize(int value_bits) : value_bits_(value_bits) {}
  /// Appends `n` values to the block, in transfer order.
  template <class T>
  void add(const T* values, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (values[i] == 0) {
        ++run_;
        continue;
      }
      entries_ += run_ / (kMaxRun + 1) + 1;  // the fillers, then the value itself
      run_ = 0;
    }
  }
  std::uint64_t entries() const { return entries_; }
  std::uint64_t bits() const { return kCountBits + entries_ * (value_bits_ + kIndexBits); }
  std::uint64_t bytes() const { return (bits() + 7) / 8; }

 private:
  int value_bits_;
  std::uint64_t entries_ = 0;
  std::uint64_t run_ = 0;  ///< zeros since the last entry
};

/// Bytes of `n` values of `value_bits` each moved uncompressed.
inline std::uint64_t raw_bytes(std::uint64_t n, int value_bits) {
  return (n * std::uint64_t(value_bits) + 7) / 8;
}

/// Bytes one block occupies on the DRAM interface, from its real values, in the format named by
/// `compression` (a DramCodecs implementation, dram_codec.hpp).
class DramBlock {
 public:
  DramBlock(const std::string& compression, int value_bits)
      : codec_(DramCodecs::make(compression, value_bits)), value_bits_(value_bits) {}
  template <class T>
  void add(const T* values, std::size_t n) {
    count_ += n;
    codec_->add(values, n);
  }
  std::uint64_t raw() const { return raw_bytes(count_, value_bits_); }
  std::uint64_t bytes() const { return codec_->bytes(raw()); }

 private:
  std::unique_ptr<DramCodec> codec_;
  int value_bits_;
  std::uint64_t count_ = 0;
};

}  // namespace axsim::arch::dense
