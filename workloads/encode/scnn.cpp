// SPDX-License-Identifier: Apache-2.0
// SCNN's compressed-sparse format (Parashar et al., ISCA 2017, Sec. 4): per block, a count of
// stored entries, the data vector of non-zero codes and the index vector of zero-run lengths before
// each one (a padding zero when a run exceeds 2^index_bits - 1).
// Weights: the matrix is [K output channels][C x R x S]; one block per input channel c holds
// the K x R x S weights of that channel in (k, r, s) order. (SCNN blocks per Kc x R x S with Kc
// output channels per group; Kc = K here.) Activations: one block per channel's H x W plane in
// (h, w) order.
// Bit layout, block by block: count (pointer_bits), count codes (code_bits each), then count
// zero-runs (index_bits each), i.e. SCNN's separate data and index vectors.
#include <stdexcept>

#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

namespace {

void check_spec(const EncodeSpec& spec, const std::string& format) {
  check_index_bits(spec, format);
  check_pointer_bits(spec, format);
}

std::int64_t kernel_size(const EncodeSpec& spec, std::int64_t cols) {
  if (spec.kernel_h < 1 || spec.kernel_w < 1)
    throw std::invalid_argument("scnn: kernel_h and kernel_w must be >= 1");
  const std::int64_t size = std::int64_t{spec.kernel_h} * spec.kernel_w;
  if (cols % size != 0)
    throw std::invalid_argument("scnn: cols (" + std::to_string(cols) +
                                ") is not a multiple of kernel_h x kernel_w (" +
                                std::to_string(size) + ")");
  return size;
}

/// Input channel c's K x R x S weights in (k, r, s) order.
std::vector<std::int32_t> channel_block(const CodeMatrix& m, std::int64_t c,
                                        std::int64_t kernel) {
  std::vector<std::int32_t> block;
  for (std::int64_t k = 0; k < m.rows; ++k)
    for (std::int64_t rs = 0; rs < kernel; ++rs) block.push_back(m.at(k, c * kernel + rs));
  return block;
}

void write_block(const std::vector<std::int32_t>& block, const EncodeSpec& spec,
                 const CodeWidth& width, const std::string& what, BitWriter& writer,
                 Encoded& out) {
  const std::vector<RunEntry> entries = to_run_entries(block, spec.index_bits);
  check_fits(entries.size(), spec.pointer_bits, what + " entry count");
  writer.put(entries.size(), spec.pointer_bits);
  for (const RunEntry& e : entries) writer.put(width.pack(e.code), width.bits);
  for (const RunEntry& e : entries) writer.put(e.zeros_before, spec.index_bits);
  out.stats.pointer_bits += static_cast<std::uint64_t>(spec.pointer_bits);
  count_run_entries(entries, width.bits, spec.index_bits, out);
}

std::vector<RunEntry> read_entries(BitReader& reader, std::int64_t length,
                                   const EncodeSpec& spec, const CodeWidth& width) {
  const std::uint64_t count = reader.get(spec.pointer_bits);
  // Every entry takes a position, so a larger count can only come from a corrupt stream.
  if (count > static_cast<std::uint64_t>(length))
    throw std::invalid_argument("decode: block count " + std::to_string(count) +
                                " exceeds its " + std::to_string(length) + " positions");
  reader.expect_fields(count, width.bits + spec.index_bits, "block count");
  std::vector<RunEntry> entries(count);
  for (RunEntry& e : entries) e.code = width.unpack(reader.get(width.bits));
  for (RunEntry& e : entries)
    e.zeros_before = static_cast<std::uint32_t>(reader.get(spec.index_bits));
  std::uint64_t positions = 0;
  for (const RunEntry& e : entries) positions += std::uint64_t(e.zeros_before) + 1;
  if (positions > static_cast<std::uint64_t>(length))
    throw std::invalid_argument("decode: block entries cover " + std::to_string(positions) +
                                " positions, the block has " + std::to_string(length));
  return entries;
}

std::vector<std::int32_t> read_block(BitReader& reader, std::int64_t length,
                                     const EncodeSpec& spec, const CodeWidth& width) {
  return from_run_entries(read_entries(reader, length, spec, width), length);
}

}  // namespace

