// SPDX-License-Identifier: Apache-2.0
// The dense unit's DRAM formats (dram_compression): every value at its width, or SCNN's
// zero-run-length format sized exactly from the values (dram_format.hpp).
#include "arch/dense/dram_codec.hpp"

#include <algorithm>
#include <memory>

#include "arch/dense/dram_format.hpp"

namespace axsim::arch::dense {

namespace {

class Uncompressed : public DramCodec {
 public:
  void add(const std::int16_t*, std::size_t) override {}
  void add(const std::int32_t*, std::size_t) override {}
  std::uint64_t bytes(std::uint64_t raw_bytes) const override { return raw_bytes; }
};

/// Falls back to the raw form when that is smaller (a per-block flag, as any compressing DMA
/// has; dense activations would otherwise grow by the index bits).
class ZeroRle : public DramCodec {
 public:
  explicit ZeroRle(int value_bits) : rle_(value_bits) {}
  void add(const std::int16_t* values, std::size_t n) override { rle_.add(values, n); }
  void add(const std::int32_t* values, std::size_t n) override { rle_.add(values, n); }
  std::uint64_t bytes(std::uint64_t raw_bytes) const override {
    return std::min(rle_.bytes(), raw_bytes);
  }

 private:
  ZeroRleSize rle_;
};

}  // namespace

AXSIM_REGISTER_SLOT(DramCodecs, {"none", "every element at its width",
                                 [](int) { return std::make_unique<Uncompressed>(); }});
AXSIM_REGISTER_SLOT(DramCodecs, {"zero_rle", "SCNN's zero-run-length format, per block (DCNN-opt)",
                                 [](int bits) { return std::make_unique<ZeroRle>(bits); }});

}  // namespace axsim::arch::dense
