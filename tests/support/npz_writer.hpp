// SPDX-License-Identifier: Apache-2.0
// .npy and .npz files built byte by byte (zlib for deflate), so tests need no NumPy: the
// reader's tests and the .npz fuzz seeds.
#pragma once
#include <zlib.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

namespace axsim::test {

inline void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += char((v >> (8 * i)) & 0xff);
}

/// A .npy file: magic, version, header length (2 bytes in v1, 4 in v2/v3), the dict padded
/// with spaces to a 64-byte boundary and a newline, then the data.
inline std::string npy(int version, const std::string& dict, const std::string& data) {
  const std::size_t prefix = version == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(version);
  out += '\0';
  put_le(out, header.size(), version == 1 ? 2 : 4);
  return out + header + data;
}

/// The header dict of a .npy file, e.g. npy_dict("<f4", "(2, 3)").
inline std::string npy_dict(const std::string& descr, const std::string& shape,
                            bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }";
}

/// float32 values as little-endian bytes.
inline std::string f32_bytes(const std::vector<float>& v) {
  std::string out;
  for (float f : v) put_le(out, std::bit_cast<std::uint32_t>(f), 4);
  return out;
}

/// Raw deflate (no zlib header), as zip stores it, at zlib level `level`; "" if zlib fails.
inline std::string deflate_raw(const std::string& data, int level = 9) {
  z_stream s{};
  if (deflateInit2(&s, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&s, uLong(data.size())), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = uInt(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = uInt(out.size());
  const bool ok = deflate(&s, Z_FINISH) == Z_STREAM_END;
  out.resize(s.total_out);
  deflateEnd(&s);
  return ok ? out : "";
}

/// A minimal zip writer: local headers with the data, then the central directory and its end.
struct Zip {
  std::string body, dir;
  int count = 0;
  int level = 9;  ///< zlib level of deflated entries
  void add(const std::string& name, const std::string& data, bool deflated) {
    const std::string packed = deflated ? deflate_raw(data, level) : data;
    const auto crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), uInt(data.size()));
    const std::size_t local = body.size();
    put_le(body, 0x04034b50, 4), put_le(body, 20, 2), put_le(body, 0, 2);
    put_le(body, deflated ? 8 : 0, 2), put_le(body, 0, 4), put_le(body, crc, 4);
    put_le(body, packed.size(), 4), put_le(body, data.size(), 4);
    put_le(body, name.size(), 2), put_le(body, 0, 2);
    body += name + packed;
    put_le(dir, 0x02014b50, 4), put_le(dir, 20, 2), put_le(dir, 20, 2), put_le(dir, 0, 2);
    put_le(dir, deflated ? 8 : 0, 2), put_le(dir, 0, 4), put_le(dir, crc, 4);
    put_le(dir, packed.size(), 4), put_le(dir, data.size(), 4), put_le(dir, name.size(), 2);
    put_le(dir, 0, 6), put_le(dir, 0, 2), put_le(dir, 0, 4), put_le(dir, local, 4);
    dir += name;
    ++count;
  }
  std::string finish() const {
    std::string out = body + dir;
    put_le(out, 0x06054b50, 4), put_le(out, 0, 4), put_le(out, count, 2), put_le(out, count, 2);
    put_le(out, dir.size(), 4), put_le(out, body.size(), 4), put_le(out, 0, 2);
    return out;
  }
};

}  // namespace axsim::test
