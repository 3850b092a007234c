// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/cpu_trace.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>

#include "sim/error.hpp"
#include "workloads/cpu/xz_file.hpp"
#include "workloads/trace/file_bytes.hpp"

namespace axsim::workloads::cpu {

namespace {

constexpr char kMagic[8] = {'A', 'X', 'C', 'P', 'U', 'T', 'R', '1'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxHeaderBytes = 1u << 24;
constexpr std::size_t kMaxInsnBytes = 15, kMaxMemOps = 64, kMaxRegs = 64;
// xz preset 1: on 83.5 M instructions of bzip2, 18x faster to write than preset 6 for a file 13 %
// larger (docs/cpu-traces.md).
constexpr std::uint32_t kXzPreset = 1;

const char* const kClassNames[kInsnClasses] = {
    "other",       "alu",  "load",          "store", "multiply",      "divide", "float",   "vector",
    "branch_cond", "jump", "jump_indirect", "call",  "call_indirect", "return", "syscall", "nop"};

nlohmann::json header_json(const CpuTraceHeader& h) {
  nlohmann::json meta = nlohmann::json::array();
  for (const auto& [k, v] : h.meta) meta.push_back({k, v});
  return {{"axsim_cpu_trace", kVersion},
          {"program", h.program},
          {"args", h.args},
          {"tool", h.tool},
          {"start", h.start},
          {"skip", h.skip},
          {"instructions", h.instructions},
          {"meta", meta}};
}

template <class T>
T field(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto it = j.find(key);
  if (it == j.end()) throw sim::ConfigError(fmt::format("{}: header: missing \"{}\"", file, key));
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw sim::ConfigError(fmt::format("{}: header: \"{}\" has the wrong type", file, key));
  }
}

CpuTraceHeader parse_header(const std::string& text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    throw sim::ConfigError(file + ": header: not valid JSON");
  }
  if (!j.is_object()) throw sim::ConfigError(file + ": header: expected a JSON object");
  if (field<std::uint32_t>(j, "axsim_cpu_trace", file) != kVersion)
    throw sim::ConfigError(
        fmt::format("{}: header: format version {} is not the version {} this "
                    "axsim reads",
                    file, j["axsim_cpu_trace"].dump(), kVersion));
  CpuTraceHeader h;
  h.program = field<std::string>(j, "program", file);
  h.args = field<std::vector<std::string>>(j, "args", file);
  h.tool = field<std::string>(j, "tool", file);
  h.start = field<std::string>(j, "start", file);
  h.skip = field<std::uint64_t>(j, "skip", file);
  h.instructions = field<std::uint64_t>(j, "instructions", file);
  for (const auto& kv : field<std::vector<std::vector<std::string>>>(j, "meta", file)) {
    if (kv.size() != 2)
      throw sim::ConfigError(file + ": header: \"meta\" holds [key, value] pairs");
    h.meta.emplace_back(kv[0], kv[1]);
  }
  return h;
}

void put(std::vector<std::uint8_t>& b, const void* p, std::size_t n) {
  const auto* c = static_cast<const std::uint8_t*>(p);
  b.insert(b.end(), c, c + n);
}
template <class T>
void put_le(std::vector<std::uint8_t>& b, T v) {
  std::uint8_t bytes[sizeof(T)];
  for (std::size_t i = 0; i < sizeof(T); ++i) bytes[i] = std::uint8_t(std::uint64_t(v) >> (8 * i));
  put(b, bytes, sizeof(T));
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
  bool finished = false;

  Impl(const std::string& p, CpuTraceHeader h)
      : path(p), body_path(p + ".body"), header(std::move(h)), body(body_path, kXzPreset) {}
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
  impl_->maybe_flush();
}

void CpuTraceWriter::finish() {
  Impl& m = *impl_;
  m.pending.push_back('E');
  put_le<std::uint64_t>(m.pending, m.header.instructions);
  m.body.write(m.pending);
  m.body.finish();
  const std::string text = header_json(m.header).dump();
  std::vector<std::uint8_t> head;
  put(head, kMagic, sizeof(kMagic));
  put_le<std::uint32_t>(head, kVersion);
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
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t(b[i]) << (8 * i);
    return T(v);
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
  if (u32(8) != kVersion)
    bad(8,
        fmt::format("format version {} is not the version {} this axsim reads", u32(8), kVersion));
  const std::uint32_t len = u32(12);
  if (len > kMaxHeaderBytes || 16 + std::size_t(len) + 4 > file.size())
    bad(12, "header length beyond the file");
  const std::string text(reinterpret_cast<const char*>(file.data()) + 16, len);
  if (trace_detail::crc32(file.subspan(16, len)) != u32(16 + len))
    bad(16 + len, "header CRC-32 mismatch");
  header = parse_header(text, name);
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

bool CpuTraceReader::next(DynInsn& out) {
  Impl& m = *impl_;
  if (m.done) return false;
  for (;;) {
    const auto tag = m.le<std::uint8_t>();
    if (tag == 'S') {
      m.read_static();
      continue;
    }
    if (tag == 'E') {
      const auto n = m.le<std::uint64_t>();
      if (n != m.executed || n != m.header.instructions)
        m.fail(fmt::format("the end says {} instructions, the stream holds {} and the header {}", n,
                           m.executed, m.header.instructions));
      if (m.pos != m.end || m.refill()) m.fail("records after the end record");
      m.done = true;
      return false;
    }
    if (tag != 'I') m.fail(fmt::format("record tag {} (expected 'S', 'I' or 'E')", int(tag)));
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
    ++m.executed;
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
