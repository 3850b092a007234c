// SPDX-License-Identifier: Apache-2.0
// EIE's interleaved CSC (Han et al., ISCA 2016). Rows are interleaved over N PEs (row r on PE r mod
// N); each PE stores its slice column by column: vector v of codes, vector z of zeros-before counts
// (a padding zero whenever a gap exceeds 2^index_bits - 1) and pointer vector p with one pointer
// per column plus a final one, so column j is entries p_j .. p_{j+1} - 1.
// Bit layout, PE 0 .. N-1 in turn: p_0 .. p_cols (pointer_bits each), then the PE's entries in
// column order, each code (code_bits) followed by zeros_before (index_bits).
#include <functional>
#include <stdexcept>

#include "workloads/encode/formats.hpp"

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

void write_pointer_blocks(const std::vector<std::vector<std::int32_t>>& blocks,
                          const EncodeSpec& spec, const CodeWidth& width,
                          const std::string& what, BitWriter& writer, Encoded& out) {
  std::vector<std::vector<RunEntry>> entries;
  std::vector<std::uint64_t> pointers{0};
  for (const auto& block : blocks) {
    entries.push_back(to_run_entries(block, spec.index_bits));
    pointers.push_back(pointers.back() + entries.back().size());
  }
  check_fits(pointers.back(), spec.pointer_bits, what + " entry count (its last pointer)");
  for (std::uint64_t p : pointers) writer.put(p, spec.pointer_bits);
  out.stats.pointer_bits += pointers.size() * static_cast<std::uint64_t>(spec.pointer_bits);
  for (const auto& block_entries : entries) {
    for (const RunEntry& e : block_entries) {
      writer.put(width.pack(e.code), width.bits);
      writer.put(e.zeros_before, spec.index_bits);
    }
    count_run_entries(block_entries, width.bits, spec.index_bits, out);
  }
}

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

void encode_eie_csc(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                    Encoded& out) {
  check_eie_spec(spec);
  BitWriter writer;
  for (int pe = 0; pe < spec.num_pes; ++pe) {
    std::vector<std::vector<std::int32_t>> columns;
    for (std::int64_t col = 0; col < m.cols; ++col)
      columns.push_back(column_slice(m, spec.num_pes, pe, col));
    write_pointer_blocks(columns, spec, width, "eie_csc: PE " + std::to_string(pe), writer, out);
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
