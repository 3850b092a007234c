// SPDX-License-Identifier: Apache-2.0
// EIE's interleaved CSC (Han et al., ISCA 2016). Rows are interleaved over N PEs (row r on PE r mod
// N); each PE stores its slice column by column: vector v of codes, vector z of zeros-before counts
// (a padding zero whenever a gap exceeds 2^index_bits - 1) and pointer vector p with one pointer
// per column plus a final one, so column j is entries p_j .. p_{j+1} - 1.
// Bit layout, PE 0 .. N-1 in turn: p_0 .. p_cols (pointer_bits each), then the PE's entries in
// column order, each code (code_bits) followed by zeros_before (index_bits).
#include <algorithm>
#include <functional>
#include <stdexcept>

#include "workloads/encode/formats.hpp"
#include "workloads/parallel.hpp"

namespace axsim::workloads::encode_detail {

namespace {

void check_eie_spec(const EncodeSpec& spec) {
  check_num_pes(spec, "eie_csc");
  check_index_bits(spec, "eie_csc");
  check_pointer_bits(spec, "eie_csc");
}

// One stored entry: its code in the low bits, then its zeros-before count, read as one field.
RunEntry read_entry(BitReader& reader, const CodeWidth& width, int index_bits) {
  const std::uint64_t entry = reader.get(width.bits + index_bits);
  return {width.unpack(entry & field_max(width.bits)),
          static_cast<std::uint32_t>(entry >> width.bits)};
}

}  // namespace

std::vector<RunEntry> read_run_entries(BitReader& reader, std::uint64_t count,
                                       const CodeWidth& width, int index_bits) {
  reader.expect_fields(count, width.bits + index_bits, "entry count");
  std::vector<RunEntry> entries;
  entries.reserve(static_cast<std::size_t>(count));
  for (std::uint64_t i = 0; i < count; ++i) entries.push_back(read_entry(reader, width, index_bits));
  return entries;
}

void read_image_entries(BitReader& reader, std::uint64_t count, const CodeWidth& width,
                        int index_bits, std::vector<SparseEntry>& out) {
  reader.expect_fields(count, width.bits + index_bits, "entry count");
  out.resize(static_cast<std::size_t>(count));
  for (SparseEntry& e : out) {
    const RunEntry entry = read_entry(reader, width, index_bits);
    if (entry.code < -32768 || entry.code > 32767 || entry.zeros_before > 0xFFFF)
      throw std::invalid_argument("decode: entry (code " + std::to_string(entry.code) + ", " +
                                  std::to_string(entry.zeros_before) +
                                  " zeros before) does not fit the 16-bit PE image");
    e = {static_cast<std::int16_t>(entry.code), static_cast<std::uint16_t>(entry.zeros_before)};
  }
}

namespace {

std::vector<std::uint64_t> read_pointers(BitReader& reader, std::int64_t block_count,
                                         int pointer_bits) {
  reader.expect_fields(static_cast<std::uint64_t>(block_count) + 1, pointer_bits, "pointers");
  std::vector<std::uint64_t> pointers;
  pointers.reserve(static_cast<std::size_t>(block_count) + 1);
  for (std::int64_t j = 0; j <= block_count; ++j) {
    pointers.push_back(reader.get(pointer_bits));
    // Pointers are offsets into this PE's entries, so they start at 0 and never decrease.
    const bool bad = j == 0 ? pointers[0] != 0 : pointers[j] < pointers[j - 1];
    if (bad)
      throw std::invalid_argument("decode: malformed pointer vector at pointer " +
                                  std::to_string(j));
  }
  return pointers;
}

}  // namespace

std::vector<std::vector<std::int32_t>> read_pointer_blocks(BitReader& reader,
                                                           std::int64_t block_count,
                                                           std::int64_t block_length,
                                                           const EncodeSpec& spec,
                                                           const CodeWidth& width) {
  const auto pointers = read_pointers(reader, block_count, spec.pointer_bits);
  std::vector<std::vector<std::int32_t>> blocks;
  for (std::int64_t j = 0; j < block_count; ++j) {
    const std::uint64_t count = pointers[j + 1] - pointers[j];
    const auto entries = read_run_entries(reader, count, width, spec.index_bits);
    blocks.push_back(from_run_entries(entries, block_length));
  }
  return blocks;
}

std::vector<std::uint64_t> eie_csc_column_counts(std::span<const std::uint8_t> bytes,
                                                 std::int64_t rows,
                                                 std::int64_t cols, const EncodeSpec& spec,
                                                 const CodeWidth& width,
                                                 const std::function<bool(std::int32_t)>& counts) {
  check_eie_spec(spec);
  // Each stored pattern is asked about once, when it first occurs (`counts` may refuse a code
  // the trace does not use); codes wider than 16 bits are asked every time.
  constexpr std::int8_t kUnknown = -1;
  std::vector<std::int8_t> answer(width.bits <= 16 ? std::size_t{1} << width.bits : 0, kUnknown);
  auto counted = [&](std::uint64_t pattern) {
    if (answer.empty()) return counts(width.unpack(pattern));
    std::int8_t& a = answer[std::size_t(pattern)];
    if (a == kUnknown) a = counts(width.unpack(pattern)) ? 1 : 0;
    return a == 1;
  };
  BitReader reader(bytes);
  std::vector<std::uint64_t> out(static_cast<std::size_t>(cols), 0);
  for (int pe = 0; pe < spec.num_pes; ++pe) {
    const std::int64_t pe_rows = local_rows(rows, spec.num_pes, pe);
    const auto pointers = read_pointers(reader, cols, spec.pointer_bits);
    reader.expect_fields(pointers.back(), width.bits + spec.index_bits, "entry count");
    for (std::int64_t j = 0; j < cols; ++j) {
      std::int64_t pos = -1;
      for (std::uint64_t i = pointers[std::size_t(j)]; i < pointers[std::size_t(j) + 1]; ++i) {
        const std::uint64_t entry = reader.get(width.bits + spec.index_bits);
        const std::uint64_t pattern = entry & field_max(width.bits);
        pos += static_cast<std::int64_t>(entry >> width.bits) + 1;
        if (pos >= pe_rows)
          throw std::invalid_argument("decode: entry at position " + std::to_string(pos) +
                                      " beyond a block of " + std::to_string(pe_rows));
        out[std::size_t(j)] += counted(pattern) ? 1 : 0;
      }
    }
  }
  reader.expect_end();
  return out;
}

namespace {

// Calls visit(block, local row, code) for each non-zero code of PEs [pe_begin, pe_end), PE by PE
// and row by row (row r is local row r / num_pes of PE r mod num_pes); block is
// (pe - pe_begin) x cols + column.
template <class Visit>
void visit_nonzeros(const CodeMatrix& m, int num_pes, std::size_t pe_begin, std::size_t pe_end,
                    Visit&& visit) {
  const auto cols = std::size_t(m.cols);
  for (std::size_t pe = pe_begin; pe < pe_end; ++pe)
    for (auto r = std::int64_t(pe), local = std::int64_t(0); r < m.rows; r += num_pes, ++local) {
      const std::int32_t* row = &m.codes[std::size_t(r) * cols];
      for (std::size_t c = 0; c < cols; ++c)
        if (row[c] != 0) visit((pe - pe_begin) * cols + c, std::uint64_t(local), row[c]);
    }
}

// PEs own disjoint blocks, so ranges of PEs [pe_begin, pe_end) are scanned on all cores.
void for_pe_ranges(const CodeMatrix& m, int num_pes, std::size_t pe_begin, std::size_t pe_end,
                   const std::function<void(std::size_t, std::size_t)>& range) {
  const std::size_t codes_per_pe = m.codes.size() / std::size_t(num_pes);
  parallel_ranges(pe_end - pe_begin, (std::size_t{1} << 20) / (codes_per_pe + 1) + 1,
                  [&](std::size_t b, std::size_t e) { range(pe_begin + b, pe_begin + e); });
}

// The first entry of every (PE, column) block, b = pe x cols + column, and one past the last:
// a block's entries are its non-zero codes in local row order, each gap of z zeros first
// taking z / 2^index_bits padding entries (as to_run_entries() bridges it).
std::vector<std::uint64_t> block_pointers(const CodeMatrix& m, const EncodeSpec& spec) {
  const std::uint64_t span = field_max(spec.index_bits) + 1;  // positions one entry can reach
  const auto pes = std::size_t(spec.num_pes), blocks = pes * std::size_t(m.cols);
  std::vector<std::uint64_t> pointers(blocks + 1, 0);
  std::vector<std::uint64_t> next_row(blocks, 0);  // local row after each block's last entry
  const auto cols = std::size_t(m.cols);
  for_pe_ranges(m, spec.num_pes, 0, pes, [&](std::size_t begin, std::size_t end) {
    visit_nonzeros(m, spec.num_pes, begin, end,
                   [&](std::size_t b, std::uint64_t local, std::int32_t) {
                     b += begin * cols;
                     pointers[b + 1] += (local - next_row[b]) / span + 1;
                     next_row[b] = local + 1;
                   });
  });
  for (std::size_t b = 0; b < blocks; ++b) pointers[b + 1] += pointers[b];
  return pointers;
}

// The entries of PEs [pe_begin, pe_end) in the stored order (PE, column, local row).
std::vector<RunEntry> block_entries(const CodeMatrix& m, const EncodeSpec& spec,
                                    const std::vector<std::uint64_t>& pointers,
                                    std::size_t pe_begin, std::size_t pe_end) {
  const std::uint64_t span = field_max(spec.index_bits) + 1;
  const auto cols = std::size_t(m.cols);
  const std::uint64_t base = pointers[pe_begin * cols];
  std::vector<RunEntry> entries(pointers[pe_end * cols] - base);
  std::vector<std::uint64_t> cursor(pointers.begin() + std::ptrdiff_t(pe_begin * cols),
                                    pointers.begin() + std::ptrdiff_t(pe_end * cols));
  std::vector<std::uint64_t> next_row(cursor.size(), 0);
  for_pe_ranges(m, spec.num_pes, pe_begin, pe_end, [&](std::size_t begin, std::size_t end) {
    visit_nonzeros(m, spec.num_pes, begin, end,
                   [&](std::size_t b, std::uint64_t local, std::int32_t code) {
                     b += (begin - pe_begin) * cols;
                     const std::uint64_t zeros = local - next_row[b];
                     for (std::uint64_t pad = 0; pad < zeros / span; ++pad)
                       entries[cursor[b]++ - base] = {0, static_cast<std::uint32_t>(span - 1)};
                     entries[cursor[b]++ - base] = {code, static_cast<std::uint32_t>(zeros % span)};
                     next_row[b] = local + 1;
                   });
  });
  return entries;
}

}  // namespace

void encode_eie_csc(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                    Encoded& out) {
  check_eie_spec(spec);
  const std::vector<std::uint64_t> pointers = block_pointers(m, spec);
  const auto pes = std::size_t(spec.num_pes), cols = std::size_t(m.cols);
  out.weight_symbols.reserve(out.weight_symbols.size() + pointers.back());
  out.index_symbols.reserve(out.index_symbols.size() + pointers.back());
  BitWriter writer;
  // Eight PEs' entries at a time: a large layer's entries are never all in memory twice.
  constexpr std::size_t kPesPerGroup = 8;
  for (std::size_t group = 0; group < pes; group += kPesPerGroup) {
    const std::size_t group_end = std::min(pes, group + kPesPerGroup);
    const std::vector<RunEntry> entries = block_entries(m, spec, pointers, group, group_end);
    const std::uint64_t base = pointers[group * cols];
    for (std::size_t pe = group; pe < group_end; ++pe) {
      // This PE's pointers count from its first entry.
      const std::uint64_t first = pointers[pe * cols], last = pointers[(pe + 1) * cols];
      check_fits(last - first, spec.pointer_bits,
                 "eie_csc: PE " + std::to_string(pe) + " entry count (its last pointer)");
      for (std::size_t j = 0; j <= cols; ++j)
        writer.put(pointers[pe * cols + j] - first, spec.pointer_bits);
      out.stats.pointer_bits += (cols + 1) * static_cast<std::uint64_t>(spec.pointer_bits);
      const std::span<const RunEntry> pe_entries(entries.data() + (first - base), last - first);
      for (const RunEntry& e : pe_entries)
        writer.put(width.pack(e.code) | std::uint64_t(e.zeros_before) << width.bits,
                   width.bits + spec.index_bits);
      count_run_entries(pe_entries, width.bits, spec.index_bits, out);
    }
  }
  out.bytes = writer.take_bytes();
}

void decode_eie_csc(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                    CodeMatrix& out) {
  check_eie_spec(spec);
  BitReader reader(e.bytes);
  for (int pe = 0; pe < spec.num_pes; ++pe) {
    const std::int64_t pe_rows = local_rows(out.rows, spec.num_pes, pe);
    const auto columns = read_pointer_blocks(reader, out.cols, pe_rows, spec, width);
    for (std::int64_t col = 0; col < out.cols; ++col)
      for (std::int64_t i = 0; i < pe_rows; ++i)
        out.codes[static_cast<std::size_t>((pe + i * spec.num_pes) * out.cols + col)] =
            columns[col][i];
  }
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail

namespace axsim::workloads {

std::vector<EiePeImage> read_eie_csc(std::span<const std::uint8_t> bytes, bool signed_codes,
                                     std::int64_t rows, std::int64_t cols, int code_bits,
                                     const EncodeSpec& spec) {
  using namespace encode_detail;
  check_decode_shape(rows, cols, code_bits);
  check_eie_spec(spec);
  const CodeWidth width{code_bits, signed_codes};
  BitReader reader(bytes);
  std::vector<EiePeImage> pes(static_cast<std::size_t>(spec.num_pes));
  for (EiePeImage& pe : pes) {
    const std::vector<std::uint64_t> pointers = read_pointers(reader, cols, spec.pointer_bits);
    // The image holds 32-bit pointers: a wider one would be truncated, out of order.
    if (pointers.back() > 0xFFFFFFFFu)
      throw std::invalid_argument("decode: pointer " + std::to_string(pointers.back()) +
                                  " does not fit the 32-bit pointer image");
    pe.pointers.assign(pointers.begin(), pointers.end());
    read_image_entries(reader, pointers.back(), width, spec.index_bits, pe.entries);
  }
  reader.expect_end();
  return pes;
}

}  // namespace axsim::workloads
