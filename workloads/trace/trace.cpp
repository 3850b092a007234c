// SPDX-License-Identifier: Apache-2.0
// Binary trace files (layout in trace.hpp, user docs in docs/trace-format.md).
//
// The writer streams into "<path>.tmp" and renames it over <path> only once everything is on
// disk, so a crash mid-write never leaves a half-written file under the real name. The reader
// loads the whole file and walks it with a cursor that checks every length against the bytes
// that are left *before* using it, so a damaged file always ends in a TraceError that says
// which file, which layer and which offset, never in a crash or a huge allocation.
#include "workloads/trace/trace.hpp"

#include <boost/crc.hpp>
#include <unistd.h>  // fsync: the data must be durable before the rename makes it visible

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <utility>

#include "workloads/trace/file_bytes.hpp"
#include "workloads/le_bytes.hpp"

namespace axsim::workloads {
namespace {

constexpr std::string_view kFileMagic = "AXSTRACE";
constexpr std::string_view kSectionMagic = "AXLY";

// Sanity limits, far above any real trace: a corrupted length field is reported as corruption
// instead of as a truncated file, and can never trigger a multi-gigabyte allocation.
constexpr std::uint64_t kMaxNameBytes = 4096;
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{64} << 20;
constexpr std::uint64_t kMaxBlobs = 1024;

using Bytes = std::span<const std::uint8_t>;
using trace_detail::crc32;
using trace_detail::FileBytes;

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// Names in messages may come from a corrupted file and hold any byte; escaping everything but
// printable ASCII keeps messages readable and valid UTF-8 (they may end up in JSON or SQLite).
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

std::string printable(Bytes b) {
  return printable(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::string errno_text() { return std::strerror(errno); }

// ---------------------------------------------------------------- writing

// The writer refuses whatever the reader would refuse, so a trace that was written can always
// be read back.
void check_length(const std::string& path, const std::string& where, const char* what,
                  std::uint64_t n, std::uint64_t limit) {
  if (n > limit)
    throw TraceError(path + ": " + where + ": " + what + " is " + std::to_string(n) +
                     ", more than the format's limit of " + std::to_string(limit));
}

void check_limits(const std::string& path, const Trace& trace) {
  check_length(path, "file header", "header JSON length", trace.header_json.size(),
               kMaxHeaderBytes);
  check_length(path, "file header", "layer count", trace.layers.size(), UINT32_MAX);
  for (const TraceLayer& layer : trace.layers) {
    const std::string where = "layer '" + printable(layer.name) + "'";
    check_length(path, where, "name length", layer.name.size(), kMaxNameBytes);
    check_length(path, where, "header JSON length", layer.header_json.size(), kMaxHeaderBytes);
    check_length(path, where, "blob count", layer.blobs.size(), kMaxBlobs);
    for (const auto& [name, data] : layer.blobs)
      check_length(path, where, "blob name length", name.size(), kMaxNameBytes);
  }
}

// Writes "<path>.tmp" and keeps a running CRC of what it wrote. Until commit() succeeds the
// destructor deletes the temporary file, so failures leave nothing behind.
class TempFileSink {
 public:
  explicit TempFileSink(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {
    file_ = std::fopen(tmp_.c_str(), "wb");
    if (!file_) fail("cannot create temporary file " + tmp_);
  }
  TempFileSink(const TempFileSink&) = delete;
  TempFileSink& operator=(const TempFileSink&) = delete;
  ~TempFileSink() {
    if (file_) std::fclose(file_);
    if (!committed_) std::remove(tmp_.c_str());
  }

  void bytes(const void* data, std::size_t n) {
    if (n != 0 && std::fwrite(data, 1, n, file_) != n) fail("cannot write " + tmp_);
    crc_.process_bytes(data, n);
  }
  void text(std::string_view s) { bytes(s.data(), s.size()); }
  // Little-endian byte by byte, whatever the host's byte order.
  void u32(std::uint32_t v) { uint_le(v, 4); }
  void u64(std::uint64_t v) { uint_le(v, 8); }

  void restart_crc() { crc_.reset(); }
  std::uint32_t crc() const { return crc_.checksum(); }

  void commit() {
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail("cannot write " + tmp_);
    const int closed = std::fclose(file_);
    file_ = nullptr;  // closed even when fclose reports an error
    if (closed != 0) fail("cannot write " + tmp_);
    if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
      fail("cannot rename " + tmp_ + " to " + path_);
    committed_ = true;
  }

 private:
  void uint_le(std::uint64_t v, int n) {
    std::uint8_t b[8];
    store_le(b, v, n);
    bytes(b, static_cast<std::size_t>(n));
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw TraceError(path_ + ": " + what + ": " + errno_text());
  }

  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
  boost::crc_32_type crc_;
};

// Lengths were checked by check_limits, so the narrowing casts below cannot truncate.
void write_file_header(TempFileSink& out, const Trace& trace) {
  out.text(kFileMagic);
  out.u32(kTraceFormatVersion);
  out.u32(static_cast<std::uint32_t>(trace.header_json.size()));
  out.restart_crc();  // the header CRC covers the JSON text only
  out.text(trace.header_json);
  out.u32(out.crc());
  out.u32(static_cast<std::uint32_t>(trace.layers.size()));
}

void write_section(TempFileSink& out, const TraceLayer& layer) {
  out.text(kSectionMagic);
  out.restart_crc();  // the section CRC covers everything after the magic
  out.u32(static_cast<std::uint32_t>(layer.name.size()));
  out.text(layer.name);
  out.u32(static_cast<std::uint32_t>(layer.header_json.size()));
  out.text(layer.header_json);
  out.u32(static_cast<std::uint32_t>(layer.blobs.size()));
  for (const auto& [name, data] : layer.blobs) {  // std::map: sorted, so output is reproducible
    out.u32(static_cast<std::uint32_t>(name.size()));
    out.text(name);
    out.u64(data.size());
    out.bytes(data.data(), data.size());
  }
  out.u32(out.crc());
}

// ---------------------------------------------------------------- reading

// Bounds-checked reader over the loaded file. Every read first compares its length with the
// bytes left; every error names the file, the current context (file header, layer) and the
// offset where the offending field starts.
class Cursor {
 public:
  Cursor(const std::string& file, Bytes data) : file_(file), data_(data) {}

  std::size_t offset() const { return pos_; }
  std::uint64_t left() const { return data_.size() - pos_; }
  Bytes between(std::size_t from, std::size_t to) const { return data_.subspan(from, to - from); }
  void set_context(std::string context) { context_ = std::move(context); }

  Bytes take(std::uint64_t n, const std::string& what) {
    if (n > left())
      fail(pos_, "expected " + std::to_string(n) + " bytes of " + what + ", only " +
                     std::to_string(left()) + " left (truncated file?)");
    const Bytes out = data_.subspan(pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }
  std::string text(std::uint64_t n, const std::string& what) {
    const Bytes b = take(n, what);
    return std::string(b.begin(), b.end());
  }
  std::uint32_t u32(const std::string& what) {
    return static_cast<std::uint32_t>(uint_le(4, what));
  }
  std::uint64_t u64(const std::string& what) { return uint_le(8, what); }

  // A u32 length field, rejected when above `limit` so that a corrupted length is called
  // corruption rather than truncation.
  std::uint32_t length(const std::string& what, std::uint64_t limit) {
    const std::size_t at = pos_;
    const std::uint32_t n = u32(what);
    if (n > limit)
      fail(at, what + " " + std::to_string(n) + " exceeds the limit of " + std::to_string(limit) +
                   " (corrupted file?)");
    return n;
  }

  [[noreturn]] void fail(std::size_t at, const std::string& message) const {
    const std::string where = context_.empty() ? "" : context_ + " at ";
    throw TraceError(file_ + ": " + where + "offset " + std::to_string(at) + ": " + message);
  }

 private:
  std::uint64_t uint_le(int n, const std::string& what) {
    const Bytes b = take(static_cast<std::uint64_t>(n), what);
    return load_le(b.data(), n);
  }

  const std::string& file_;
  Bytes data_;
  std::size_t pos_ = 0;
  std::string context_;
};

bool equals(Bytes bytes, std::string_view magic) {
  return std::equal(bytes.begin(), bytes.end(), magic.begin(), magic.end(),
                    [](std::uint8_t b, char c) { return b == static_cast<std::uint8_t>(c); });
}

// Cleared only by the trace fuzz harness (set_trace_crc_checks).
std::atomic<bool> g_crc_checks{true};

// Reads the stored CRC at the cursor and compares it with the CRC of the bytes from `from` up
// to the cursor. `report_at` is where the damaged region starts, for the message.
void verify_crc(Cursor& in, std::size_t from, std::size_t report_at, const std::string& what) {
  const std::uint32_t computed = crc32(in.between(from, in.offset()));
  const std::uint32_t stored = in.u32(what + " checksum");
  if (!g_crc_checks.load(std::memory_order_relaxed)) return;  // fuzz harness only
  if (stored != computed)
    in.fail(report_at, "checksum mismatch (stored " + hex32(stored) + ", computed " +
                           hex32(computed) + "): corrupted " + what);
}

void read_file_magic(Cursor& in) {
  // A short file that does not even start like a trace is "not a trace", not "truncated".
  const std::uint64_t n = std::min<std::uint64_t>(in.left(), kFileMagic.size());
  if (!equals(in.between(0, static_cast<std::size_t>(n)), kFileMagic.substr(0, n)))
    in.fail(0, "not an axsim trace (expected magic " + std::string(kFileMagic) + ")");
  in.take(kFileMagic.size(), "magic " + std::string(kFileMagic));
}

// Returns the announced layer count.
std::uint32_t read_file_header(Cursor& in, Trace& trace) {
  read_file_magic(in);
  const std::size_t version_at = in.offset();
  const std::uint32_t version = in.u32("format version");
  if (version != kTraceFormatVersion)
    in.fail(version_at, "unsupported trace format version " + std::to_string(version) +
                            " (this axsim reads version " + std::to_string(kTraceFormatVersion) +
                            " only: re-create the trace with axsim compress from its model and "
                            "recipe)");
  in.set_context("file header");
  const std::uint32_t len = in.length("file header length", kMaxHeaderBytes);
  const std::size_t json_at = in.offset();
  trace.header_json = in.text(len, "file header JSON");
  verify_crc(in, json_at, json_at, "file header");
  in.set_context("");
  return in.u32("layer count");
}

std::string read_name(Cursor& in, const std::string& what) {
  const std::uint32_t len = in.length(what + " length", kMaxNameBytes);
  return in.text(len, what);
}

// A wrong section magic is reported with the layer's name when the name right after it is
// still readable, which is the usual case when only the magic itself was damaged.
[[noreturn]] void bad_section_magic(Cursor& in, std::size_t at, Bytes found,
                                    const std::string& section) {
  try {
    in.set_context("layer '" + printable(read_name(in, "layer name")) + "' (" + section + ")");
  } catch (const TraceError&) {
    // name unreadable as well: the section number alone identifies the layer
  }
  in.fail(at, "expected section magic " + std::string(kSectionMagic) + ", found '" +
                  printable(found) + "' (corrupted file?)");
}

struct RawBlob {
  std::size_t at;
  std::string name;
  Bytes data;
};

std::vector<RawBlob> read_blobs(Cursor& in) {
  const std::uint32_t count = in.length("blob count", kMaxBlobs);
  std::vector<RawBlob> blobs;
  for (std::uint32_t i = 0; i < count; ++i) {
    RawBlob blob{in.offset(), read_name(in, "blob name"), {}};
    const std::string what = "blob '" + printable(blob.name) + "'";
    const std::uint64_t size = in.u64("size of " + what);
    blob.data = in.take(size, what);
    blobs.push_back(std::move(blob));
  }
  return blobs;
}

// `index` counts from 0; messages count sections from 1.
TraceLayer read_section(Cursor& in, std::uint32_t index) {
  const std::string section = "section " + std::to_string(std::uint64_t{index} + 1);
  in.set_context(section);
  const std::size_t start = in.offset();
  const Bytes magic = in.take(kSectionMagic.size(), "section magic");
  if (!equals(magic, kSectionMagic)) bad_section_magic(in, start, magic, section);
  TraceLayer layer;
  layer.name = read_name(in, "layer name");
  in.set_context("layer '" + printable(layer.name) + "' (" + section + ")");
  const std::uint32_t header_len = in.length("layer header length", kMaxHeaderBytes);
  layer.header_json = in.text(header_len, "layer header JSON");
  const std::vector<RawBlob> blobs = read_blobs(in);
  // Checksum before the duplicate check: a damaged blob name must read as damage.
  verify_crc(in, start + kSectionMagic.size(), start, "section");
  for (const RawBlob& blob : blobs)
    if (!layer.blobs.emplace(blob.name, std::vector<std::uint8_t>(blob.data.begin(),
                                                                   blob.data.end()))
             .second)
      in.fail(blob.at, "duplicate blob '" + printable(blob.name) + "'");
  return layer;
}

}  // namespace

void write_trace(const std::string& path, const Trace& trace) {
  check_limits(path, trace);  // before creating anything
  TempFileSink out(path);
  write_file_header(out, trace);
  for (const TraceLayer& layer : trace.layers) write_section(out, layer);
  out.commit();
}

Trace read_trace(const std::string& path) {
  const FileBytes file(path);
  return read_trace_bytes(path, file.bytes().data(), file.bytes().size());
}

Trace read_trace_bytes(const std::string& path, const std::uint8_t* data, std::size_t size) {
  Cursor in(path, Bytes(data, size));
  Trace trace;
  const std::uint32_t count = read_file_header(in, trace);
  // No reserve(count): the count is not covered by a checksum and may be garbage.
  for (std::uint32_t i = 0; i < count; ++i) {
    if (in.left() == 0) {
      in.set_context("");
      in.fail(in.offset(), "file ends after " + std::to_string(i) + " of " +
                               std::to_string(count) + " sections (truncated file?)");
    }
    trace.layers.push_back(read_section(in, i));
  }
  in.set_context("");
  if (in.left() != 0)
    in.fail(in.offset(), std::to_string(in.left()) + " unexpected bytes after the last of " +
                             std::to_string(count) + " sections");
  return trace;
}

void set_trace_crc_checks(bool enabled) {
  g_crc_checks.store(enabled, std::memory_order_relaxed);
}

}  // namespace axsim::workloads
