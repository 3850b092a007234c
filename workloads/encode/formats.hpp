// SPDX-License-Identifier: Apache-2.0
// Private to workloads/encode: the per-format encoders behind encode()/decode() and the pieces
// they share (code packing, run-length blocks with padding, argument checks).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "workloads/encode/bit_stream.hpp"
#include "workloads/encode/encoding.hpp"

namespace axsim::workloads::encode_detail {

/// How one code occupies code_bits bits. Code 0 is the all-zero pattern either way, so "zero
/// weight" survives packing in both modes.
struct CodeWidth {
  int bits = 4;
  bool is_signed = false;
  std::uint64_t pack(std::int32_t code) const;
  std::int32_t unpack(std::uint64_t pattern) const {
    const bool negative = is_signed && ((pattern >> (bits - 1)) & 1) != 0;
    const auto value = static_cast<std::int64_t>(pattern);
    return static_cast<std::int32_t>(negative ? value - (std::int64_t{1} << bits) : value);
  }
};

/// Checks a matrix (shape, code_bits in 1..32, every code fits) and picks signed storage when
/// any code is negative. Throws std::invalid_argument naming the first offending code.
CodeWidth check_matrix(const CodeMatrix& m);
/// Checks the arguments of decode(): shape and code_bits.
void check_decode_shape(std::int64_t rows, std::int64_t cols, int code_bits);
void check_index_bits(const EncodeSpec& spec, const std::string& format);
void check_pointer_bits(const EncodeSpec& spec, const std::string& format);
void check_num_pes(const EncodeSpec& spec, const std::string& format);
/// Throws std::invalid_argument when `value` needs more than `bits` bits.
void check_fits(std::uint64_t value, int bits, const std::string& what);

/// Rows on PE `pe` when rows are interleaved over `num_pes` PEs (row r on PE r mod num_pes).
std::int64_t local_rows(std::int64_t rows, int num_pes, int pe);
/// Column `col` as PE `pe` sees it: rows pe, pe + num_pes, ... in local order.
std::vector<std::int32_t> column_slice(const CodeMatrix& m, int num_pes, int pe, std::int64_t col);

/// One stored entry of a run-length block: a code (0 for a padding zero) and the number of
/// zeros skipped since the previous stored entry.
struct RunEntry {
  std::int32_t code = 0;
  std::uint32_t zeros_before = 0;
};

/// The entries of one block (EIE column slice, ESE row, SCNN channel). A padding entry is a
/// stored zero that occupies the position it lands on, so each padding consumes 2^index_bits
/// zeros of a gap (2^index_bits - 1 skipped, plus itself); trailing zeros are not stored.
std::vector<RunEntry> to_run_entries(const std::vector<std::int32_t>& block, int index_bits);
/// Inverse of to_run_entries(): the `length` codes of the block.
std::vector<std::int32_t> from_run_entries(const std::vector<RunEntry>& entries,
                                           std::int64_t length);
/// Adds entries to the stats and symbol lists (weight bits, index bits, padding).
void count_run_entries(std::span<const RunEntry> entries, int code_bits, int index_bits,
                       Encoded& out);

/// The EIE / ESE layout of one PE: block pointers p_0 .. p_n (entry offsets, so block j holds
/// entries p_j .. p_{j+1} - 1; p_0 = 0), then each block's entries as (code, zeros_before)
/// pairs. Defined in eie_csc.cpp.
std::vector<std::vector<std::int32_t>> read_pointer_blocks(BitReader& reader,
                                                           std::int64_t block_count,
                                                           std::int64_t block_length,
                                                           const EncodeSpec& spec,
                                                           const CodeWidth& width);

/// `count` entries of (code, zeros_before) read from `reader` (eie_csc.cpp; ese.cpp reads them
/// too). Throws std::invalid_argument when fewer bits remain.
std::vector<RunEntry> read_run_entries(BitReader& reader, std::uint64_t count,
                                       const CodeWidth& width, int index_bits);

/// `count` entries read into a PE image's 16-bit entries (eie_csc.cpp; ese.cpp reads them too).
/// Throws std::invalid_argument when fewer bits remain or a code or index does not fit.
void read_image_entries(BitReader& reader, std::uint64_t count, const CodeWidth& width,
                        int index_bits, std::vector<SparseEntry>& out);

/// column_counts() of an "eie_csc" encoding, entry by entry (eie_csc.cpp).
std::vector<std::uint64_t> eie_csc_column_counts(std::span<const std::uint8_t> bytes,
                                                 std::int64_t rows,
                                                 std::int64_t cols, const EncodeSpec& spec,
                                                 const CodeWidth& width,
                                                 const std::function<bool(std::int32_t)>& counts);

// Each encoder appends its layout to `out` (bytes, stats, symbols); each decoder fills `out`,
// a zero matrix of the right shape and code_bits.
void encode_eie_csc(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                    Encoded& out);
void decode_eie_csc(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                    CodeMatrix& out);
void encode_ese(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                Encoded& out);
void decode_ese(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                CodeMatrix& out);
void encode_scnn(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                 Encoded& out);
void decode_scnn(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                 CodeMatrix& out);
void encode_bitmask(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                    Encoded& out);
void decode_bitmask(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                    CodeMatrix& out);
void encode_dense(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                  Encoded& out);
void decode_dense(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                  CodeMatrix& out);

}  // namespace axsim::workloads::encode_detail
