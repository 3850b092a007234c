// SPDX-License-Identifier: Apache-2.0
// Bitmask format: one presence bit per weight (row-major), then the non-zero codes packed in
// the same order. Costs rows x cols index bits whatever the density, no pointers, no padding.
// index_symbols holds the presence bits, so Huffman statistics on them report the raw mask.
#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

void encode_bitmask(const CodeMatrix& m, const EncodeSpec& /*spec*/, const CodeWidth& width,
                    Encoded& out) {
  BitWriter writer;
  for (std::int32_t code : m.codes) {
    writer.put(code != 0 ? 1 : 0, 1);
    out.index_symbols.push_back(code != 0 ? 1 : 0);
  }
  out.stats.index_bits = m.codes.size();
  for (std::int32_t code : m.codes) {
    if (code == 0) continue;
    writer.put(width.pack(code), width.bits);
    out.weight_symbols.push_back(code);
    ++out.stats.entries;
  }
  out.stats.weight_bits = out.stats.entries * static_cast<std::uint64_t>(width.bits);
  out.bytes = writer.take_bytes();
}

void decode_bitmask(const Encoded& e, const EncodeSpec& /*spec*/, const CodeWidth& width,
                    CodeMatrix& out) {
  BitReader reader(e.bytes);
  reader.expect_fields(out.codes.size(), 1, "presence bits");
  std::vector<bool> present(out.codes.size());
  for (std::size_t i = 0; i < present.size(); ++i) present[i] = reader.get(1) != 0;
  for (std::size_t i = 0; i < present.size(); ++i)
    if (present[i]) out.codes[i] = width.unpack(reader.get(width.bits));
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail
