// SPDX-License-Identifier: Apache-2.0
// Trace files: round trips are exact and reproducible, the bytes follow the documented layout,
// and every truncation or single-byte corruption is a TraceError naming file, layer and offset.
#include "workloads/trace/trace.hpp"

#include <boost/crc.hpp>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace axsim::workloads::trace_test {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

// A unique path under the test temp dir, removed (with its ".tmp") when the test ends.
class TempPath {
 public:
  TempPath() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = ::testing::TempDir() + "axsim_trace_" + info->name() + "_" +
            std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".axtrace";
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  ~TempPath() {
    std::error_code ec;
    fs::remove_all(path_, ec);
    fs::remove_all(path_ + ".tmp", ec);
  }
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

Bytes load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void store(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

// Deterministic pseudo-random bytes, so the large blob is not a trivial pattern.
Bytes pattern(std::size_t n, std::uint32_t seed) {
  Bytes b(n);
  for (auto& x : b) {
    seed = seed * 1664525u + 1013904223u;
    x = static_cast<std::uint8_t>(seed >> 24);
  }
  return b;
}

Trace big_trace() {
  Trace t;
  t.header_json = R"({"format":"axsim-trace","layers":["conv1","fc6","lstm"],"note":"µ\u00e9"})";
  TraceLayer conv{"conv1", R"({"name":"conv1","kind":"conv"})", {}};
  conv.blobs["codes"] = {0, 1, 2, 255, 0};
  conv.blobs["empty"] = {};
  conv.blobs["values"] = pattern(1000, 7);
  TraceLayer fc{"fc6", R"({"name":"fc6","kind":"fc"})", {}};
  fc.blobs["encoded"] = pattern(1 << 20, 42);  // 1 MiB
  fc.blobs["input"] = pattern(4096, 3);
  TraceLayer lstm{"lstm", "", {}};  // no header text, no blobs
  t.layers = {conv, fc, lstm};
  return t;
}

// Small enough to truncate and corrupt at every byte.
Trace small_trace() {
  Trace t;
  t.header_json = R"({"layers":["a1","b22"]})";
  TraceLayer a{"a1", R"({"k":1})", {}};
  a.blobs["codes"] = {1, 2, 3};
  a.blobs["z"] = {};
  TraceLayer b{"b22", "{}", {}};
  b.blobs["values"] = {9, 8, 7, 6, 5};
  t.layers = {a, b};
  return t;
}

void expect_same(const Trace& want, const Trace& got) {
  EXPECT_EQ(want.header_json, got.header_json);
  ASSERT_EQ(want.layers.size(), got.layers.size());
  for (std::size_t i = 0; i < want.layers.size(); ++i) {
    EXPECT_EQ(want.layers[i].name, got.layers[i].name);
    EXPECT_EQ(want.layers[i].header_json, got.layers[i].header_json);
    EXPECT_TRUE(want.layers[i].blobs == got.layers[i].blobs) << want.layers[i].name;
  }
}

// An independent encoder written from the layout comment in trace.hpp: checks the writer
// against the documented layout, and builds files with valid CRCs for the reader's checks.
struct Encoder {
  Bytes out;
  void raw(std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }
  void raw(const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }
  void le(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out.push_back(std::uint8_t(v >> (8 * i)));
  }
  static std::uint32_t crc(const std::uint8_t* p, std::size_t n) {
    boost::crc_32_type c;
    c.process_bytes(p, n);
    return c.checksum();
  }
  void file_header(std::string_view json, std::uint32_t layers, std::uint32_t version = kTraceFormatVersion) {
    raw("AXSTRACE");
    le(version, 4);
    le(json.size(), 4);
    raw(json);
    le(crc(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()), 4);
    le(layers, 4);
  }
  std::size_t crc_from = 0;
  void section_start(std::string_view name, std::string_view header, std::uint32_t blobs) {
    raw("AXLY");
    crc_from = out.size();
    le(name.size(), 4);
    raw(name);
    le(header.size(), 4);
    raw(header);
    le(blobs, 4);
  }
  void blob(std::string_view name, const Bytes& data) {
    le(name.size(), 4);
    raw(name);
    le(data.size(), 8);
    raw(data);
  }
  void section_end() { le(crc(out.data() + crc_from, out.size() - crc_from), 4); }
};

Bytes encode(const Trace& t) {
  Encoder e;
  e.file_header(t.header_json, std::uint32_t(t.layers.size()));
  for (const TraceLayer& l : t.layers) {
    e.section_start(l.name, l.header_json, std::uint32_t(l.blobs.size()));
    for (const auto& [name, data] : l.blobs) e.blob(name, data);
    e.section_end();
  }
  return e.out;
}

// Byte ranges of one layer section, from the documented layout.
struct SectionSpan {
  std::size_t begin, name_begin, name_end, end;  // name range covers name_len and name
};

std::vector<SectionSpan> sections(const Trace& t) {
  std::vector<SectionSpan> spans;
  std::size_t at = 8 + 4 + 4 + t.header_json.size() + 4 + 4;
  for (const TraceLayer& l : t.layers) {
    SectionSpan s{at, at + 4, at + 4 + 4 + l.name.size(), 0};
    std::size_t end = s.name_end + 4 + l.header_json.size() + 4;
    for (const auto& [name, data] : l.blobs) end += 4 + name.size() + 8 + data.size();
    s.end = end + 4;
    spans.push_back(s);
    at = s.end;
  }
  return spans;
}

// Reads `path` expecting a TraceError; returns its message ("" and a failure otherwise).
std::string read_error(const std::string& path) {
  try {
    read_trace(path);
  } catch (const TraceError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a TraceError: " << e.what();
    return "";
  }
  ADD_FAILURE() << "read_trace accepted " << path;
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(Trace, RoundTripIsExact) {
  TempPath p;
  const Trace t = big_trace();
  write_trace(p.str(), t);
  expect_same(t, read_trace(p.str()));
  EXPECT_FALSE(fs::exists(p.str() + ".tmp"));
}

TEST(Trace, EmptyTraceRoundTrips) {
  TempPath p;
  write_trace(p.str(), Trace{});
  expect_same(Trace{}, read_trace(p.str()));
  EXPECT_EQ(load(p.str()).size(), 8u + 4 + 4 + 0 + 4 + 4);
}

TEST(Trace, BytesFollowTheDocumentedLayout) {
  TempPath p;
  const Trace t = big_trace();
  write_trace(p.str(), t);
  EXPECT_TRUE(load(p.str()) == encode(t));
}

TEST(Trace, WritingTwiceGivesIdenticalFiles) {
  TempPath a, b;
  const Trace t = big_trace();
  write_trace(a.str(), t);
  write_trace(b.str(), t);
  EXPECT_TRUE(load(a.str()) == load(b.str()));
  write_trace(a.str(), t);  // overwriting an existing trace replaces it
  EXPECT_TRUE(load(a.str()) == load(b.str()));
}

TEST(Trace, EveryTruncationIsRejected) {
  TempPath full, cut;
  write_trace(full.str(), small_trace());
  const Bytes bytes = load(full.str());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    store(cut.str(), Bytes(bytes.begin(), bytes.begin() + std::ptrdiff_t(n)));
    const std::string msg = read_error(cut.str());
    EXPECT_TRUE(contains(msg, cut.str() + ": ")) << n << ": " << msg;
    EXPECT_TRUE(contains(msg, "offset ")) << n << ": " << msg;
    EXPECT_TRUE(contains(msg, "truncated file?")) << n << ": " << msg;
  }
}

TEST(Trace, TruncatedBlobMessageNamesLayerBlobAndSizes) {
  TempPath p;
  const Trace t = big_trace();
  write_trace(p.str(), t);
  Bytes bytes = load(p.str());
  const SectionSpan fc = sections(t)[1];
  bytes.resize(fc.end - 1000);  // cuts into the 1 MiB "encoded" blob ("input" comes after)
  store(p.str(), bytes);
  const std::string msg = read_error(p.str());
  EXPECT_TRUE(contains(msg, p.str() + ": layer 'fc6' (section 2) at offset ")) << msg;
  EXPECT_TRUE(contains(msg, "bytes of blob 'input', only ")) << msg;
  EXPECT_TRUE(contains(msg, "left (truncated file?)")) << msg;
}

TEST(Trace, EverySingleByteCorruptionInASectionNamesTheLayer) {
  TempPath full, bad;
  const Trace t = small_trace();
  write_trace(full.str(), t);
  const Bytes bytes = load(full.str());
  const std::vector<SectionSpan> spans = sections(t);
  ASSERT_EQ(spans.back().end, bytes.size());
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const std::string section = "section " + std::to_string(k + 1);
    const std::string layer = "layer '" + t.layers[k].name + "'";
    for (std::size_t i = spans[k].begin; i < spans[k].end; ++i) {
      for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
        Bytes copy = bytes;
        copy[i] ^= mask;
        store(bad.str(), copy);
        const std::string msg = read_error(bad.str());
        EXPECT_TRUE(contains(msg, bad.str() + ": ")) << i << ": " << msg;
        EXPECT_TRUE(contains(msg, section)) << i << ": " << msg;
        // A damaged name cannot be reported as it was; the section number still says which.
        const bool in_name = i >= spans[k].name_begin && i < spans[k].name_end;
        if (!in_name) {
          EXPECT_TRUE(contains(msg, layer)) << i << ": " << msg;
        }
      }
    }
  }
}