void encode_scnn(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                 Encoded& out) {
  check_spec(spec, "scnn");
  const std::int64_t kernel = kernel_size(spec, m.cols);
  BitWriter writer;
  for (std::int64_t c = 0; c < m.cols / kernel; ++c)
    write_block(channel_block(m, c, kernel), spec, width,
                "scnn: input channel " + std::to_string(c), writer, out);
  out.bytes = writer.take_bytes();
}

void decode_scnn(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                 CodeMatrix& out) {
  check_spec(spec, "scnn");
  const std::int64_t kernel = kernel_size(spec, out.cols);
  BitReader reader(e.bytes);
  for (std::int64_t c = 0; c < out.cols / kernel; ++c) {
    const auto block = read_block(reader, out.rows * kernel, spec, width);
    for (std::int64_t k = 0; k < out.rows; ++k)
      for (std::int64_t rs = 0; rs < kernel; ++rs)
        out.codes[static_cast<std::size_t>(k * out.cols + c * kernel + rs)] =
            block[static_cast<std::size_t>(k * kernel + rs)];
  }
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail

namespace axsim::workloads {

std::vector<ScnnBlock> read_scnn(const Encoded& e, std::int64_t rows, std::int64_t cols,
                                 int code_bits, const EncodeSpec& spec) {
  using namespace encode_detail;
  check_spec(spec, "scnn");
  check_decode_shape(rows, cols, code_bits);
  const std::int64_t kernel = kernel_size(spec, cols);
  BitReader reader(e.bytes);
  const CodeWidth width{code_bits, e.signed_codes};
  std::vector<ScnnBlock> blocks(static_cast<std::size_t>(cols / kernel));
  for (ScnnBlock& b : blocks)
    for (const RunEntry& entry : read_entries(reader, rows * kernel, spec, width)) {
      b.codes.push_back(entry.code);
      b.zeros_before.push_back(entry.zeros_before);
    }
  reader.expect_end();
  return blocks;
}

Encoded encode_scnn_activations(const CodeMatrix& acts, const EncodeSpec& spec) {
  using namespace encode_detail;
  check_spec(spec, "scnn_act");
  Encoded out;
  out.format = "scnn_act";
  const CodeWidth width = check_matrix(acts);
  out.signed_codes = width.is_signed;
  BitWriter writer;
  for (std::int64_t c = 0; c < acts.rows; ++c) {
    const auto first = acts.codes.begin() + c * acts.cols;
    write_block(std::vector<std::int32_t>(first, first + acts.cols), spec, width,
                "scnn_act: channel " + std::to_string(c), writer, out);
  }
  out.bytes = writer.take_bytes();
  return out;
}

CodeMatrix decode_scnn_activations(const Encoded& e, std::int64_t channels,
                                   std::int64_t plane_size, int code_bits,
                                   const EncodeSpec& spec) {
  using namespace encode_detail;
  if (e.format != "scnn_act")
    throw std::invalid_argument("decode_scnn_activations: format is '" + e.format +
                                "', expected 'scnn_act'");
  check_spec(spec, "scnn_act");
  check_decode_shape(channels, plane_size, code_bits);
  CodeMatrix out{channels, plane_size, code_bits, {}};
  BitReader reader(e.bytes);
  const CodeWidth width{code_bits, e.signed_codes};
  for (std::int64_t c = 0; c < channels; ++c) {
    const auto plane = read_block(reader, plane_size, spec, width);
    out.codes.insert(out.codes.end(), plane.begin(), plane.end());
  }
  reader.expect_end();
  return out;
}

}  // namespace axsim::workloads
