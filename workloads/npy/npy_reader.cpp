// SPDX-License-Identifier: Apache-2.0
// Our own .npy/.npz reader: the format is small (a Python-literal header, then raw C-order data;
// an .npz is a zip of them), and owning it keeps error messages precise.
#include "workloads/npy/npy_reader.hpp"

#define ZLIB_CONST  // next_in as a pointer to const, so input strings need no const_cast
#include <zlib.h>

#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"

namespace axsim::workloads {

namespace {

using Dims = std::vector<std::int64_t>;

[[noreturn]] void fail(const std::string& label, std::size_t offset, const std::string& what) {
  throw sim::ConfigError(label + " at offset " + std::to_string(offset) + ": " + what);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::ConfigError(path + ": cannot open the file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw sim::ConfigError(path + ": read error");
  return buf.str();
}

/// Bounds-checked little-endian reads; running off the end is reported as truncation.
class Bytes {
 public:
  Bytes(const std::string& data, std::string label) : data_(data), label_(std::move(label)) {}
  const std::string& label() const { return label_; }
  std::size_t size() const { return data_.size(); }

  void need(std::size_t offset, std::size_t n, const std::string& what) const {
    if (offset > data_.size() || n > data_.size() - offset) {
      const std::size_t left = offset > data_.size() ? 0 : data_.size() - offset;
      fail(label_, offset, "truncated: " + what + " needs " + std::to_string(n) +
                               " bytes, only " + std::to_string(left) + " left");
    }
  }
  std::uint64_t le(std::size_t offset, std::size_t n, const std::string& what) const {
    need(offset, n, what);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
      v |= std::uint64_t(static_cast<unsigned char>(data_[offset + i])) << (8 * i);
    return v;
  }
  std::string str(std::size_t offset, std::size_t n, const std::string& what) const {
    need(offset, n, what);
    return data_.substr(offset, n);
  }
  const unsigned char* at(std::size_t offset) const {
    return reinterpret_cast<const unsigned char*>(data_.data()) + offset;
  }

 private:
  const std::string& data_;
  std::string label_;
};

// ---- .npy header: a Python dict literal ----------------------------------------------------

struct HeaderValue {
  enum class Kind { kString, kBool, kTuple } kind = Kind::kString;
  std::string text;
  bool flag = false;
  Dims tuple;
};

/// Recursive descent over {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.
/// `base` is where the text starts in the file, so errors carry file offsets.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, std::size_t base, const std::string& label)
      : text_(text), base_(base), label_(label) {}

  std::map<std::string, HeaderValue> dict() {
    std::map<std::string, HeaderValue> out;
    expect('{');
    while (peek() != '}') {
      const std::size_t key_at = pos_;
      std::string key = quoted();
      expect(':');
      if (!out.emplace(key, value()).second) error(key_at, "key '" + key + "' repeated");
      if (peek() != ',') break;
      expect(',');
    }
    expect('}');
    if (peek() != '\0') error(pos_, "unexpected text after the header dict");
    return out;
  }

 private:
  [[noreturn]] void error(std::size_t pos, const std::string& what) const {
    fail(label_, base_ + pos, "bad .npy header: " + what);
  }
  char peek() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  void expect(char c) {
    if (peek() != c) error(pos_, std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string quoted() {
    const char q = peek();
    if (q != '\'' && q != '"') error(pos_, "expected a quoted string");
    const std::size_t end = text_.find(q, pos_ + 1);
    if (end == std::string::npos) error(pos_, "unterminated string");
    std::string s = text_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    return s;
  }
  std::int64_t integer() {
    peek();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    // Longer than 15 digits cannot be a real dim and would overflow the conversion.
    if (pos_ == start || pos_ - start > 15) error(start, "expected a dimension");
    return std::stoll(text_.substr(start, pos_ - start));
  }
  HeaderValue tuple() {
    HeaderValue v{HeaderValue::Kind::kTuple, {}, false, {}};
    expect('(');
    while (peek() != ')') {
      v.tuple.push_back(integer());
      if (peek() != ',') break;
      expect(',');
    }
    expect(')');
    return v;
  }
  HeaderValue value() {
    const char c = peek();
    if (c == '\'' || c == '"') return HeaderValue{HeaderValue::Kind::kString, quoted(), false, {}};
    if (c == '(') return tuple();
    for (const char* word : {"True", "False"})
      if (text_.compare(pos_, std::strlen(word), word) == 0) {
        pos_ += std::strlen(word);
        return HeaderValue{HeaderValue::Kind::kBool, word, word[0] == 'T', {}};
      }
    error(pos_, "expected a string, a tuple, True or False");
  }

  const std::string& text_;
  std::size_t base_, pos_ = 0;
  const std::string& label_;
};

// ---- .npy data -----------------------------------------------------------------------------

struct DType {
  const char* descr;
  std::size_t size;
  float (*load)(std::uint64_t bits);
};

template <typename Int>
float load_int(std::uint64_t bits) {
  return static_cast<float>(static_cast<Int>(bits));
}

const DType* find_dtype(const std::string& descr) {
  static const DType kTypes[] = {
      {"<f4", 4, [](std::uint64_t b) { return std::bit_cast<float>(std::uint32_t(b)); }},
      {"<f8", 8, [](std::uint64_t b) { return static_cast<float>(std::bit_cast<double>(b)); }},
      {"<i1", 1, load_int<std::int8_t>},  {"|i1", 1, load_int<std::int8_t>},
      {"<i2", 2, load_int<std::int16_t>}, {"<i4", 4, load_int<std::int32_t>},
      {"<i8", 8, load_int<std::int64_t>}, {"<u1", 1, load_int<std::uint8_t>},
      {"|u1", 1, load_int<std::uint8_t>},
  };
  for (const DType& t : kTypes)
    if (descr == t.descr) return &t;
  return nullptr;
}

struct NpyHeader {
  const DType* dtype = nullptr;
  Dims shape;
  std::size_t data_offset = 0;
};

/// Magic, version and the length of the header dict: 2 bytes in v1, 4 in v2/v3.
std::pair<std::size_t, std::size_t> header_span(const Bytes& b) {
  static const char kMagic[] = "\x93NUMPY";
  if (b.str(0, 6, "the magic string") != std::string(kMagic, 6))
    fail(b.label(), 0, "not a .npy file (no \\x93NUMPY magic)");
  const auto major = b.le(6, 1, "the version"), minor = b.le(7, 1, "the version");
  if (major == 1) return {10, b.le(8, 2, "the header length")};
  if (major == 2 || major == 3) return {12, b.le(8, 4, "the header length")};
  fail(b.label(), 6, "unsupported .npy format version " + std::to_string(major) + "." +
                         std::to_string(minor) + " (1.0, 2.0 and 3.0 are read)");
}

NpyHeader read_header(const Bytes& b) {
  // Not a structured binding: clang 14 (the sanitizer build) cannot capture one in a lambda.
  const auto span = header_span(b);
  const auto start = span.first, length = span.second;
  const std::string text = b.str(start, length, "the header dict");
  auto dict = HeaderParser(text, start, b.label()).dict();
  const auto get = [&](const char* key, HeaderValue::Kind kind) -> const HeaderValue& {
    auto it = dict.find(key);
    if (it == dict.end() || it->second.kind != kind)
      fail(b.label(), start, std::string("header lacks '") + key + "' or it has the wrong type");
    return it->second;
  };
  NpyHeader h;
  const std::string descr = get("descr", HeaderValue::Kind::kString).text;
  h.dtype = find_dtype(descr);
  if (h.dtype == nullptr)
    fail(b.label(), start, "dtype '" + descr + "' is not supported (<f4 <f8 <i1 <i2 <i4 <i8 <u1)");
  if (get("fortran_order", HeaderValue::Kind::kBool).flag)
    fail(b.label(), start, "Fortran-order arrays are not supported; save in C order "
                           "(np.ascontiguousarray)");
  h.shape = get("shape", HeaderValue::Kind::kTuple).tuple;
  if (dict.size() != 3)
    fail(b.label(), start, "header has keys besides descr, fortran_order and shape");
  h.data_offset = start + length;
  return h;
}

}  // namespace

Tensor parse_npy(const std::string& bytes, const std::string& label) {
  const Bytes b(bytes, label);
  const NpyHeader h = read_header(b);
  std::size_t count = 1;
  for (std::int64_t d : h.shape) {
    if (d > 0 && count > (std::size_t{1} << 40) / std::size_t(d))
      fail(label, h.data_offset, "shape is too large");
    count *= std::size_t(d);
  }
  const std::size_t size = h.dtype->size;
  sim::MemoryBudget::check(sim::bytes_of(count, sizeof(float)), label);
  b.need(h.data_offset, count * size, "the array data (" + std::to_string(count) + " values)");
  if (b.size() != h.data_offset + count * size)
    fail(label, h.data_offset + count * size, "unexpected bytes after the array data");
  Tensor t{h.shape.empty() ? Dims{1} : h.shape, std::vector<float>(count)};
  for (std::size_t i = 0; i < count; ++i)
    t.data[i] = h.dtype->load(b.le(h.data_offset + i * size, size, "a value"));
  return t;
}

Tensor read_npy(const std::string& path) { return parse_npy(read_file(path), path); }

namespace {

// ---- .npz: the zip container -----------------------------------------------------------------

constexpr std::uint32_t kEndOfDirSig = 0x06054b50, kDirEntrySig = 0x02014b50;
constexpr std::uint32_t kLocalSig = 0x04034b50;

struct ZipEntry {
  std::string name;
  std::uint32_t method = 0, flags = 0, crc = 0, packed = 0, size = 0, local = 0;
};

/// The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB,
/// so it is searched backwards from the end.
std::size_t find_end_of_dir(const Bytes& b) {
  if (b.size() < 22) fail(b.label(), 0, "too short for a zip archive (.npz)");
  const std::size_t lowest = b.size() - 22 > 0xffff ? b.size() - 22 - 0xffff : 0;
  for (std::size_t at = b.size() - 22 + 1; at-- > lowest;)
    if (b.le(at, 4, "signature") == kEndOfDirSig) return at;
  fail(b.label(), b.size(), "no zip end-of-central-directory record: not a .npz, or truncated");
}

ZipEntry read_dir_entry(const Bytes& b, std::size_t& at) {
  if (b.le(at, 4, "a central directory entry") != kDirEntrySig)
    fail(b.label(), at, "bad central directory entry signature");
  ZipEntry e;
  e.flags = std::uint32_t(b.le(at + 8, 2, "entry flags"));
  e.method = std::uint32_t(b.le(at + 10, 2, "entry method"));
  e.crc = std::uint32_t(b.le(at + 16, 4, "entry crc"));
  e.packed = std::uint32_t(b.le(at + 20, 4, "entry size"));
  e.size = std::uint32_t(b.le(at + 24, 4, "entry size"));
  const std::size_t name_len = b.le(at + 28, 2, "name length");
  const std::size_t extra_len = b.le(at + 30, 2, "extra length");
  const std::size_t comment_len = b.le(at + 32, 2, "comment length");
  e.local = std::uint32_t(b.le(at + 42, 4, "local header offset"));
  e.name = b.str(at + 46, name_len, "the entry name");
  if (e.packed == 0xffffffffu || e.size == 0xffffffffu || e.local == 0xffffffffu)
    fail(b.label(), at, "entry '" + e.name + "' is zip64, which is not supported");
  at += 46 + name_len + extra_len + comment_len;
  return e;
}

std::vector<ZipEntry> read_directory(const Bytes& b) {
  const std::size_t end = find_end_of_dir(b);
  const std::size_t count = b.le(end + 10, 2, "entry count");
  std::size_t at = b.le(end + 16, 4, "central directory offset");
  if (count == 0xffff || at == 0xffffffffu)
    fail(b.label(), end, "zip64 archive, which is not supported");
  std::vector<ZipEntry> entries;
  for (std::size_t i = 0; i < count; ++i) entries.push_back(read_dir_entry(b, at));
  return entries;
}

/// Raw deflate (no zlib header, hence -MAX_WBITS). One spare output byte tells an entry that
/// inflates to more than its recorded size from one that fits exactly.
std::string inflate_raw(const Bytes& b, std::size_t at, const ZipEntry& e, const std::string& who) {
  z_stream s{};
  sim::MemoryBudget::check(std::uint64_t{e.size} + 1, who);
  if (inflateInit2(&s, -MAX_WBITS) != Z_OK) fail(who, at, "zlib inflateInit2 failed");
  std::string out(std::size_t(e.size) + 1, '\0');
  s.next_in = b.at(at);
  s.avail_in = e.packed;
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&s, Z_FINISH);
  const std::string msg = s.msg != nullptr ? s.msg : "";
  const std::size_t produced = s.total_out;
  inflateEnd(&s);
  if (rc != Z_STREAM_END || produced != e.size)
    fail(who, at, "corrupt deflate data (zlib: " + (msg.empty() ? std::to_string(rc) : msg) +
                      "; got " + std::to_string(produced) + " of " + std::to_string(e.size) +
                      " bytes)");
  out.resize(e.size);
  return out;
}

std::string entry_bytes(const Bytes& b, const ZipEntry& e) {
  const std::string who = b.label() + " entry '" + e.name + "'";
  if (b.le(e.local, 4, "local header of " + e.name) != kLocalSig)
    fail(who, e.local, "bad local header signature");
  if (e.flags & 1u) fail(who, e.local, "encrypted entries are not supported");
  const std::size_t data = e.local + 30 + b.le(e.local + 26, 2, "name length") +
                           b.le(e.local + 28, 2, "extra length");
  b.need(data, e.packed, "the data of entry '" + e.name + "'");
  std::string out;
  if (e.method == 0) {
    if (e.packed != e.size) fail(who, e.local, "stored entry whose two recorded sizes differ");
    out.assign(reinterpret_cast<const char*>(b.at(data)), e.size);
  } else if (e.method == 8) {
    out = inflate_raw(b, data, e, who);
  } else {
    fail(who, e.local, "compression method " + std::to_string(e.method) +
                           " is not supported (stored and deflate are)");
  }
  const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(out.data()), uInt(out.size()));
  if (crc != e.crc) fail(who, data, "CRC-32 mismatch: the entry is corrupt");
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::map<std::string, Tensor> read_npz(const std::string& path) {
  return parse_npz(read_file(path), path);
}

std::map<std::string, Tensor> parse_npz(const std::string& bytes, const std::string& path) {
  const Bytes b(bytes, path);
  std::map<std::string, Tensor> out;
  for (const ZipEntry& e : read_directory(b)) {
    // NumPy hands other entries back as raw bytes; they hold no arrays, so they are skipped.
    if (!ends_with(e.name, ".npy")) continue;
    const std::string key = e.name.substr(0, e.name.size() - 4);
    Tensor t = parse_npy(entry_bytes(b, e), path + " entry '" + e.name + "'");
    if (!out.emplace(key, std::move(t)).second)
      fail(path, e.local, "entry '" + e.name + "' appears twice");
  }
  return out;
}

}  // namespace axsim::workloads
