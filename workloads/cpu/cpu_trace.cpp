// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/cpu_trace.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <span>

#include "sim/error.hpp"
#include "workloads/cpu/cpu_trace_header.hpp"
#include "workloads/cpu/xz_file.hpp"
#include "workloads/trace/file_bytes.hpp"
#include "workloads/le_bytes.hpp"

namespace axsim::workloads::cpu {

namespace {

constexpr char kMagic[8] = {'A', 'X', 'C', 'P', 'U', 'T', 'R', '1'};
constexpr std::uint32_t kMaxHeaderBytes = 1u << 24;
constexpr std::size_t kMaxInsnBytes = 15, kMaxMemOps = 64, kMaxRegs = 64;
constexpr std::size_t kMaxStatics = std::size_t{1} << 24;  // distinct instructions of one trace

const char* const kClassNames[kInsnClasses] = {
    "other",       "alu",  "load",          "store", "multiply",      "divide", "float",   "vector",
    "branch_cond", "jump", "jump_indirect", "call",  "call_indirect", "return", "syscall", "nop"};


void put(std::vector<std::uint8_t>& b, const void* p, std::size_t n) {
  const auto* c = static_cast<const std::uint8_t*>(p);
  b.insert(b.end(), c, c + n);
}
template <class T>
void put_le(std::vector<std::uint8_t>& b, T v) {
  append_le(b, v);
}

}  // namespace

const char* class_name(InsnClass c) {
  const auto i = std::size_t(c);
  return i < std::size_t(kInsnClasses) ? kClassNames[i] : "?";
}

bool is_branch(InsnClass c) { return c >= InsnClass::kBranchCond && c <= InsnClass::kReturn; }

// ---- writer -------------------------------------------------------------------------------------

struct CpuTraceWriter::Impl {
  std::string path, body_path;
  CpuTraceHeader header;
  XzFileWriter body;  ///< the record stream, until finish() puts the header before it
  std::vector<std::uint8_t> pending;
  std::uint32_t statics = 0;
  std::vector<CpuWindow> windows;  ///< as the 'W' records came, with their counts
  bool finished = false;
  bool newest_ran = false;  ///< the newest static has been added as executed