TEST(Trace, EverySingleByteCorruptionInTheFileHeaderIsRejected) {
  TempPath full, bad;
  const Trace t = small_trace();
  write_trace(full.str(), t);
  const Bytes bytes = load(full.str());
  for (std::size_t i = 0; i < sections(t)[0].begin; ++i) {
    Bytes copy = bytes;
    copy[i] ^= 0x01;
    store(bad.str(), copy);
    const std::string msg = read_error(bad.str());
    EXPECT_TRUE(contains(msg, bad.str() + ": ")) << i << ": " << msg;
    EXPECT_TRUE(contains(msg, "offset ")) << i << ": " << msg;
  }
}

TEST(Trace, CorruptedSectionReportsBothChecksums) {
  TempPath p;
  const Trace t = small_trace();
  write_trace(p.str(), t);
  Bytes bytes = load(p.str());
  const SectionSpan b = sections(t)[1];
  bytes[b.end - 6] ^= 0x10;  // inside the "values" blob data
  store(p.str(), bytes);
  const std::string want = p.str() + ": layer 'b22' (section 2) at offset " +
                           std::to_string(b.begin) + ": checksum mismatch (stored 0x";
  const std::string msg = read_error(p.str());
  EXPECT_EQ(msg.rfind(want, 0), 0u) << msg;
  EXPECT_TRUE(contains(msg, ", computed 0x")) << msg;
  EXPECT_TRUE(contains(msg, "): corrupted section")) << msg;
}

