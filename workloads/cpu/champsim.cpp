// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/champsim.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "workloads/cpu/champsim_record.hpp"
#include "workloads/cpu/xz_file.hpp"

namespace axsim::workloads::cpu {

namespace {

using champsim_detail::kFlags;
using champsim_detail::kIp;
using champsim_detail::kSp;
using champsim_detail::Record;

std::uint8_t champsim_reg(std::uint8_t r) {
  if (r == reg::kRsp) return kSp;
  if (r == reg::kFlags) return kFlags;
  return std::uint8_t(r + 32);
}

// Puts `r` into the first free slot of `slots` (0 is free); counts it dropped when none is.
template <std::size_t N>
void put_reg(std::array<std::uint8_t, N>& slots, std::uint8_t r, ChampSimCounts& n) {
  if (std::find(slots.begin(), slots.end(), r) != slots.end()) return;
  const auto free = std::find(slots.begin(), slots.end(), std::uint8_t{0});
  if (free == slots.end())
    ++n.dropped_registers;
  else
    *free = r;
}

// The registers of one instruction, in ChampSim's numbering and its branch patterns.
void registers(const StaticInsn& s, Record& r, ChampSimCounts& n) {
  const auto put_others = [&] {  // registers other than the stack pointer and the flags
    bool any = false;
    for (std::uint8_t x : s.src)
      if (x != reg::kRsp && x != reg::kFlags) put_reg(r.src, champsim_reg(x), n), any = true;
    if (!any) put_reg(r.src, champsim_reg(reg::kOther), n);  // through memory: still indirect
  };
  switch (s.cls) {
    case InsnClass::kJump:
      r.dst = {kIp, 0};
      return;
    case InsnClass::kJumpIndirect:
      r.dst = {kIp, 0};
      put_others();
      return;
    case InsnClass::kBranchCond:
      r.dst = {kIp, 0}, r.src = {kIp, kFlags, 0, 0};
      return;
    case InsnClass::kCall:
      r.dst = {kIp, kSp}, r.src = {kIp, kSp, 0, 0};
      return;
    case InsnClass::kCallIndirect:
      r.dst = {kIp, kSp}, r.src = {kIp, kSp, 0, 0};
      put_others();
      return;
    case InsnClass::kReturn:
      r.dst = {kIp, kSp}, r.src = {kSp, 0, 0, 0};
      return;
    default:
      for (std::uint8_t x : s.dst) put_reg(r.dst, champsim_reg(x), n);
      for (std::uint8_t x : s.src) put_reg(r.src, champsim_reg(x), n);
  }
}

}  // namespace

ChampSimCounts write_champsim(CpuTraceReader& in, const std::string& path, bool load_type_byte) {
  ChampSimCounts n;
  XzFileWriter out(path, kTraceXzPreset);
  std::vector<std::uint8_t> buf;
  Record prev;
  std::uint64_t prev_next = 0;  // the fall-through address of prev
  bool have_prev = false;
  DynInsn d;
  for (;;) {
    if (!in.next(d)) {  // windows follow one another; a branch's target is not read across them
      if (!in.next_window()) break;
      if (have_prev)
        champsim_detail::append_record(buf, prev, load_type_byte), ++n.records, have_prev = false;
      continue;
    }
    const StaticInsn& s = in.statics()[d.insn];
    if (have_prev) {
      prev.taken = prev.is_branch && s.pc != prev_next;
      champsim_detail::append_record(buf, prev, load_type_byte), ++n.records;
      if (buf.size() >= (1u << 20)) out.write(buf), buf.clear();
    }
    Record r;
    r.ip = s.pc, r.is_branch = is_branch(s.cls);
    registers(s, r, n);
    std::size_t loads = 0, stores = 0;
    for (const MemAccess& a : d.accesses) {
      if (s.mem[a.op].store) {
        if (stores < r.stores.size())
          r.stores[stores++] = a.addr;
        else
          ++n.dropped_accesses;
      } else {
        if (loads < r.loads.size())
          r.loads[loads++] = a.addr;
        else
          ++n.dropped_accesses;
      }
    }
    prev = r, prev_next = s.pc + s.bytes.size(), have_prev = true;
  }
  if (have_prev)
    champsim_detail::append_record(buf, prev, load_type_byte), ++n.records;  // the last: not taken
  out.write(buf);
  out.finish();
  return n;
}

}  // namespace axsim::workloads::cpu