  Impl(const std::string& p, CpuTraceHeader h)
      : path(p), body_path(p + ".body"), header(std::move(h)), body(body_path, kTraceXzPreset) {}
  void maybe_flush() {
    if (pending.size() >= (1u << 20)) body.write(pending), pending.clear();
  }
};

CpuTraceWriter::CpuTraceWriter(const std::string& path, CpuTraceHeader header)
    : impl_(std::make_unique<Impl>(path, std::move(header))) {}

CpuTraceWriter::~CpuTraceWriter() {
  if (!impl_->finished) std::remove(impl_->body_path.c_str());
}

std::uint32_t CpuTraceWriter::add_static(const StaticInsn& s) {
  if (impl_->statics > 0 && !impl_->newest_ran)
    throw sim::ConfigError(impl_->path + ": a static instruction added before the previous one ran "
                           "(each goes right before its first execution)");
  impl_->newest_ran = false;
  auto& b = impl_->pending;
  b.push_back('S');
  put_le<std::uint64_t>(b, s.pc);
  put_le<std::uint8_t>(b, std::uint8_t(s.bytes.size()));
  put(b, s.bytes.data(), s.bytes.size());
  put_le<std::uint8_t>(b, std::uint8_t(s.cls));
  put_le<std::uint8_t>(b, std::uint8_t(s.src.size()));
  put_le<std::uint8_t>(b, std::uint8_t(s.dst.size()));
  put(b, s.src.data(), s.src.size());
  put(b, s.dst.data(), s.dst.size());
  put_le<std::uint8_t>(b, std::uint8_t(s.mem.size()));
  for (const MemOp& m : s.mem) put_le<std::uint8_t>(b, m.size), put_le<std::uint8_t>(b, m.store);
  impl_->maybe_flush();
  return impl_->statics++;
}

void CpuTraceWriter::add(const DynInsn& d) {
  auto& b = impl_->pending;
  b.push_back('I');
  put_le<std::uint32_t>(b, d.insn);
  put_le<std::uint8_t>(b, std::uint8_t(d.accesses.size()));
  for (const MemAccess& a : d.accesses)
    put_le<std::uint8_t>(b, a.op), put_le<std::uint64_t>(b, a.addr);
  ++impl_->header.instructions;
  if (d.insn + 1 == impl_->statics) impl_->newest_ran = true;
  if (!impl_->windows.empty()) ++impl_->windows.back().count;
  impl_->maybe_flush();
}

void CpuTraceWriter::start_window(std::uint32_t index, std::uint64_t first) {
  Impl& m = *impl_;
  if (index != m.windows.size() ||
      (!m.windows.empty() && first - m.windows.back().first < m.windows.back().count) ||
      (!m.windows.empty() && first < m.windows.back().first) ||
      (m.windows.empty() && m.header.instructions > 0))
    throw sim::ConfigError(fmt::format("{}: window {} at instruction {} is out of order", m.path,
                                       index, first));
  m.pending.push_back('W');
  put_le<std::uint32_t>(m.pending, index);
  put_le<std::uint64_t>(m.pending, first);
  m.windows.push_back({first, 0, 0, "window"});
}

void CpuTraceWriter::finish() {
  Impl& m = *impl_;
  m.pending.push_back('E');
  put_le<std::uint64_t>(m.pending, m.header.instructions);
  m.body.write(m.pending);
  m.body.finish();
  // The windows as written. Given windows (weights, roles) must be those, in number and starts:
  // a run that ended early would otherwise carry weights onto the wrong windows.
  if (!m.header.windows.empty() || !m.windows.empty()) {
    if (m.header.windows.empty()) {
      m.header.windows = m.windows;
      for (CpuWindow& w : m.header.windows) w.weight = 1.0 / double(m.windows.size());
    }
    if (m.header.windows.size() != m.windows.size())
      throw sim::ConfigError(fmt::format("{}: the trace holds {} windows, its windows list {} (did "
                                         "the program end early?)",
                                         m.path, m.windows.size(), m.header.windows.size()));
    for (std::size_t i = 0; i < m.windows.size(); ++i) {
      if (m.header.windows[i].first != m.windows[i].first)
        throw sim::ConfigError(fmt::format("{}: window {} starts at instruction {}, its windows "
                                           "list says {}",
                                           m.path, i, m.windows[i].first, m.header.windows[i].first));
      m.header.windows[i].count = m.windows[i].count;
    }
  }
  const std::string text = header_detail::header_text(m.header);
  std::vector<std::uint8_t> head;
  put(head, kMagic, sizeof(kMagic));
  put_le<std::uint32_t>(head, header_detail::version_of(m.header));
  put_le<std::uint32_t>(head, std::uint32_t(text.size()));
  put(head, text.data(), text.size());
  put_le<std::uint32_t>(
      head, trace_detail::crc32({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
  const std::string tmp = m.path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  std::FILE* in = std::fopen(m.body_path.c_str(), "rb");
  bool ok = f && in && std::fwrite(head.data(), 1, head.size(), f) == head.size();
  std::vector<char> chunk(1 << 20);
  for (std::size_t n; ok && (n = std::fread(chunk.data(), 1, chunk.size(), in)) > 0;)
    ok = std::fwrite(chunk.data(), 1, n, f) == n;
  if (in) std::fclose(in);
  if (f) ok = std::fclose(f) == 0 && ok;
  std::remove(m.body_path.c_str());
  if (!ok) {
    std::remove(tmp.c_str());
    throw sim::ConfigError(m.path + ": cannot write the trace");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, m.path, ec);
  if (ec) throw sim::ConfigError(m.path + ": cannot move the trace into place: " + ec.message());
  m.finished = true;
}

// ---- reader -------------------------------------------------------------------------------------

struct CpuTraceReader::Impl {
  std::string name;
  std::vector<std::uint8_t> owned;                  ///< bytes given in memory
  std::unique_ptr<trace_detail::FileBytes> mapped;  ///< or the file, mapped
  std::span<const std::uint8_t> file;
  std::size_t body_at = 0;  ///< where the xz stream starts
  CpuTraceHeader header;
  std::vector<StaticInsn> statics;
  std::unique_ptr<XzDecoder> xz;
  std::vector<std::uint8_t> buf = std::vector<std::uint8_t>(1 << 16);
  std::size_t pos = 0, end = 0;  ///< unread decompressed bytes: buf[pos, end)
  std::uint64_t offset = 0;      ///< decompressed bytes consumed before buf[pos]
  bool stream_end = false, done = false;
  std::uint64_t executed = 0;
  std::uint32_t version = 0;
  // Windows (version 2): the current one, its instructions so far, and whether the next one's
  // 'W' record has been read (next() then returns false until next_window()).
  std::size_t window = 0;
  std::uint64_t in_window = 0;
  bool started = false, at_boundary = false;
  bool newest_ran = false;  ///< the newest static has executed
  void read_window();
  void end_window() const {
    if (version == header_detail::kVersionWindows && in_window != header.windows[window].count)
      fail(fmt::format("window {} holds {} instructions, the header says {}", window, in_window,
                       header.windows[window].count));
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw sim::ConfigError(
        fmt::format("{}: decompressed stream offset {}: {}", name, offset + pos, what));
  }
  void open();
  bool refill();
  void read(void* dst, std::size_t n);
  template <class T>
  T le() {
    std::uint8_t b[sizeof(T)];
    read(b, sizeof(T));
    return T(load_le(b, sizeof(T)));
  }
  void read_static();
};

void CpuTraceReader::Impl::open() {
  const auto bad = [&](std::size_t at, const std::string& what) {
    throw sim::ConfigError(fmt::format("{}: byte {}: {}", name, at, what));
  };
  if (file.size() < 16 || std::memcmp(file.data(), kMagic, sizeof(kMagic)) != 0)
    bad(0, "not an axsim CPU trace (expected \"AXCPUTR1\")");
  const auto u32 = [&](std::size_t at) {
    if (at + 4 > file.size()) bad(at, "the file ends early");
    return std::uint32_t(file[at]) | std::uint32_t(file[at + 1]) << 8 |
           std::uint32_t(file[at + 2]) << 16 | std::uint32_t(file[at + 3]) << 24;
  };
  version = u32(8);
  if (version != header_detail::kVersionPlain && version != header_detail::kVersionWindows)
    bad(8, fmt::format("format version {} is not one this axsim reads (1 or 2)", version));
  const std::uint32_t len = u32(12);
  if (len > kMaxHeaderBytes || 16 + std::size_t(len) + 4 > file.size())
    bad(12, "header length beyond the file");
  const std::string text(reinterpret_cast<const char*>(file.data()) + 16, len);
  if (trace_detail::crc32(file.subspan(16, len)) != u32(16 + len))
    bad(16 + len, "header CRC-32 mismatch");
  header = header_detail::parse_header(text, name, version);
  body_at = 16 + std::size_t(len) + 4;
  xz = std::make_unique<XzDecoder>(file.subspan(body_at));
}

// Decompresses the next piece; false when the stream has ended.
bool CpuTraceReader::Impl::refill() {
  if (stream_end) return false;
  offset += end;  // called once buf[0, end) is consumed
  pos = end = 0;
  try {
    end = xz->decode(buf);
  } catch (const std::runtime_error& e) {
    fail(e.what());
  }
  if (end == 0) stream_end = true;
  return end > 0;
}

void CpuTraceReader::Impl::read(void* dst, std::size_t n) {
  auto* out = static_cast<std::uint8_t*>(dst);
  while (n > 0) {
    if (pos == end && !refill()) fail("the trace ends in the middle of a record");
    const std::size_t k = std::min(n, end - pos);
    std::memcpy(out, buf.data() + pos, k);
    pos += k, out += k, n -= k;
  }
}

void CpuTraceReader::Impl::read_static() {
  // A writer puts each static right before its first execution: one that never ran is damage,
  // and a run of them would only grow memory.
  if (!statics.empty() && !newest_ran) fail("a static record before the previous one ran");
  if (statics.size() >= kMaxStatics) fail(fmt::format("more than {} static instructions", kMaxStatics));
  newest_ran = false;
  StaticInsn s;
  s.pc = le<std::uint64_t>();
  const auto len = le<std::uint8_t>();
  if (len == 0 || len > kMaxInsnBytes)
    fail(fmt::format("instruction length {} (expected 1 to {})", len, kMaxInsnBytes));
  s.bytes.resize(len);
  read(s.bytes.data(), len);
  const auto cls = le<std::uint8_t>();
  if (cls >= kInsnClasses)
    fail(fmt::format("instruction class {} (expected below {})", cls, kInsnClasses));
  s.cls = InsnClass(cls);
  const auto nsrc = le<std::uint8_t>(), ndst = le<std::uint8_t>();
  if (nsrc > kMaxRegs || ndst > kMaxRegs)
    fail(fmt::format("{} / {} registers (at most {})", nsrc, ndst, kMaxRegs));
  s.src.resize(nsrc), s.dst.resize(ndst);
  read(s.src.data(), nsrc), read(s.dst.data(), ndst);
  for (const std::vector<std::uint8_t>* regs : {&s.src, &s.dst})
    for (std::uint8_t r : *regs)
      if (r >= reg::kIds) fail(fmt::format("register id {} (expected below {})", r, reg::kIds));
  const auto nmem = le<std::uint8_t>();
  if (nmem > kMaxMemOps) fail(fmt::format("{} memory operations (at most {})", nmem, kMaxMemOps));
  for (std::uint8_t i = 0; i < nmem; ++i) {
    MemOp m;
    m.size = le<std::uint8_t>();
    const auto dir = le<std::uint8_t>();
    if (m.size == 0 || dir > 1)
      fail(fmt::format("memory operation of {} bytes, direction {}", m.size, dir));
    m.store = dir == 1;
    s.mem.push_back(m);
  }
  statics.push_back(std::move(s));
}

CpuTraceReader::CpuTraceReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->name = path;
  try {
    impl_->mapped = std::make_unique<trace_detail::FileBytes>(path);
  } catch (const std::exception& e) {
    throw sim::ConfigError(e.what());
  }
  impl_->file = impl_->mapped->bytes();
  impl_->open();
}

CpuTraceReader::CpuTraceReader(std::vector<std::uint8_t> bytes, const std::string& name)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = name, impl_->owned = std::move(bytes);
  impl_->file = impl_->owned;
  impl_->open();
}

CpuTraceReader::~CpuTraceReader() = default;

const CpuTraceHeader& CpuTraceReader::header() const { return impl_->header; }
const std::vector<StaticInsn>& CpuTraceReader::statics() const { return impl_->statics; }

// A 'W' record: the first window starts, or the current one ends at the next's start.
void CpuTraceReader::Impl::read_window() {
  const auto index = le<std::uint32_t>();
  const auto first = le<std::uint64_t>();
  if (version != header_detail::kVersionWindows) fail("a window record in a version 1 trace");
  const std::size_t expected = started ? window + 1 : 0;
  if (index != expected || index >= header.windows.size() || first != header.windows[index].first)
    fail(fmt::format("window record {} at instruction {} (expected window {} of the header's {})",
                     index, first, expected, header.windows.size()));
  if (!started) {
    started = true;
    return;
  }
  end_window();
  at_boundary = true;
}

bool CpuTraceReader::next_window() {
  Impl& m = *impl_;
  if (!m.at_boundary) return false;
  m.at_boundary = false, ++m.window, m.in_window = 0;
  return true;
}

std::size_t CpuTraceReader::window() const { return impl_->window; }

bool CpuTraceReader::next(DynInsn& out) {
  Impl& m = *impl_;
  if (m.done || m.at_boundary) return false;
  for (;;) {
    const auto tag = m.le<std::uint8_t>();
    if (tag == 'S') {
      m.read_static();
      continue;
    }
    if (tag == 'W') {
      m.read_window();
      if (m.at_boundary) return false;
      continue;
    }
    if (tag == 'E') {
      const auto n = m.le<std::uint64_t>();
      if (n != m.executed || n != m.header.instructions)
        m.fail(fmt::format("the end says {} instructions, the stream holds {} and the header {}", n,
                           m.executed, m.header.instructions));
      if (m.pos != m.end || m.refill()) m.fail("records after the end record");
      if (m.version == header_detail::kVersionWindows) {
        if (!m.started || m.window + 1 != m.header.windows.size())
          m.fail(fmt::format("the trace ends in window {} of {}", m.started ? m.window : 0,
                             m.header.windows.size()));
        m.end_window();
      }
      m.done = true;
      return false;
    }
    if (tag != 'I') m.fail(fmt::format("record tag {} (expected 'S', 'I', 'W' or 'E')", int(tag)));
    if (m.version == header_detail::kVersionWindows && !m.started)
      m.fail("an instruction before the first window record");
    out.insn = m.le<std::uint32_t>();
    if (out.insn >= m.statics.size())
      m.fail(fmt::format("instruction {} before its static record ({} so far)", out.insn,
                         m.statics.size()));
    const auto n = m.le<std::uint8_t>();
    const StaticInsn& s = m.statics[out.insn];
    out.accesses.resize(n);
    for (MemAccess& a : out.accesses) {
      a.op = m.le<std::uint8_t>();
      a.addr = m.le<std::uint64_t>();
      if (a.op >= s.mem.size())
        m.fail(fmt::format("access to memory operation {} of an instruction with {}", a.op,
                           s.mem.size()));
    }
    if (out.insn + 1 == m.statics.size()) m.newest_ran = true;
    ++m.executed, ++m.in_window;
    return true;
  }
}

bool is_cpu_trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof(kMagic)] = {};
  in.read(magic, sizeof(magic));
  return in && std::memcmp(magic, kMagic, sizeof(kMagic)) == 0;
}

}  // namespace axsim::workloads::cpu
