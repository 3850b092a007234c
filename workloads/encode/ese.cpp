// SPDX-License-Identifier: Apache-2.0
// ESE's sparse format (Han et al., FPGA 2017; known second-hand): "CSC with padding zeros", a
// 12-bit weight and a 4-bit relative index in each 16-bit entry, rows interleaved over the PEs
// that share one input element. As modelled here: EIE's interleaved CSC (eie_csc.cpp), with two
// differences. The codes are the linear fixed-point weights themselves (no codebook). And each
// column's place in a PE's entries is stored as its entry count (pointer_bits each), not as an
// absolute pointer: ESE streams the matrix and reads the columns in order, so a PE adds the
// counts up as it goes, and with thousands of PEs holding a few rows each the counts need a few
// bits where absolute pointers need sixteen (an assumption: the paper's pointer storage was not
// found in the sources read).
// Columns are interleaved over `channels` channels (column j in channel j mod C), each with its
// own N PEs (rows interleaved over them): a channel streams and broadcasts its own columns.
// Bit layout, channel 0 .. C-1, and in each PE 0 .. N-1 in turn: the counts of the channel's
// columns in order (pointer_bits each), then the PE's entries column by column, each code
// (code_bits) followed by zeros_before (index_bits).
#include <stdexcept>

#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

namespace {

void check_ese_spec(const EncodeSpec& spec) {
  check_num_pes(spec, "ese");
  if (spec.channels < 1)
    throw std::invalid_argument("ese: channels must be >= 1, got " + std::to_string(spec.channels));
  check_index_bits(spec, "ese");
  check_pointer_bits(spec, "ese");
}

// One PE's entry counts as pointers (prefix sums), checked against the bits left before
// anything is allocated; its entries follow.
std::vector<std::uint32_t> read_counts(BitReader& reader, std::int64_t cols,
                                       const EncodeSpec& spec) {
  reader.expect_fields(std::uint64_t(cols), spec.pointer_bits, "entry counts");
  std::vector<std::uint32_t> pointers{0};
  for (std::int64_t j = 0; j < cols; ++j) {
    const std::uint64_t next = pointers.back() + reader.get(spec.pointer_bits);
    if (next > 0xFFFFFFFFu)
      throw std::invalid_argument("decode: ese entry counts exceed the 32-bit pointer image");
    pointers.push_back(std::uint32_t(next));
  }
  return pointers;
}

// Columns of channel c: c, c + C, ...
std::int64_t channel_cols(std::int64_t cols, int channels, int c) {
  return local_rows(cols, channels, c);
}

void encode_pe(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width, int c,
               int pe, BitWriter& writer, Encoded& out) {
  std::vector<std::vector<RunEntry>> columns;
  for (std::int64_t col = c; col < m.cols; col += spec.channels) {
    columns.push_back(to_run_entries(column_slice(m, spec.num_pes, pe, col), spec.index_bits));
    check_fits(columns.back().size(), spec.pointer_bits,
               "ese: PE " + std::to_string(pe) + " column " + std::to_string(col) + " entry count");
    writer.put(columns.back().size(), spec.pointer_bits);
  }
  out.stats.pointer_bits += std::uint64_t(columns.size()) * std::uint64_t(spec.pointer_bits);
  for (const auto& entries : columns) {
    for (const RunEntry& e : entries) {
      writer.put(width.pack(e.code), width.bits);
      writer.put(e.zeros_before, spec.index_bits);
    }
    count_run_entries(entries, width.bits, spec.index_bits, out);
  }
}

}  // namespace

void encode_ese(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                Encoded& out) {
  check_ese_spec(spec);
  BitWriter writer;
  for (int c = 0; c < spec.channels; ++c)
    for (int pe = 0; pe < spec.num_pes; ++pe) encode_pe(m, spec, width, c, pe, writer, out);
  out.bytes = writer.take_bytes();
}

void decode_ese(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                CodeMatrix& out) {
  check_ese_spec(spec);
  BitReader reader(e.bytes);
  for (int c = 0; c < spec.channels; ++c)
    for (int pe = 0; pe < spec.num_pes; ++pe) {
      const std::int64_t pe_rows = local_rows(out.rows, spec.num_pes, pe);
      const std::int64_t cols = channel_cols(out.cols, spec.channels, c);
      const std::vector<std::uint32_t> pointers = read_counts(reader, cols, spec);
      const std::vector<RunEntry> all =
          read_run_entries(reader, pointers.back(), width, spec.index_bits);
      for (std::int64_t k = 0; k < cols; ++k) {
        const std::vector<RunEntry> entries(all.begin() + pointers[std::size_t(k)],
                                            all.begin() + pointers[std::size_t(k) + 1]);
        const std::vector<std::int32_t> slice = from_run_entries(entries, pe_rows);
        const std::int64_t col = c + k * spec.channels;
        for (std::int64_t i = 0; i < pe_rows; ++i)
          out.codes[std::size_t((pe + i * spec.num_pes) * out.cols + col)] = slice[std::size_t(i)];
      }
    }
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail

namespace axsim::workloads {

std::vector<EiePeImage> read_ese(const Encoded& e, std::int64_t rows, std::int64_t cols,
                                 int code_bits, const EncodeSpec& spec) {
  using namespace encode_detail;
  check_decode_shape(rows, cols, code_bits);
  check_ese_spec(spec);
  const CodeWidth width{code_bits, e.signed_codes};
  BitReader reader(e.bytes);
  std::vector<EiePeImage> pes;
  for (int c = 0; c < spec.channels; ++c)
    for (int pe = 0; pe < spec.num_pes; ++pe) {
      EiePeImage& img = pes.emplace_back();
      img.pointers = read_counts(reader, channel_cols(cols, spec.channels, c), spec);
      read_image_entries(reader, img.pointers.back(), width, spec.index_bits, img.entries);
    }
  reader.expect_end();
  return pes;
}

}  // namespace axsim::workloads