TEST(Trace, WrongMagicIsNotATrace) {
  TempPath p;
  write_trace(p.str(), small_trace());
  Bytes bytes = load(p.str());
  bytes[3] = 'X';
  store(p.str(), bytes);
  EXPECT_EQ(read_error(p.str()),
            p.str() + ": offset 0: not an axsim trace (expected magic AXSTRACE)");
  store(p.str(), {'{', '}'});  // short and not a trace prefix: not a trace, not "truncated"
  EXPECT_EQ(read_error(p.str()),
            p.str() + ": offset 0: not an axsim trace (expected magic AXSTRACE)");
}

TEST(Trace, OtherVersionsAreRejected) {
  TempPath p;
  for (std::uint32_t version : {1u, 3u}) {
    Encoder e;
    e.file_header("{}", 0, version);
    store(p.str(), e.out);
    EXPECT_EQ(read_error(p.str()),
              p.str() + ": offset 8: unsupported trace format version " + std::to_string(version) +
                  " (this axsim reads version 2 only: re-create the trace with axsim compress "
                  "from its model and recipe)");
  }
}

TEST(Trace, HeaderChecksumMismatchIsReported) {
  TempPath p;
  const Trace t = small_trace();
  write_trace(p.str(), t);
  Bytes bytes = load(p.str());
  const std::size_t crc_at = 8 + 4 + 4 + t.header_json.size();
  bytes[crc_at + 2] ^= 0x40;
  store(p.str(), bytes);
  const std::string msg = read_error(p.str());
  EXPECT_EQ(msg.rfind(p.str() + ": file header at offset 16: checksum mismatch (stored 0x", 0), 0u)
      << msg;
  EXPECT_TRUE(contains(msg, "): corrupted file header")) << msg;
}

TEST(Trace, TrailingBytesAreRejected) {
  TempPath p;
  write_trace(p.str(), small_trace());
  Bytes bytes = load(p.str());
  const std::size_t size = bytes.size();
  bytes.push_back(0);
  store(p.str(), bytes);
  EXPECT_EQ(read_error(p.str()), p.str() + ": offset " + std::to_string(size) +
                                     ": 1 unexpected bytes after the last of 2 sections");
}

