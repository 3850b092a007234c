// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace axsim::workloads {

/// A quantized rows x cols matrix as the encoders see it: code 0 means a zero weight, any other
/// code a non-zero one (codebook index or integer level) stored in `code_bits` bits.
struct CodeMatrix {
  std::int64_t rows = 0, cols = 0;
  int code_bits = 4;
  std::vector<std::int32_t> codes;  ///< rows x cols, row-major
  std::int32_t at(std::int64_t r, std::int64_t c) const { return codes[r * cols + c]; }
};

/// What an encoding costs, in bits (the Deep Compression table columns).
struct EncodingStats {
  std::uint64_t entries = 0;          ///< stored entries, padding zeros included
  std::uint64_t padding_entries = 0;  ///< zeros stored only because a gap overflowed the index
  std::uint64_t weight_bits = 0;      ///< bits of stored weight codes
  std::uint64_t index_bits = 0;       ///< bits of relative indices / masks / run lengths
  std::uint64_t pointer_bits = 0;     ///< bits of column or row pointers
  std::uint64_t total_bits() const { return weight_bits + index_bits + pointer_bits; }
};

/// One encoded matrix: the packed bytes (the format's real bit layout) and its cost.
struct Encoded {
  std::string format;
  std::vector<std::uint8_t> bytes;
  EncodingStats stats;
  std::vector<std::int32_t> weight_symbols;  ///< stored weight codes in order (Huffman stats)
  std::vector<std::int32_t> index_symbols;   ///< stored relative indices in order (Huffman stats)
  /// Codes are stored as their low code_bits bits: unsigned, or two's complement when the matrix
  /// held a negative code (e.g. signed uniform levels). Set by encode(), read by decode().
  bool signed_codes = false;
};

/// Parameters shared by the encoders; each format documents which it reads.
struct EncodeSpec {
  int num_pes = 64;       ///< eie_csc / ese: rows interleaved over PEs (row r on PE r mod N)
  int index_bits = 4;     ///< eie_csc / ese / scnn: bits of the relative index (zero-run length)
  int pointer_bits = 16;  ///< eie_csc / ese: bits per pointer; scnn: bits of each block's count
  int kernel_h = 1;       ///< scnn: the R x S kernel, so cols = C x R x S
  int kernel_w = 1;
  int channels = 1;       ///< ese: columns interleaved over channels (column j in channel j mod C)
};

/// Encoders, by name: "eie_csc" (EIE's interleaved CSC: per PE, per column, entries of (4-bit
/// code, 4-bit zeros-before) with a padding zero whenever the gap exceeds 2^index_bits - 1, and
/// a pointer per column), "ese" (ESE's row-interleaved CSR-like format with the same relative
/// index), "scnn" (SCNN's compressed data + zero-run index vectors, per input channel x kernel),
/// "bitmask" (one presence bit per weight + non-zero codes), "dense" (packed codes, no index).
/// Throws std::invalid_argument for an unknown name.
Encoded encode(const std::string& format, const CodeMatrix& m, const EncodeSpec& spec);
/// Exact inverse of encode(): returns the code matrix (tests check the round trip).
CodeMatrix decode(const Encoded& e, std::int64_t rows, std::int64_t cols, int code_bits,
                  const EncodeSpec& spec);
std::vector<std::string> encoding_names();

/// How many stored weights of each column have a code that `counts` accepts (e.g. a code whose
/// level is not zero): `cols` counts, checking the bytes as decode() does. For "eie_csc" the
/// entries are walked as stored, without a dense matrix; other formats are decoded first.
std::vector<std::uint64_t> column_counts(const std::string& format,
                                         std::span<const std::uint8_t> bytes, bool signed_codes,
                                         std::int64_t rows, std::int64_t cols, int code_bits,
                                         const EncodeSpec& spec,
                                         const std::function<bool(std::int32_t)>& counts);

/// One stored entry as a sparse PE's SRAM holds it: a code (0 for a zero, padding or not) and
/// the number of zeros skipped before it, 16 bits each.
struct SparseEntry {
  std::int16_t code = 0;
  std::uint16_t zeros_before = 0;
  friend bool operator==(const SparseEntry&, const SparseEntry&) = default;
};

/// One EIE PE's slice of an "eie_csc" encoding, as its SRAMs hold it: the pointer vector
/// (cols + 1 entry offsets, column j = entries p_j .. p_{j+1} - 1) and the stored entries in
/// column order. A reader refuses codes or relative indices that do not fit 16 bits.
struct EiePeImage {
  std::vector<std::uint32_t> pointers;
  std::vector<SparseEntry> entries;
};
/// Reads the bytes of an "eie_csc" encoding into one image per PE (spec.num_pes of them),
/// checking the layout as decode() does. Throws std::invalid_argument on malformed bytes.
std::vector<EiePeImage> read_eie_csc(std::span<const std::uint8_t> bytes, bool signed_codes,
                                     std::int64_t rows, std::int64_t cols, int code_bits,
                                     const EncodeSpec& spec);
/// The same for an "ese" encoding: channels x num_pes images (PE p of channel c at c x num_pes +
/// p), each over its channel's columns in order, the entry counts become pointers (prefix sums).
std::vector<EiePeImage> read_ese(const Encoded& e, std::int64_t rows, std::int64_t cols,
                                 int code_bits, const EncodeSpec& spec);

/// One block of an "scnn" encoding as SCNN's weight FIFO receives it: the stored entries of
/// input channel c's K x R x S weights in (k, r, s) order, each a code (0 for a padding zero) and
/// its zeros-before count. Entry i sits at position sum_{j<=i} (zeros_before[j] + 1) - 1.
struct ScnnBlock {
  std::vector<std::int32_t> codes;
  std::vector<std::uint32_t> zeros_before;
};
/// Reads the bytes of an "scnn" encoding (rows = K, cols = C x R x S, spec.kernel_h/w = R, S)
/// into one block per input channel, checking the layout as decode() does. Throws
/// std::invalid_argument on malformed bytes.
std::vector<ScnnBlock> read_scnn(const Encoded& e, std::int64_t rows, std::int64_t cols,
                                 int code_bits, const EncodeSpec& spec);

/// SCNN's activation format: `acts` holds one input channel per row ([C][H x W], rows = C,
/// cols = H x W); each channel's plane is one block of (count, codes, zero-run indices) exactly
/// as the "scnn" weight blocks. SCNN compresses per Wt x Ht tile: pass one tile per call.
Encoded encode_scnn_activations(const CodeMatrix& acts, const EncodeSpec& spec);
CodeMatrix decode_scnn_activations(const Encoded& e, std::int64_t channels,
                                   std::int64_t plane_size, int code_bits,
                                   const EncodeSpec& spec);

/// Huffman coding statistics (Deep Compression's third stage): total bits of an optimal
/// prefix code over the symbols' frequencies (the bitstream itself is not produced).
std::uint64_t huffman_bits(const std::vector<std::int32_t>& symbols);

}  // namespace axsim::workloads
