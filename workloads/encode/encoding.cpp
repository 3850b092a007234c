// SPDX-License-Identifier: Apache-2.0
// The format registry behind encode()/decode(), the checks and run-length blocks the formats
// share, and Huffman statistics.
#include "workloads/encode/encoding.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <stdexcept>
#include <utility>

#include "workloads/encode/formats.hpp"
#include "workloads/parallel.hpp"

namespace axsim::workloads {

namespace encode_detail {

std::uint64_t CodeWidth::pack(std::int32_t code) const {
  // The low bits of the two's complement pattern: the identity for unsigned codes.
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(code)) & field_max(bits);
}


namespace {

void check_code_bits(int code_bits) {
  if (code_bits < 1 || code_bits > 32)
    throw std::invalid_argument("encode: code_bits must be in 1..32, got " +
                                std::to_string(code_bits));
}

bool fits(std::int32_t code, int bits, bool is_signed) {
  const std::int64_t value = code;
  if (is_signed) return value >= -(std::int64_t{1} << (bits - 1)) &&
                        value < (std::int64_t{1} << (bits - 1));
  return value >= 0 && value <= static_cast<std::int64_t>(field_max(bits));
}

}  // namespace

void check_decode_shape(std::int64_t rows, std::int64_t cols, int code_bits) {
  if (rows < 0 || cols < 0)
    throw std::invalid_argument("encode: negative shape " + std::to_string(rows) + " x " +
                                std::to_string(cols));
  // rows x cols sizes the decoded matrix: it must not overflow (the caller's budget decides
  // whether it may be allocated).
  if (cols > 0 && rows > std::numeric_limits<std::int64_t>::max() / cols)
    throw std::invalid_argument("encode: shape " + std::to_string(rows) + " x " +
                                std::to_string(cols) + " overflows 64 bits");
  check_code_bits(code_bits);
}

CodeWidth check_matrix(const CodeMatrix& m) {
  check_decode_shape(m.rows, m.cols, m.code_bits);
  if (m.codes.size() != static_cast<std::uint64_t>(m.rows * m.cols))
    throw std::invalid_argument("encode: " + std::to_string(m.codes.size()) +
                                " codes for a " + std::to_string(m.rows) + " x " +
                                std::to_string(m.cols) + " matrix");
  CodeWidth width{m.code_bits, false};
  width.is_signed =
      std::any_of(m.codes.begin(), m.codes.end(), [](std::int32_t c) { return c < 0; });
  // Ranges rethrow in order, so the message names the first code that does not fit.
  parallel_ranges(m.codes.size(), std::size_t{1} << 20, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      if (!fits(m.codes[i], width.bits, width.is_signed))
        throw std::invalid_argument("encode: code " + std::to_string(m.codes[i]) + " at (" +
                                    std::to_string(i / m.cols) + ", " + std::to_string(i % m.cols) +
                                    ") does not fit in code_bits=" + std::to_string(width.bits) +
                                    (width.is_signed ? " (signed)" : ""));
  });
  return width;
}

void check_index_bits(const EncodeSpec& spec, const std::string& format) {
  if (spec.index_bits < 1 || spec.index_bits > 31)
    throw std::invalid_argument(format + ": index_bits must be in 1..31, got " +
                                std::to_string(spec.index_bits));
}

void check_pointer_bits(const EncodeSpec& spec, const std::string& format) {
  if (spec.pointer_bits < 1 || spec.pointer_bits > 63)
    throw std::invalid_argument(format + ": pointer_bits must be in 1..63, got " +
                                std::to_string(spec.pointer_bits));
}

void check_num_pes(const EncodeSpec& spec, const std::string& format) {
  if (spec.num_pes < 1)
    throw std::invalid_argument(format + ": num_pes must be >= 1, got " +
                                std::to_string(spec.num_pes));
}

void check_fits(std::uint64_t value, int bits, const std::string& what) {
  if (value > field_max(bits))
    throw std::invalid_argument(what + " = " + std::to_string(value) + " does not fit in " +
                                std::to_string(bits) + " bits");
}

std::int64_t local_rows(std::int64_t rows, int num_pes, int pe) {
  return pe >= rows ? 0 : (rows - pe + num_pes - 1) / num_pes;
}

std::vector<std::int32_t> column_slice(const CodeMatrix& m, int num_pes, int pe, std::int64_t col) {
  std::vector<std::int32_t> slice;
  for (std::int64_t r = pe; r < m.rows; r += num_pes) slice.push_back(m.at(r, col));
  return slice;
}

std::vector<RunEntry> to_run_entries(const std::vector<std::int32_t>& block, int index_bits) {
  const std::uint64_t max_run = field_max(index_bits);
  std::vector<RunEntry> entries;
  std::uint64_t zeros = 0;
  for (std::int32_t code : block) {
    if (code == 0) {
      ++zeros;
      continue;
    }
    // A gap the index cannot express is bridged by stored zeros, each taking one position.
    for (; zeros > max_run; zeros -= max_run + 1)
      entries.push_back({0, static_cast<std::uint32_t>(max_run)});
    entries.push_back({code, static_cast<std::uint32_t>(zeros)});
    zeros = 0;
  }
  return entries;
}