TEST(Trace, CorruptedLengthsHitTheSanityLimits) {
  TempPath p;
  Encoder e;
  e.file_header("{}", 1);
  const std::size_t section = e.out.size();
  e.section_start("fc6", "{}", /*blobs=*/1025);
  e.section_end();
  store(p.str(), e.out);
  const std::string blob_count_at = std::to_string(section + 4 + 4 + 3 + 4 + 2);
  EXPECT_EQ(read_error(p.str()),
            p.str() + ": layer 'fc6' (section 1) at offset " + blob_count_at +
                ": blob count 1025 exceeds the limit of 1024 (corrupted file?)");

  Encoder big;
  big.file_header("{}", 1);
  big.section_start(std::string(4097, 'n'), "{}", 0);
  big.section_end();
  store(p.str(), big.out);
  const std::string msg = read_error(p.str());
  EXPECT_TRUE(contains(msg, "section 1 at offset " + std::to_string(section + 4) +
                                ": layer name length 4097 exceeds the limit"))
      << msg;
}

TEST(Trace, DuplicateBlobNamesAreRejected) {
  TempPath p;
  Encoder e;
  e.file_header("{}", 1);
  e.section_start("fc6", "{}", 2);
  e.blob("codes", {1});
  e.blob("codes", {2});
  e.section_end();
  store(p.str(), e.out);
  EXPECT_TRUE(contains(read_error(p.str()), "layer 'fc6' (section 1) at offset ")) << p.str();
  EXPECT_TRUE(contains(read_error(p.str()), ": duplicate blob 'codes'"));
}

TEST(Trace, CorruptedNamesArePrintedEscaped) {
  TempPath p;
  Encoder e;
  e.file_header("{}", 1);
  e.section_start(std::string("f\n\xff", 3), "{}", 0);
  e.out.push_back(0);  // truncated CRC
  store(p.str(), e.out);
  EXPECT_TRUE(contains(read_error(p.str()), "layer 'f\\x0a\\xff' (section 1)"));
}

TEST(Trace, MissingSectionsAreReportedAsTruncation) {
  TempPath p;
  Encoder e;
  e.file_header("{}", 3);
  store(p.str(), e.out);
  EXPECT_EQ(read_error(p.str()), p.str() + ": offset 26: file ends after 0 of 3 sections " +
                                     "(truncated file?)");
}

TEST(Trace, UnreadablePathNamesTheFile) {
  TempPath p;
  const std::string msg = read_error(p.str());
  EXPECT_TRUE(contains(msg, p.str() + ": cannot open for reading: ")) << msg;
}

TEST(Trace, UnwritablePathThrowsAndLeavesNothing) {
  TempPath dir;
  const std::string path = dir.str() + "/missing/x.axtrace";
  try {
    write_trace(path, small_trace());
    FAIL() << "write_trace succeeded";
  } catch (const TraceError& e) {
    EXPECT_TRUE(contains(e.what(), path + ": cannot create temporary file " + path + ".tmp"))
        << e.what();
  }
}

TEST(Trace, FailedRenameRemovesTheTemporaryFile) {
  TempPath dir;  // the target is a non-empty directory, so the rename over it fails
  fs::create_directories(dir.str() + "/keep");
  try {
    write_trace(dir.str(), small_trace());
    FAIL() << "write_trace succeeded";
  } catch (const TraceError& e) {
    EXPECT_TRUE(contains(e.what(), dir.str() + ": cannot rename ")) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir.str() + ".tmp"));
  EXPECT_TRUE(fs::is_directory(dir.str() + "/keep"));
}

TEST(Trace, WriterRefusesWhatTheReaderWouldReject) {
  TempPath p;
  Trace t;
  t.layers.push_back({std::string(4097, 'n'), "{}", {}});
  EXPECT_THROW(write_trace(p.str(), t), TraceError);
  t.layers[0].name = "ok";
  for (int i = 0; i < 1025; ++i) {
    std::string blob_name = "b";  // built in two steps: GCC 12 -O2 warns (-Wrestrict) on "b" + s
    blob_name += std::to_string(i);
    t.layers[0].blobs[blob_name] = {};
  }
  EXPECT_THROW(write_trace(p.str(), t), TraceError);
  EXPECT_FALSE(fs::exists(p.str()));
  EXPECT_FALSE(fs::exists(p.str() + ".tmp"));
}

}  // namespace
}  // namespace axsim::workloads::trace_test
