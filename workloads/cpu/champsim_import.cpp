// SPDX-License-Identifier: Apache-2.0
// ChampSim traces into CPU traces (champsim.hpp: read_champsim).
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "sim/error.hpp"
#include "workloads/cpu/champsim.hpp"
#include "workloads/cpu/champsim_record.hpp"
#include "workloads/cpu/xz_file.hpp"
#include "workloads/le_bytes.hpp"
#include "workloads/trace/file_bytes.hpp"

namespace axsim::workloads::cpu {

namespace {

using champsim_detail::kFlags;
using champsim_detail::kIp;
using champsim_detail::kSp;
using champsim_detail::Record;
constexpr std::uint8_t kAssumedLength = 4;

// The memory slots in use (a 0 address is an empty slot).
template <std::size_t N>
std::size_t used(const std::array<std::uint64_t, N>& slots) {
  return std::size_t(
      std::count_if(slots.begin(), slots.end(), [](std::uint64_t a) { return a != 0; }));
}

// The records of a ChampSim file, decompressed piece by piece.
class Records {
 public:
  Records(std::span<const std::uint8_t> bytes, std::string name, std::uint32_t record_bytes)
      : xz_(bytes), name_(std::move(name)), size_(record_bytes), buf_(1 << 16) {}
  /// The next record, or nullptr at the end.
  const std::uint8_t* next() {
    if (end_ - pos_ < size_) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_, offset_ += pos_, pos_ = 0;
      try {
        while (end_ < size_) {
          const std::size_t n = xz_.decode(std::span(buf_).subspan(end_));
          if (n == 0) break;
          end_ += n;
        }
      } catch (const std::runtime_error& e) {
        fail(e.what());
      }
      if (end_ == 0) return nullptr;
      if (end_ < size_)
        fail(fmt::format("the trace ends inside a record ({} of its {} bytes)", end_, size_));
    }
    pos_ += size_;
    return buf_.data() + pos_ - size_;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw sim::ConfigError(
        fmt::format("{}: decompressed offset {}: {}", name_, offset_ + pos_, what));
  }

 private:
  XzDecoder xz_;
  std::string name_;
  std::size_t size_;
  std::vector<std::uint8_t> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t offset_ = 0;
};

// A ChampSim register as the trace numbers it (reg::), or none for the instruction pointer.
std::optional<std::uint8_t> trace_reg(std::uint8_t r) {
  if (r == kSp) return reg::kRsp;
  if (r == kFlags) return reg::kFlags;
  if (r == kIp) return std::nullopt;
  if (r >= 32 && r < 32 + reg::kIds) return std::uint8_t(r - 32);
  return std::uint8_t(21 + r % 11);  // another tracer's numbering, folded into unused ids
}

StaticInsn static_of(const Record& r, std::uint8_t length) {
  StaticInsn s;
  s.pc = r.ip;
  s.bytes.assign(length, 0);
  s.cls = r.is_branch          ? champsim_branch_class(r.dst.data(), r.src.data())
          : used(r.stores) > 0 ? InsnClass::kStore
          : used(r.loads) > 0  ? InsnClass::kLoad
                               : InsnClass::kAlu;
  for (std::uint8_t x : r.src)
    if (x != 0)
      if (auto t = trace_reg(x); t && std::find(s.src.begin(), s.src.end(), *t) == s.src.end())
        s.src.push_back(*t);
  for (std::uint8_t x : r.dst)
    if (x != 0)
      if (auto t = trace_reg(x); t && std::find(s.dst.begin(), s.dst.end(), *t) == s.dst.end())
        s.dst.push_back(*t);
  for (std::size_t i = 0; i < used(r.loads); ++i) s.mem.push_back({1, false});
  for (std::size_t i = 0; i < used(r.stores); ++i) s.mem.push_back({1, true});
  return s;
}

using StaticKey = std::tuple<std::uint64_t, std::uint8_t, std::vector<std::uint8_t>,
                             std::vector<std::uint8_t>, std::size_t, std::size_t>;

}  // namespace

