// SPDX-License-Identifier: Apache-2.0
#include "arch/dense/weight_image.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch::dense {

namespace {

// A code's level as the weight buffer holds it: within weight_bits (at most 16, check_layer).
// Unsigned codes as wide as weight_bits have levels that do not fit: refused, not truncated.
std::int16_t buffer_level(const workloads::FixedPoint& fp, std::int32_t code) {
  const std::int32_t v = fp.level(code);
  const std::int32_t hi = (1 << (std::clamp(fp.weight_bits, 1, 16) - 1)) - 1;
  if (v > hi || v < -hi - 1)
    throw std::invalid_argument("code " + std::to_string(code) + " has the level " +
                                std::to_string(v) + ", outside weight_bits " +
                                std::to_string(fp.weight_bits));
  return static_cast<std::int16_t>(v);
}

}  // namespace

WeightImage::WeightImage(const workloads::Layer& l, const std::string& format) {
  const workloads::WeightEncoding* e = l.encoding(format);
  if (e == nullptr) throw sim::ConfigError("layer " + l.name + ": no \"" + format + "\" encoding");
  shape_ = l.shape.step_shape();
  groups_ = shape_.groups;
  shape_.groups = 1;
  cg_ = shape_.in_channels / groups_, mg_ = shape_.out_channels / groups_;
  kernel_ = shape_.kernel_h * shape_.kernel_w;
  // The image (int16 levels) and the decoded codes (int32) of every weight, before either is
  // allocated.
  const std::uint64_t image_bytes = sim::bytes_of(shape_.weight_count(), 2);
  const std::uint64_t codes_bytes = sim::bytes_of(l.shape.weight_count(), 4);
  sim::MemoryBudget::check(image_bytes + codes_bytes < image_bytes ? ~std::uint64_t{0}
                                                                   : image_bytes + codes_bytes,
                           "layer " + l.name + ": " + format + " weight image");
  levels_.assign(shape_.weight_count(), 0);
  code_bits_ = e->code_bits;
  try {
    if (format == "scnn") read_scnn(l, *e);
    else read_dense(l, *e);
  } catch (const std::invalid_argument& ex) {
    throw sim::ConfigError("layer " + l.name + ": its " + format + " weights do not decode: " +
                           ex.what());
  }
}

// Packed codes [M][C/g][R][S], each through the fixed-point rule into [M][C][R][S].
void WeightImage::read_dense(const workloads::Layer& l, const workloads::WeightEncoding& e) {
  const workloads::CodeMatrix m = workloads::decode(
      workloads::to_encoded(e), l.shape.rows(), l.shape.cols(), e.code_bits,
      workloads::decode_spec(e, l.shape));
  const auto cols = std::size_t(l.shape.cols());
  for (int k = 0; k < shape_.out_channels; ++k) {
    const std::size_t base = (std::size_t(k) * shape_.in_channels + std::size_t(k / mg_) * cg_) * kernel_;
    for (std::size_t j = 0; j < cols; ++j)
      levels_[base + j] = buffer_level(l.fixed_point, m.codes[std::size_t(k) * cols + j]);
  }
  total_bits_ = std::uint64_t(l.shape.weight_count()) * std::uint64_t(e.code_bits);
}

// Per local channel c', the stored entries of its M x R x S weights in (k, r, s) order.
void WeightImage::read_scnn(const workloads::Layer& l, const workloads::WeightEncoding& e) {
  scnn_ = true;
  entry_bits_ = e.code_bits + e.index_bits, count_bits_ = e.pointer_bits;
  const auto blocks = workloads::read_scnn(workloads::to_encoded(e), l.shape.rows(),
                                           l.shape.cols(), e.code_bits,
                                           workloads::decode_spec(e, l.shape));
  const auto m_count = std::size_t(shape_.out_channels);
  entries_before_.assign(blocks.size() * (m_count + 1), 0);
  for (std::size_t cl = 0; cl < blocks.size(); ++cl) {
    std::uint64_t* before = &entries_before_[cl * (m_count + 1)];
    std::int64_t pos = -1;
    for (std::size_t i = 0; i < blocks[cl].codes.size(); ++i) {
      pos += std::int64_t(blocks[cl].zeros_before[i]) + 1;
      const auto k = std::size_t(pos / kernel_), rs = std::size_t(pos % kernel_);
      ++before[k + 1];
      const std::size_t c = (k / std::size_t(mg_)) * std::size_t(cg_) + cl;
      levels_[(k * std::size_t(shape_.in_channels) + c) * std::size_t(kernel_) + rs] =
          buffer_level(l.fixed_point, blocks[cl].codes[i]);
    }
    for (std::size_t k = 0; k < m_count; ++k) before[k + 1] += before[k];
    total_bits_ += std::uint64_t(count_bits_) + before[m_count] * std::uint64_t(entry_bits_);
  }
}

std::pair<int, int> WeightImage::group_filters(int c, int m0, int mt) const {
  const int g = c / cg_;
  return {std::max(m0, g * mg_), std::min(m0 + mt, (g + 1) * mg_)};
}

std::uint64_t WeightImage::bits(int m0, int mt, int c0, int ct) const {
  std::uint64_t bits = 0;
  const auto m_count = std::size_t(shape_.out_channels);
  for (int c = c0; c < c0 + ct; ++c) {
    const auto [lo, hi] = group_filters(c, m0, mt);
    if (lo >= hi) continue;
    if (!scnn_) {
      bits += std::uint64_t(hi - lo) * std::uint64_t(kernel_) * std::uint64_t(code_bits_);
      continue;
    }
    const std::uint64_t* before = &entries_before_[std::size_t(c % cg_) * (m_count + 1)];
    bits += (before[hi] - before[lo]) * std::uint64_t(entry_bits_);
    if (lo == 0) bits += std::uint64_t(count_bits_);
  }
  return bits;
}

}  // namespace axsim::arch::dense
