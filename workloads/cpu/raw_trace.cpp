// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/raw_trace.hpp"
#include "workloads/le_bytes.hpp"

#include <fmt/format.h>

#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/error.hpp"

namespace axsim::workloads::cpu {

namespace {

constexpr std::size_t kMaxRawInsnBytes = 15, kMaxRawMemOps = 32;

/// A cursor over the raw stream, read piece by piece (a pipe works), that names the byte offset
/// in its errors.
class Cursor {
 public:
  Cursor(const RawRead& read, const std::string& name) : read_(read), name_(name) {}
  [[noreturn]] void fail(std::uint64_t at, const std::string& what) const {
    throw sim::ConfigError(fmt::format("{}: byte {}: {}", name_, at, what));
  }
  std::uint64_t at() const { return at_; }
  bool done() { return !fill(1); }
  std::span<const std::uint8_t> take(std::size_t n) {
    if (!fill(n)) fail(at_, "the raw trace ends in the middle of a record");
    const std::span<const std::uint8_t> s(buf_.get() + pos_, n);
    pos_ += n, at_ += n;
    return s;
  }
  template <class T>
  T le() {
    return T(load_le(take(sizeof(T)).data(), sizeof(T)));
  }

 private:
  // At least n unread bytes in the buffer, or false at the end of the stream.
  bool fill(std::size_t n) {
    while (end_ - pos_ < n) {
      if (pos_ > 0)
        std::memmove(buf_.get(), buf_.get() + pos_, end_ - pos_), end_ -= pos_, pos_ = 0;
      const std::size_t got = read_(buf_.get() + end_, kBufferBytes - end_);
      if (got == 0) return false;
      end_ += got;
    }
    return true;
  }
  const RawRead& read_;
  const std::string& name_;
  // 64 KiB, not zero-filled: a short input (a fuzz case) costs no large clearing.
  static constexpr std::size_t kBufferBytes = 1 << 16;
  std::unique_ptr<std::uint8_t[]> buf_{new std::uint8_t[kBufferBytes]};
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t at_ = 0;
};

/// A raw static instruction, and its index in the packed trace once it has executed.
struct RawStatic {
  StaticInsn insn;
  std::int64_t packed = -1;
};

/// What makes two raw statics one packed static: Valgrind translates a pc again for each
/// superblock it starts or ends in, under a new id, with the same bytes and memory operations.
std::string static_key(const StaticInsn& s) {
  std::string k(reinterpret_cast<const char*>(&s.pc), sizeof(s.pc));
  k.append(s.bytes.begin(), s.bytes.end());
  for (const MemOp& m : s.mem) k.push_back(char(m.size)), k.push_back(char(m.store));
  return k;
}

RawStatic read_static(Cursor& c) {
  RawStatic r;
  r.insn.pc = c.le<std::uint64_t>();
  const std::size_t len_at = c.at();
  const auto len = c.le<std::uint8_t>();
  if (len == 0 || len > kMaxRawInsnBytes)
    c.fail(len_at, fmt::format("instruction length {} (expected 1 to 15)", len));
  const auto bytes = c.take(len);
  r.insn.bytes.assign(bytes.begin(), bytes.end());
  const std::size_t n_at = c.at();
  const auto n = c.le<std::uint8_t>();
  if (n > kMaxRawMemOps)
    c.fail(n_at, fmt::format("{} memory operations (at most {})", n, kMaxRawMemOps));
  for (std::uint8_t i = 0; i < n; ++i) {
    const std::size_t op_at = c.at();
    MemOp m;
    m.size = c.le<std::uint8_t>();
    const auto kind = c.le<std::uint8_t>();
    if (m.size == 0 || kind > 1)
      c.fail(op_at, fmt::format("memory operation of {} bytes, kind {}", m.size, kind));
    m.store = kind == 1;
    r.insn.mem.push_back(m);
  }
  return r;
}

// The packed index of a raw static instruction's first execution: the index of an equal one
// already written, or a new static, decoded. `fail` throws with the record's offset.
template <class Fail>
std::uint32_t pack_static(StaticInsn& insn, std::map<std::string, std::uint32_t>& packed,
                          const X86Decoder& decoder, CpuTraceSink& out, PackCounts& n, Fail fail) {
  const auto [it, fresh] = packed.try_emplace(static_key(insn), 0);
  if (fresh) {
    try {
      decoder.decode(insn);
    } catch (const sim::ConfigError& e) {
      fail(e.what());
    }
    it->second = out.add_static(insn), ++n.statics;
  }
  return it->second;
}

}  // namespace

PackCounts pack_raw_trace(std::span<const std::uint8_t> raw, const std::string& name,
                          const X86Decoder& decoder, CpuTraceSink& out) {
  std::size_t at = 0;
  const RawRead read = [&](std::uint8_t* dst, std::size_t max) {
    const std::size_t n = std::min(max, raw.size() - at);
    std::memcpy(dst, raw.data() + at, n);
    at += n;
    return n;
  };
  return pack_raw_trace(read, name, decoder, out);
}

PackCounts pack_raw_trace(const RawRead& read, const std::string& name, const X86Decoder& decoder,
                          CpuTraceSink& out) {
  Cursor c(read, name);
  std::uint8_t magic[8] = {};
  for (std::size_t i = 0; i < 8; ++i) {
    if (c.done()) c.fail(0, "not an axtrace raw trace (expected \"AXTRRAW1\")");
    magic[i] = c.le<std::uint8_t>();
  }
  if (std::memcmp(magic, "AXTRRAW1", 8) != 0)
    c.fail(0, "not an axtrace raw trace (expected \"AXTRRAW1\")");
  c.le<std::uint32_t>();  // reserved
  std::unordered_map<std::uint32_t, RawStatic> statics;
  std::map<std::string, std::uint32_t> packed;  // static_key -> packed index
  PackCounts n;
  DynInsn d;
  RawStatic* last = nullptr;  // the instruction the next 'M' records belong to
  const auto emit = [&] {
    if (last) out.add(d), ++n.instructions;
    last = nullptr;
  };
  for (;;) {
    const std::size_t at = c.at();
    const auto tag = c.le<std::uint8_t>();
    if (tag == 'S') {
      emit();  // axtrace writes statics between instructions, never between an 'I' and its 'M's
      const auto id = c.le<std::uint32_t>();
      statics[id] = read_static(c);  // a retranslation may repeat an id's pc: the newest wins
    } else if (tag == 'I') {
      emit();
      const auto id = c.le<std::uint32_t>();
      const auto it = statics.find(id);
      if (it == statics.end())
        c.fail(at, fmt::format("instruction {} before its static record", id));
      RawStatic& s = it->second;
      const auto fail = [&](const std::string& why) { c.fail(at, why); };
      if (s.packed < 0) s.packed = pack_static(s.insn, packed, decoder, out, n, fail);
      d.insn = std::uint32_t(s.packed), d.accesses.clear();
      last = &s;
    } else if (tag == 'M') {
      const auto op = c.le<std::uint8_t>();
      const auto addr = c.le<std::uint64_t>();
      if (!last) c.fail(at, "a memory access before any instruction");
      if (op >= last->insn.mem.size())
        c.fail(at, fmt::format("access to memory operation {} of an instruction with {}", op,
                               last->insn.mem.size()));
      if (d.accesses.size() == 255) c.fail(at, "more than 255 accesses in one instruction");
      d.accesses.push_back({op, addr}), ++n.accesses;
    } else if (tag == 'W') {
      emit();
      const auto index = c.le<std::uint32_t>();
      const auto first = c.le<std::uint64_t>();
      if (index != n.windows)
        c.fail(at, fmt::format("window {} where window {} comes next", index, n.windows));
      try {
        out.start_window(index, first);
      } catch (const sim::ConfigError& e) {
        c.fail(at, e.what());
      }
      ++n.windows;
    } else if (tag == 'E') {
      emit();
      const auto count = c.le<std::uint64_t>();
      if (count != n.instructions)
        c.fail(at, fmt::format("the end record says {} instructions, the stream holds {}", count,
                               n.instructions));
      if (!c.done()) c.fail(c.at(), "bytes after the end record");
      return n;
    } else {
      c.fail(at, fmt::format("record tag {} (expected 'S', 'I', 'M', 'W' or 'E')", int(tag)));
    }
  }
}

}  // namespace axsim::workloads::cpu
