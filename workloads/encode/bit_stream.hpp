// SPDX-License-Identifier: Apache-2.0
// Private to workloads/encode: the little-endian bit writer and reader every format packs with.
// Bit i of the stream is bit (i mod 8) of byte i / 8, and a field's least significant bit is
// written first, so a field may straddle bytes and the stream has no gaps between fields.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "workloads/le_bytes.hpp"

namespace axsim::workloads::encode_detail {

/// The largest value a `width`-bit field holds (width 0..64).
inline std::uint64_t field_max(int width) {
  return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

class BitWriter {
 public:
  /// Appends the low `width` bits of `value`; a value that does not fit is our bug (callers
  /// range-check user data first with a message naming the field).
  void put(std::uint64_t value, int width) {
    if (width < 0 || width > 64 || value > field_max(width))
      throw std::logic_error("BitWriter: value " + std::to_string(value) + " does not fit " +
                             std::to_string(width) + " bits");
    if (width == 0) return;
    const int offset_bits = static_cast<int>(bit_count_ % 8);
    bit_count_ += static_cast<std::uint64_t>(width);
    const auto size = static_cast<std::size_t>((bit_count_ + 7) / 8);
    std::size_t at = bytes_.size() - (offset_bits != 0);  // the partly filled last byte
    bytes_.resize(size, 0);
    // The field shifted to its offset spans at most 9 bytes: the low 8 as one word, then the
    // bits shifted out of it.
    const std::uint64_t low = value << offset_bits;
    for (int i = 0; at < size && i < 8; ++i, ++at)
      bytes_[at] |= static_cast<std::uint8_t>(low >> (8 * i));
    if (at < size) bytes_[at] |= static_cast<std::uint8_t>(value >> (64 - offset_bits));
  }
  std::uint64_t bit_count() const { return bit_count_; }
  /// The packed bytes; the unused high bits of the last byte are zero.
  std::vector<std::uint8_t> take_bytes() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint64_t bit_count_ = 0;
};

class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

  /// Reads a `width`-bit field; throws std::invalid_argument when the stream is too short, so
  /// a truncated or mislabelled encoding fails loudly instead of decoding garbage.
  std::uint64_t get(int width) {
    const std::size_t byte = static_cast<std::size_t>(bit_pos_ / 8);
    // One 8-byte load holds the whole field (the common case, inlined); else the checked path.
    if (width >= 0 && width <= 56 && byte + 8 <= bytes_.size()) {
      const int offset_bits = static_cast<int>(bit_pos_ % 8);
      bit_pos_ += static_cast<std::uint64_t>(width);
      return (load_le64(bytes_.data() + byte) >> offset_bits) & field_max(width);
    }
    return get_checked(width);
  }

  std::uint64_t remaining_bits() const { return size_bits() - bit_pos_; }

  /// Throws std::invalid_argument unless `count` more fields of `width` bits are present, so a
  /// count read from the stream (or implied by the shape) is checked against the bytes actually
  /// there before it sizes an allocation or a loop.
  void expect_fields(std::uint64_t count, int width, const std::string& what) const {
    if (width > 0 && count > remaining_bits() / static_cast<std::uint64_t>(width))
      throw std::invalid_argument("decode: " + what + " " + std::to_string(count) + " x " +
                                  std::to_string(width) + " bits, only " +
                                  std::to_string(remaining_bits()) + " bits left at bit " +
                                  std::to_string(bit_pos_));
  }

  /// Checks the whole stream was consumed: only the zero fill of the last byte may remain.
  void expect_end() const {
    const std::uint64_t left_bits = size_bits() - bit_pos_;
    // Whole bytes left over are an error before any shift (a shift by 8 - left_bits < 0 is UB).
    const bool fill_is_zero =
        left_bits == 0 ||
        (left_bits < 8 && (bytes_.back() >> (8 - static_cast<int>(left_bits))) == 0);
    if (left_bits >= 8 || !fill_is_zero)
      throw std::invalid_argument("decode: " + std::to_string(left_bits) +
                                  " unexpected bits after the last field");
  }

 private:
  std::uint64_t get_checked(int width) {
    if (width < 0 || width > 64) throw std::logic_error("BitReader: bad width");
    if (bit_pos_ + static_cast<std::uint64_t>(width) > size_bits())
      throw std::invalid_argument("decode: bit stream ends early (need " + std::to_string(width) +
                                  " bits at bit " + std::to_string(bit_pos_) + ")");
    std::uint64_t value = 0;
    for (int done_bits = 0; done_bits < width;) {
      const int offset_bits = static_cast<int>(bit_pos_ % 8);
      const int take_bits = std::min(8 - offset_bits, width - done_bits);
      const std::uint64_t chunk = (bytes_[bit_pos_ / 8] >> offset_bits) & field_max(take_bits);
      value |= chunk << done_bits;
      done_bits += take_bits;
      bit_pos_ += static_cast<std::uint64_t>(take_bits);
    }
    return value;
  }
  std::uint64_t size_bits() const { return static_cast<std::uint64_t>(bytes_.size()) * 8; }

  std::span<const std::uint8_t> bytes_;
  std::uint64_t bit_pos_ = 0;
};

}  // namespace axsim::workloads::encode_detail
