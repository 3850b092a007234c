// SPDX-License-Identifier: Apache-2.0
// Dense format: every code, zeros included, packed row-major at code_bits each; no index, no
// pointers. The baseline the sparse formats are compared against.
#include "workloads/encode/formats.hpp"

namespace axsim::workloads::encode_detail {

void encode_dense(const CodeMatrix& m, const EncodeSpec& /*spec*/, const CodeWidth& width,
                  Encoded& out) {
  BitWriter writer;
  for (std::int32_t code : m.codes) writer.put(width.pack(code), width.bits);
  out.stats.entries = m.codes.size();
  out.stats.weight_bits = out.stats.entries * static_cast<std::uint64_t>(width.bits);
  out.weight_symbols = m.codes;
  out.bytes = writer.take_bytes();
}

void decode_dense(const Encoded& e, const EncodeSpec& /*spec*/, const CodeWidth& width,
                  CodeMatrix& out) {
  BitReader reader(e.bytes);
  reader.expect_fields(out.codes.size(), width.bits, "codes");
  for (std::int32_t& code : out.codes) code = width.unpack(reader.get(width.bits));
  reader.expect_end();
}

}  // namespace axsim::workloads::encode_detail
