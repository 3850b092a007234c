// SPDX-License-Identifier: Apache-2.0
// Sparse encodings: exact round trips for every format, EIE padding, hand-computed bit counts
// and byte layouts, SCNN activations, Huffman statistics and input errors.
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "workloads/encode/encoding.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads::encoding_test {
namespace {

/// Random codes: each position non-zero with probability `density`, values in 1..2^bits - 1
/// (or in [-2^(bits-1), 2^(bits-1) - 1] minus 0 when signed).
CodeMatrix random_codes(std::int64_t rows, std::int64_t cols, double density, int code_bits,
                        bool is_signed, std::uint64_t seed) {
  Rng rng(seed);
  CodeMatrix m{rows, cols, code_bits, std::vector<std::int32_t>(rows * cols, 0)};
  const std::int64_t levels = std::int64_t{1} << code_bits;
  for (std::int32_t& code : m.codes) {
    if (rng.uniform() >= density) continue;
    // pick + 1 covers 1 .. levels - 1; signed codes fold the upper half onto the negatives.
    const auto value = static_cast<std::int64_t>(rng.next() % std::uint64_t(levels - 1)) + 1;
    code = static_cast<std::int32_t>(is_signed && value >= levels / 2 ? value - levels : value);
  }
  return m;
}

CodeMatrix from_rows(const std::vector<std::vector<std::int32_t>>& rows, int code_bits = 4) {
  CodeMatrix m{static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(rows[0].size()),
               code_bits, {}};
  for (const auto& row : rows) m.codes.insert(m.codes.end(), row.begin(), row.end());
  return m;
}

void expect_round_trip(const std::string& format, const CodeMatrix& m, const EncodeSpec& spec,
                       const std::string& label) {
  const Encoded e = encode(format, m, spec);
  EXPECT_EQ(e.format, format);
  EXPECT_EQ(e.bytes.size(), (e.stats.total_bits() + 7) / 8) << label;
  EXPECT_EQ(e.weight_symbols.size(), e.stats.entries) << label;
  EXPECT_EQ(e.stats.weight_bits, e.stats.entries * static_cast<std::uint64_t>(m.code_bits));
  const CodeMatrix d = decode(e, m.rows, m.cols, m.code_bits, spec);
  EXPECT_EQ(d.codes, m.codes) << label;
}

struct Case {
  std::int64_t rows, cols;
  int kernel_h, kernel_w;
};

TEST(Encoding, RoundTripEveryFormat) {
  // Row counts not divisible by the PE counts, a 1x1 matrix, FC- and conv-like column counts.
  const Case cases[] = {{13, 18, 3, 3}, {7, 40, 1, 1}, {64, 9, 3, 3}, {5, 12, 2, 2}, {1, 1, 1, 1}};
  const EncodeSpec specs[] = {{4, 4, 16, 1, 1}, {3, 2, 12, 1, 1}, {64, 5, 20, 1, 1}};
  std::uint64_t seed = 0;
  for (const std::string& format : encoding_names())
    for (const Case& c : cases)
      for (EncodeSpec spec : specs)
        for (double density : {0.0, 0.02, 0.3, 1.0})
          for (int code_bits : {4, 8}) {
            spec.kernel_h = c.kernel_h;
            spec.kernel_w = c.kernel_w;
            const auto m = random_codes(c.rows, c.cols, density, code_bits, false, ++seed);
            expect_round_trip(format, m, spec,
                              format + " " + std::to_string(c.rows) + "x" +
                                  std::to_string(c.cols) + " d=" + std::to_string(density) +
                                  " pes=" + std::to_string(spec.num_pes));
          }
}

// Bytes left over after the last field are refused, whole bytes included (before, a whole
// left-over byte made the fill check shift by a negative amount: found by the trace fuzzer).
TEST(Encoding, TrailingBytesAreRefused) {
  for (const std::string& format : encoding_names()) {
    const EncodeSpec spec{4, 4, 16, 1, 1};
    const auto m = random_codes(13, 18, 0.3, 4, false, 7);
    Encoded e = encode(format, m, spec);
    for (int extra : {1, 3}) {
      Encoded longer = e;
      longer.bytes.insert(longer.bytes.end(), std::size_t(extra), std::uint8_t{0x5a});
      EXPECT_THROW(decode(longer, m.rows, m.cols, 4, spec), std::invalid_argument) << format;
    }
  }
}

TEST(Encoding, SignedCodesRoundTrip) {
  for (const std::string& format : encoding_names()) {
    const auto m = random_codes(11, 9, 0.4, 4, true, 99);
    const Encoded e = encode(format, m, EncodeSpec{4, 4, 16, 3, 3});
    EXPECT_TRUE(e.signed_codes);
    EXPECT_EQ(decode(e, 11, 9, 4, EncodeSpec{4, 4, 16, 3, 3}).codes, m.codes) << format;
  }
}

TEST(Encoding, EiePaddingOnLongGaps) {
  // 40 zeros then a non-zero: each padding zero takes a row itself, so 40 = (15 + 1) + (15 + 1)
  // + 8 gives two paddings and a final zeros_before of 8.
  CodeMatrix m{41, 1, 4, std::vector<std::int32_t>(41, 0)};
  m.codes[40] = 7;
  const Encoded e = encode("eie_csc", m, EncodeSpec{1, 4, 16});
  EXPECT_EQ(e.stats.padding_entries, 2u);
  EXPECT_EQ(e.stats.entries, 3u);
  EXPECT_EQ(e.weight_symbols, (std::vector<std::int32_t>{0, 0, 7}));
  EXPECT_EQ(e.index_symbols, (std::vector<std::int32_t>{15, 15, 8}));
  EXPECT_EQ(decode(e, 41, 1, 4, EncodeSpec{1, 4, 16}).codes, m.codes);
}

TEST(Encoding, EiePaddingBoundaries) {
  // A gap of 15 fits the 4-bit index; a gap of 16 needs one padding zero.
  for (int gap : {15, 16}) {
    CodeMatrix m{gap + 1, 1, 4, std::vector<std::int32_t>(gap + 1, 0)};
    m.codes[gap] = 3;
    const Encoded e = encode("eie_csc", m, EncodeSpec{1, 4, 16});
    EXPECT_EQ(e.stats.padding_entries, gap == 15 ? 0u : 1u);
    const std::vector<std::int32_t> expected =
        gap == 15 ? std::vector<std::int32_t>{15} : std::vector<std::int32_t>{15, 0};
    EXPECT_EQ(e.index_symbols, expected);
  }
}

/// The 4 x 3 example the hand counts below are made on (PE 0: rows 0, 2; PE 1: rows 1, 3).
CodeMatrix tiny() { return from_rows({{1, 0, 0}, {0, 2, 0}, {0, 0, 3}, {4, 0, 5}}); }

TEST(Encoding, EieStatsByHand) {
  // PE 0 columns: [1,0] -> (1,0); [0,0] -> none; [0,3] -> (3,1).
  // PE 1 columns: [0,4] -> (4,1); [2,0] -> (2,0); [0,5] -> (5,1).
  const Encoded e = encode("eie_csc", tiny(), EncodeSpec{2, 4, 16});
  EXPECT_EQ(e.stats.entries, 5u);
  EXPECT_EQ(e.stats.padding_entries, 0u);
  EXPECT_EQ(e.stats.weight_bits, 20u);
  EXPECT_EQ(e.stats.index_bits, 20u);
  EXPECT_EQ(e.stats.pointer_bits, 2u * 4u * 16u);
  EXPECT_EQ(e.bytes.size(), 21u);  // 168 bits
  EXPECT_EQ(e.weight_symbols, (std::vector<std::int32_t>{1, 3, 4, 2, 5}));
  EXPECT_EQ(e.index_symbols, (std::vector<std::int32_t>{0, 1, 1, 0, 1}));
}

TEST(Encoding, EseStoresEieEntriesWithColumnCounts) {
  // The entries of eie_csc, column by column per PE; each column's place is its count.
  for (const EncodeSpec& spec : {EncodeSpec{2, 4, 16}, EncodeSpec{1, 4, 4}, EncodeSpec{3, 2, 8}}) {
    const Encoded ese = encode("ese", tiny(), spec), eie = encode("eie_csc", tiny(), spec);
    EXPECT_EQ(ese.stats.entries, eie.stats.entries);
    EXPECT_EQ(ese.weight_symbols, eie.weight_symbols);
    EXPECT_EQ(ese.stats.pointer_bits, 3u * std::uint64_t(spec.num_pes * spec.pointer_bits));
    EXPECT_EQ(decode(ese, 4, 3, 4, spec).codes, tiny().codes);
    const auto pes = read_ese(ese, 4, 3, 4, spec), eie_pes = read_eie_csc(eie.bytes, eie.signed_codes, 4, 3, 4, spec);
    for (std::size_t k = 0; k < pes.size(); ++k) {
      EXPECT_EQ(pes[k].pointers, eie_pes[k].pointers);
      EXPECT_EQ(pes[k].entries, eie_pes[k].entries);
    }
  }
  // Count 1 (4 bits), then the entry (code 5, zeros_before 1).
  EXPECT_EQ(encode("ese", from_rows({{0}, {5}}), EncodeSpec{1, 4, 4}).bytes,
            (std::vector<std::uint8_t>{0x51, 0x01}));
  // A column with more entries than its count can say.
  EXPECT_THROW(encode("ese", from_rows({{1}, {2}, {3}, {4}}), EncodeSpec{1, 4, 2}),
               std::invalid_argument);
}

TEST(Encoding, ScnnStatsByHand) {
  // 1x1 kernels: each column is an input channel, its block the K = 4 weights in k order.
  // [1,0,0,4] -> (1,0), (4,2); [0,2,0,0] -> (2,1); [0,0,3,5] -> (3,2), (5,0).
  const Encoded e = encode("scnn", tiny(), EncodeSpec{2, 4, 16, 1, 1});
  EXPECT_EQ(e.stats.entries, 5u);
  EXPECT_EQ(e.stats.weight_bits, 20u);
  EXPECT_EQ(e.stats.index_bits, 20u);
  EXPECT_EQ(e.stats.pointer_bits, 3u * 16u);
  EXPECT_EQ(e.weight_symbols, (std::vector<std::int32_t>{1, 4, 2, 3, 5}));
  EXPECT_EQ(e.index_symbols, (std::vector<std::int32_t>{0, 2, 1, 2, 0}));
}

TEST(Encoding, ScnnBlocksFollowKRSOrder) {
  // Two output channels, one input channel of 1x2 kernels: block order (k0 s0, k0 s1, k1 s0,
  // k1 s1) = [0, 6, 0, 0] -> one entry with a zero-run of 1; [2, 0, 0, 9] per channel 1.
  const auto m = from_rows({{0, 6, 2, 0}, {0, 0, 0, 9}});
  const Encoded e = encode("scnn", m, EncodeSpec{1, 4, 8, 1, 2});
  EXPECT_EQ(e.index_symbols, (std::vector<std::int32_t>{1, 0, 2}));
  EXPECT_EQ(e.stats.pointer_bits, 16u);
}

TEST(Encoding, BitmaskAndDenseStatsByHand) {
  const Encoded mask = encode("bitmask", tiny(), EncodeSpec{});
  EXPECT_EQ(mask.stats.entries, 5u);
  EXPECT_EQ(mask.stats.weight_bits, 20u);
  EXPECT_EQ(mask.stats.index_bits, 12u);
  EXPECT_EQ(mask.stats.pointer_bits, 0u);
  const Encoded dense = encode("dense", tiny(), EncodeSpec{});
  EXPECT_EQ(dense.stats.entries, 12u);
  EXPECT_EQ(dense.stats.weight_bits, 48u);
  EXPECT_EQ(dense.stats.total_bits(), 48u);
}

TEST(Encoding, ExactByteLayouts) {
  // Little-endian bit packing, least significant bit of each field first.
  EXPECT_EQ(encode("dense", from_rows({{1, 2, 3}}), EncodeSpec{}).bytes,
            (std::vector<std::uint8_t>{0x21, 0x03}));
  // Presence bits 0,1,0 then code 5 from bit 3: 0b0101010.
  EXPECT_EQ(encode("bitmask", from_rows({{0, 5, 0}}), EncodeSpec{}).bytes,
            (std::vector<std::uint8_t>{0x2A}));
  // Pointers 0, 1 (4 bits each), then entry (code 5, zeros_before 1).
  EXPECT_EQ(encode("eie_csc", from_rows({{0}, {5}}), EncodeSpec{1, 4, 4}).bytes,
            (std::vector<std::uint8_t>{0x10, 0x15}));
  // Count 1, data vector {5}, index vector {1}.
  EXPECT_EQ(encode("scnn", from_rows({{0}, {5}}), EncodeSpec{1, 4, 4}).bytes,
            (std::vector<std::uint8_t>{0x51, 0x01}));
}

TEST(Encoding, ScnnActivationsRoundTrip) {
  const auto acts = random_codes(6, 7 * 5, 0.2, 8, false, 7);
  const Encoded e = encode_scnn_activations(acts, EncodeSpec{1, 4, 16});
  EXPECT_EQ(e.format, "scnn_act");
  EXPECT_EQ(e.stats.pointer_bits, 6u * 16u);
  EXPECT_EQ(e.bytes.size(), (e.stats.total_bits() + 7) / 8);
  EXPECT_EQ(decode_scnn_activations(e, 6, 35, 8, EncodeSpec{1, 4, 16}).codes, acts.codes);
  EXPECT_THROW(decode_scnn_activations(encode("dense", acts, {}), 6, 35, 8, {}),
               std::invalid_argument);
}

TEST(Encoding, HuffmanBits) {
  std::vector<std::int32_t> symbols;
  const int freq[] = {5, 9, 12, 13, 16, 45};
  for (int s = 0; s < 6; ++s) symbols.insert(symbols.end(), freq[s], s);
  EXPECT_EQ(huffman_bits(symbols), 224u);
  EXPECT_EQ(huffman_bits({}), 0u);
  EXPECT_EQ(huffman_bits({7, 7, 7}), 3u);
  EXPECT_EQ(huffman_bits({1, 2}), 2u);
  EXPECT_EQ(huffman_bits({0, 1, 2, 3}), 8u);
}

TEST(Encoding, Names) {
  EXPECT_EQ(encoding_names(),
            (std::vector<std::string>{"eie_csc", "ese", "scnn", "bitmask", "dense"}));
}

TEST(Encoding, RejectsBadInput) {
  const CodeMatrix m = tiny();
  EXPECT_THROW(encode("csr", m, {}), std::invalid_argument);
  Encoded unknown;
  unknown.format = "csr";
  EXPECT_THROW(decode(unknown, 4, 3, 4, {}), std::invalid_argument);
  EXPECT_THROW(encode("dense", from_rows({{16}}), {}), std::invalid_argument);
  EXPECT_THROW(encode("dense", from_rows({{-9}}), {}), std::invalid_argument);
  EXPECT_THROW(encode("dense", from_rows({{-1, 15}}), {}), std::invalid_argument);
  EXPECT_THROW(encode("dense", CodeMatrix{2, 2, 4, {1, 2, 3}}, {}), std::invalid_argument);
  EXPECT_THROW(encode("dense", CodeMatrix{1, 1, 33, {1}}, {}), std::invalid_argument);
  EXPECT_THROW(encode("eie_csc", m, EncodeSpec{0, 4, 16}), std::invalid_argument);
  EXPECT_THROW(encode("ese", m, EncodeSpec{2, 0, 16}), std::invalid_argument);
  EXPECT_THROW(encode("scnn", m, EncodeSpec{2, 4, 16, 2, 1}), std::invalid_argument);
  // Three entries on PE 1 overflow a 1-bit pointer.
  EXPECT_THROW(encode("eie_csc", m, EncodeSpec{2, 4, 1}), std::invalid_argument);
  EXPECT_THROW(encode("scnn", m, EncodeSpec{2, 4, 1}), std::invalid_argument);
}

TEST(Encoding, RejectsMalformedStreams) {
  for (const std::string& format : encoding_names()) {
    const EncodeSpec spec{2, 4, 16, 1, 1};
    Encoded e = encode(format, tiny(), spec);
    Encoded longer = e;
    longer.bytes.push_back(0);
    EXPECT_THROW(decode(longer, 4, 3, 4, spec), std::invalid_argument) << format;
    e.bytes.pop_back();
    EXPECT_THROW(decode(e, 4, 3, 4, spec), std::invalid_argument) << format;
  }
}

std::string decode_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

Encoded bytes_as(const std::string& format, std::vector<std::uint8_t> bytes) {
  Encoded e;
  e.format = format;
  e.bytes = std::move(bytes);
  return e;
}

// A count read from the stream (or implied by the shape) is checked against the bits actually
// present before it sizes a vector or a loop.
TEST(Encoding, CountsAreCheckedAgainstTheBitsPresent) {
  const EncodeSpec spec{1, 4, 16, 1, 1};
  // eie_csc, one PE, 1 x 1: p_0 = 0, p_1 = 65535 entries, and no entry follows.
  const Encoded eie = bytes_as("eie_csc", {0, 0, 0xff, 0xff});
  const std::string want = "decode: entry count 65535 x 8 bits, only 0 bits left at bit 32";
  EXPECT_EQ(decode_error([&] { decode(eie, 1, 1, 4, spec); }), want);
  EXPECT_EQ(decode_error([&] { read_eie_csc(eie.bytes, eie.signed_codes, 1, 1, 4, spec); }), want);
  // scnn: a count of 1 (of 1 position), no code or index after it.
  EXPECT_EQ(decode_error([&] { decode(bytes_as("scnn", {1, 0}), 1, 1, 4, spec); }),
            "decode: block count 1 x 8 bits, only 0 bits left at bit 16");
  // dense and bitmask: the shape's codes or presence bits against 2 bytes.
  EXPECT_EQ(decode_error([&] { decode(bytes_as("dense", {0, 0}), 1000, 1000, 4, spec); }),
            "decode: codes 1000000 x 4 bits, only 16 bits left at bit 0");
  EXPECT_EQ(decode_error([&] { decode(bytes_as("bitmask", {0, 0}), 1000, 1000, 4, spec); }),
            "decode: presence bits 1000000 x 1 bits, only 16 bits left at bit 0");
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max() / 2;
  EXPECT_EQ(decode_error([&] { decode(bytes_as("dense", {0}), huge, 3, 4, spec); }),
            "encode: shape 4611686018427387903 x 3 overflows 64 bits");
}

// The per-PE image holds 32-bit pointers: a 40-bit pointer of 2^32 was truncated to 0.
TEST(Encoding, EiePointersWiderThanTheImageAreRefused) {
  const EncodeSpec spec{1, 4, 40, 1, 1};
  const Encoded eie = bytes_as("eie_csc", {0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(decode_error([&] { read_eie_csc(eie.bytes, eie.signed_codes, 1, 1, 4, spec); }),
            "decode: pointer 4294967296 does not fit the 32-bit pointer image");
}

}  // namespace
}  // namespace axsim::workloads::encoding_test