std::vector<std::int32_t> from_run_entries(const std::vector<RunEntry>& entries,
                                           std::int64_t length) {
  std::vector<std::int32_t> block(static_cast<std::size_t>(length), 0);
  std::int64_t pos = -1;
  for (const RunEntry& entry : entries) {
    pos += static_cast<std::int64_t>(entry.zeros_before) + 1;
    if (pos >= length)
      throw std::invalid_argument("decode: entry at position " + std::to_string(pos) +
                                  " beyond a block of " + std::to_string(length));
    block[static_cast<std::size_t>(pos)] = entry.code;
  }
  return block;
}

void count_run_entries(std::span<const RunEntry> entries, int code_bits, int index_bits,
                       Encoded& out) {
  for (const RunEntry& entry : entries) {
    ++out.stats.entries;
    if (entry.code == 0) ++out.stats.padding_entries;
    out.stats.weight_bits += static_cast<std::uint64_t>(code_bits);
    out.stats.index_bits += static_cast<std::uint64_t>(index_bits);
    out.weight_symbols.push_back(entry.code);
    out.index_symbols.push_back(static_cast<std::int32_t>(entry.zeros_before));
  }
}

}  // namespace encode_detail

namespace {

using namespace encode_detail;

using EncodeFn = void (*)(const CodeMatrix&, const EncodeSpec&, const CodeWidth&, Encoded&);
using DecodeFn = void (*)(const Encoded&, const EncodeSpec&, const CodeWidth&, CodeMatrix&);

struct Format {
  const char* name;
  EncodeFn encode;
  DecodeFn decode;
};

const std::vector<Format>& formats() {
  static const std::vector<Format> table = {
      {"eie_csc", encode_eie_csc, decode_eie_csc}, {"ese", encode_ese, decode_ese},
      {"scnn", encode_scnn, decode_scnn},          {"bitmask", encode_bitmask, decode_bitmask},
      {"dense", encode_dense, decode_dense},
  };
  return table;
}

const Format& find_format(const std::string& name) {
  std::string known;
  for (const Format& f : formats()) {
    if (name == f.name) return f;
    known += known.empty() ? f.name : std::string(", ") + f.name;
  }
  throw std::invalid_argument("unknown encoding '" + name + "' (known: " + known + ")");
}

}  // namespace

Encoded encode(const std::string& format, const CodeMatrix& m, const EncodeSpec& spec) {
  const Format& f = find_format(format);
  const CodeWidth width = check_matrix(m);
  Encoded out;
  out.format = f.name;
  out.signed_codes = width.is_signed;
  f.encode(m, spec, width, out);
  return out;
}

CodeMatrix decode(const Encoded& e, std::int64_t rows, std::int64_t cols, int code_bits,
                  const EncodeSpec& spec) {
  const Format& f = find_format(e.format);
  check_decode_shape(rows, cols, code_bits);
  CodeMatrix out;
  out.rows = rows;
  out.cols = cols;
  out.code_bits = code_bits;
  out.codes.assign(static_cast<std::size_t>(rows * cols), 0);
  f.decode(e, spec, CodeWidth{code_bits, e.signed_codes}, out);
  return out;
}

std::vector<std::uint64_t> column_counts(const std::string& format,
                                         std::span<const std::uint8_t> bytes, bool signed_codes,
                                         std::int64_t rows, std::int64_t cols, int code_bits,
                                         const EncodeSpec& spec,
                                         const std::function<bool(std::int32_t)>& counts) {
  check_decode_shape(rows, cols, code_bits);
  if (format == "eie_csc")
    return eie_csc_column_counts(bytes, rows, cols, spec, CodeWidth{code_bits, signed_codes}, counts);
  Encoded e;
  e.format = format, e.bytes.assign(bytes.begin(), bytes.end()), e.signed_codes = signed_codes;
  const CodeMatrix m = decode(e, rows, cols, code_bits, spec);
  std::vector<std::uint64_t> out(static_cast<std::size_t>(cols), 0);
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) out[std::size_t(c)] += counts(m.at(r, c)) ? 1 : 0;
  return out;
}

std::vector<std::string> encoding_names() {
  std::vector<std::string> names;
  for (const Format& f : formats()) names.emplace_back(f.name);
  return names;
}

std::uint64_t huffman_bits(const std::vector<std::int32_t>& symbols) {
  std::map<std::int32_t, std::uint64_t> freq;
  for (std::int32_t s : symbols) ++freq[s];
  // A lone symbol still needs a 1-bit code to be a prefix code at all.
  if (freq.size() <= 1) return symbols.size();
  // (weight, creation order): the order breaks weight ties, so merges are deterministic.
  using Node = std::pair<std::uint64_t, std::uint64_t>;
  std::priority_queue<Node, std::vector<Node>, std::greater<Node>> heap;
  std::uint64_t next_id = 0;
  for (const auto& [symbol, count] : freq) heap.push({count, next_id++});
  // Each merge lengthens the code of every symbol below it by one bit, so the total code
  // length is the sum of the merged weights.
  std::uint64_t total_bits = 0;
  while (heap.size() > 1) {
    const std::uint64_t a = heap.top().first;
    heap.pop();
    const std::uint64_t b = heap.top().first;
    heap.pop();
    total_bits += a + b;
    heap.push({a + b, next_id++});
  }
  return total_bits;
}

}  // namespace axsim::workloads