InsnClass champsim_branch_class(const std::uint8_t dst[2], const std::uint8_t src[4]) {
  const auto has = [](const std::uint8_t* regs, int n, std::uint8_t r) {
    return std::count(regs, regs + n, r) > 0;
  };
  const bool writes_sp = has(dst, 2, kSp), writes_ip = has(dst, 2, kIp),
             reads_sp = has(src, 4, kSp), reads_flags = has(src, 4, kFlags),
             reads_ip = has(src, 4, kIp);
  const bool reads_other = std::any_of(
      src, src + 4, [](std::uint8_t r) { return r != 0 && r != kSp && r != kFlags && r != kIp; });
  if (!reads_sp && !reads_flags && writes_ip && !reads_other) return InsnClass::kJump;
  if (!reads_sp && !reads_flags && writes_ip && reads_other) return InsnClass::kJumpIndirect;
  if (!reads_sp && reads_ip && !writes_sp && writes_ip && reads_flags && !reads_other)
    return InsnClass::kBranchCond;
  if (reads_sp && reads_ip && writes_sp && writes_ip && !reads_flags)
    return reads_other ? InsnClass::kCallIndirect : InsnClass::kCall;
  if (reads_sp && !reads_ip && writes_sp && writes_ip) return InsnClass::kReturn;
  return writes_ip ? InsnClass::kOther : InsnClass::kNop;
}

ChampSimImport read_champsim(const std::string& path, std::uint32_t record_bytes,
                             const std::string& out) {
  const std::unique_ptr<trace_detail::FileBytes> file = [&] {
    try {
      return std::make_unique<trace_detail::FileBytes>(path);
    } catch (const std::exception& e) {
      throw sim::ConfigError(e.what());
    }
  }();
  return read_champsim(file->bytes(), path, record_bytes, out);
}

ChampSimImport read_champsim(std::span<const std::uint8_t> bytes, const std::string& path,
                             std::uint32_t record_bytes, const std::string& out) {
  if (record_bytes != 64 && record_bytes != 65)
    throw sim::ConfigError(
        fmt::format("ChampSim records are 64 or 65 bytes, not {}", record_bytes));
  // Pass 1: each instruction's length, from a fall-through to the next record.
  std::unordered_map<std::uint64_t, std::uint8_t> length;
  {
    Records in(bytes, path, record_bytes);
    std::optional<Record> prev;
    while (const std::uint8_t* p = in.next()) {
      Record r = champsim_detail::read_record(p);
      if (prev && !(prev->is_branch && prev->taken) && r.ip > prev->ip && r.ip - prev->ip <= 15)
        length.emplace(prev->ip, std::uint8_t(r.ip - prev->ip));
      prev = std::move(r);
    }
    if (!prev) in.fail("no records");
  }
  // Pass 2: statics by ip, class, registers and operand counts; executions in order.
  CpuTraceHeader h;
  h.program = std::filesystem::path(path).filename().string();
  h.tool = "axsim cputrace import-champsim";
  h.start = "";
  h.meta = {{"source_format", fmt::format("ChampSim, {}-byte records", record_bytes)},
            {"instruction_bytes", "unknown: zeros of the length the next ip shows, else 4"},
            {"access_bytes", "unknown: 1"}};
  CpuTraceWriter w(out, h);
  ChampSimImport n;
  std::map<StaticKey, std::uint32_t> index;
  Records in(bytes, path, record_bytes);
  while (const std::uint8_t* p = in.next()) {
    const Record r = champsim_detail::read_record(p);
    const auto len = length.find(r.ip);
    StaticInsn s = static_of(r, len == length.end() ? kAssumedLength : len->second);
    StaticKey key{s.pc, std::uint8_t(s.cls), s.src, s.dst, used(r.loads), used(r.stores)};
    auto it = index.find(key);
    if (it == index.end()) {
      n.lengths_assumed += len == length.end();
      it = index.emplace(std::move(key), w.add_static(s)).first;
    }
    DynInsn d;
    d.insn = it->second;
    std::uint8_t op = 0;
    for (std::uint64_t a : r.loads)
      if (a != 0) d.accesses.push_back({op++, a});
    for (std::uint64_t a : r.stores)
      if (a != 0) d.accesses.push_back({op++, a});
    w.add(d);
    ++n.records;
  }
  w.finish();
  n.statics = index.size();
  return n;
}

}  // namespace axsim::workloads::cpu
