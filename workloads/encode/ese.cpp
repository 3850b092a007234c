// SPDX-License-Identifier: Apache-2.0
// ESE's sparse format (Han et al., FPGA 2017; known second-hand), as modelled here: the EIE entry
// (code, relative index, a padding zero on overflow) but stored row-wise. Rows are interleaved over
// N PEs (row r on PE r mod N); each PE stores its rows in local order, each row's non-zeros in
// column order with the number of zero columns skipped since the previous stored entry of that row,
// and one pointer per local row plus a final one (row i is entries p_i .. p_{i+1} - 1).
// Differences from eie_csc: pointers are per local row (rows_on_PE + 1 per PE, so rows + N in
// all) instead of per column (cols + 1 per PE); the relative index counts columns, not rows;
// a PE with no rows stores only p_0. With code_bits = 12 and index_bits = 4 an entry is ESE's
// 16-bit word (12-bit weight + 4-bit relative index).
// Bit layout, PE 0 .. N-1 in turn: p_0 .. p_rows_on_PE (pointer_bits each), then the PE's
// entries in row order, each code (code_bits) followed by zeros_before (index_bits).
#include <algorithm>

#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

namespace {

void check_spec(const EncodeSpec& spec) {
  check_num_pes(spec, "ese");
  check_index_bits(spec, "ese");
  check_pointer_bits(spec, "ese");
}

std::vector<std::int32_t> row_codes(const CodeMatrix& m, std::int64_t row) {
  const auto first = m.codes.begin() + row * m.cols;
  return std::vector<std::int32_t>(first, first + m.cols);
}

}  // namespace

void encode_ese(const CodeMatrix& m, const EncodeSpec& spec, const CodeWidth& width,
                Encoded& out) {
  check_spec(spec);
  BitWriter writer;
  for (int pe = 0; pe < spec.num_pes; ++pe) {
    std::vector<std::vector<std::int32_t>> rows;
    for (std::int64_t r = pe; r < m.rows; r += spec.num_pes) rows.push_back(row_codes(m, r));
    write_pointer_blocks(rows, spec, width, "ese: PE " + std::to_string(pe), writer, out);
  }
  out.bytes = writer.take_bytes();
}

void decode_ese(const Encoded& e, const EncodeSpec& spec, const CodeWidth& width,
                CodeMatrix& out) {
  check_spec(spec);
  BitReader reader(e.bytes);
  for (int pe = 0; pe < spec.num_pes; ++pe) {
    const std::int64_t pe_rows = local_rows(out.rows, spec.num_pes, pe);
    const auto rows = read_pointer_blocks(reader, pe_rows, out.cols, spec, width);
    for (std::int64_t i = 0; i < pe_rows; ++i) {
      const std::int64_t row = pe + i * spec.num_pes;
      std::copy(rows[i].begin(), rows[i].end(), out.codes.begin() + row * out.cols);
    }
  }
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail
