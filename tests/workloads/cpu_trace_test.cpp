// SPDX-License-Identifier: Apache-2.0
// The CPU trace format (workloads/cpu/cpu_trace.hpp), the x86-64 decoder and the packer of
// axtrace's raw stream: round trips, known encodings, and damage refused with the offset named.
#include "workloads/cpu/cpu_trace.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <lzma.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/error.hpp"
#include "workloads/cpu/champsim.hpp"
#include "workloads/cpu/raw_trace.hpp"
#include "workloads/cpu/x86_decode.hpp"

namespace axsim::workloads::cpu::cpu_trace_test {
namespace {

using ::testing::HasSubstr;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("axsim_cpu_" + name)).string();
}

std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

StaticInsn insn(std::uint64_t pc, std::vector<std::uint8_t> bytes, std::vector<MemOp> mem = {}) {
  StaticInsn s;
  s.pc = pc, s.bytes = std::move(bytes), s.mem = std::move(mem);
  return s;
}

// Two statics and three executions, written and read back.
std::string write_small(const std::string& name) {
  const std::string path = temp_path(name);
  CpuTraceHeader h;
  h.program = "./loop", h.args = {"-n", "3"}, h.meta = {{"binary_sha256", "abc"}};
  CpuTraceWriter w(path, h);
  StaticInsn a = insn(0x1000, {0x48, 0x8b, 0x06}, {{8, false}});
  a.cls = InsnClass::kLoad, a.src = {6}, a.dst = {0};
  StaticInsn b = insn(0x1003, {0x75, 0xfb});
  b.cls = InsnClass::kBranchCond, b.src = {reg::kFlags};
  EXPECT_EQ(w.add_static(a), 0u);
  w.add({0, {{0, 0x5000}}});
  EXPECT_EQ(w.add_static(b), 1u);
  w.add({1, {}});
  w.add({0, {{0, 0x5008}}});
  w.finish();
  return path;
}

TEST(CpuTrace, WrittenTraceReadsBack) {
  const std::string path = write_small("roundtrip.axct");
  CpuTraceReader r(path);
  EXPECT_EQ(r.header().program, "./loop");
  EXPECT_EQ(r.header().args, (std::vector<std::string>{"-n", "3"}));
  EXPECT_EQ(r.header().instructions, 3u);
  ASSERT_EQ(r.header().meta.size(), 1u);
  EXPECT_EQ(r.header().meta[0].second, "abc");
  DynInsn d;
  std::vector<std::uint64_t> addrs;
  std::vector<std::uint32_t> ids;
  while (r.next(d)) {
    ids.push_back(d.insn);
    for (const MemAccess& a : d.accesses) addrs.push_back(a.addr);
  }
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{0, 1, 0}));
  EXPECT_EQ(addrs, (std::vector<std::uint64_t>{0x5000, 0x5008}));
  ASSERT_EQ(r.statics().size(), 2u);
  EXPECT_EQ(r.statics()[1].cls, InsnClass::kBranchCond);
  EXPECT_EQ(r.statics()[0].mem.size(), 1u);
  EXPECT_FALSE(r.next(d));
  std::filesystem::remove(path);
}

std::string error_of(std::vector<std::uint8_t> bytes) {
  try {
    CpuTraceReader r(std::move(bytes), "t.axct");
    DynInsn d;
    while (r.next(d)) {
    }
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CpuTrace, DamageIsRefusedNamingTheFileAndOffset) {
  const std::string path = write_small("damage.axct");
  const std::vector<std::uint8_t> good = file_bytes(path);
  std::filesystem::remove(path);
  EXPECT_EQ(error_of(good), "no error");
  EXPECT_THAT(error_of({good.begin(), good.begin() + 5}),
              HasSubstr("t.axct: byte 0: not an axsim CPU trace"));
  std::vector<std::uint8_t> header = good;
  header[20] ^= 0x20;
  EXPECT_THAT(error_of(header), HasSubstr("header CRC-32 mismatch"));
  std::vector<std::uint8_t> version = good;
  version[8] = 9;
  EXPECT_THAT(error_of(version), HasSubstr("byte 8: format version 9"));
  EXPECT_THAT(error_of({good.begin(), good.end() - 7}), HasSubstr("t.axct:"));
  std::vector<std::uint8_t> body = good;
  body[body.size() - 20] ^= 0xff;
  EXPECT_THAT(error_of(body), HasSubstr("t.axct: decompressed stream offset"));
}

std::vector<std::uint8_t> sorted(std::vector<std::uint8_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(X86Decode, ClassesAndRegistersOfKnownEncodings) {
  const X86Decoder dec;
  struct Case {
    std::vector<std::uint8_t> bytes;
    std::vector<MemOp> mem;
    InsnClass cls;
  };
  const std::vector<Case> cases = {
      {{0x48, 0x83, 0xec, 0x08}, {}, InsnClass::kAlu},        // sub rsp, 8
      {{0xe8, 0, 0, 0, 0}, {{8, true}}, InsnClass::kCall},    // call rel32
      {{0xff, 0xd0}, {{8, true}}, InsnClass::kCallIndirect},  // call rax
      {{0xc3}, {{8, false}}, InsnClass::kReturn},             // ret
      {{0xeb, 0xfe}, {}, InsnClass::kJump},                   // jmp .
      {{0xff, 0xe0}, {}, InsnClass::kJumpIndirect},           // jmp rax
      {{0x75, 0xf6}, {}, InsnClass::kBranchCond},             // jne
      {{0x48, 0xf7, 0xe1}, {}, InsnClass::kMultiply},         // mul rcx
      {{0x48, 0xf7, 0xf1}, {}, InsnClass::kDivide},           // div rcx
      {{0xf2, 0x0f, 0x58, 0xc1}, {}, InsnClass::kFloat},      // addsd xmm0, xmm1
      {{0x0f, 0x28, 0xc1}, {}, InsnClass::kVector},           // movaps xmm0, xmm1
      {{0x90}, {}, InsnClass::kNop},                          // nop
      {{0x50}, {{8, true}}, InsnClass::kStore},               // push rax
      {{0x48, 0x8b, 0x06}, {{8, false}}, InsnClass::kLoad},   // mov rax, [rsi]
      {{0x48, 0x03, 0x06}, {{8, false}}, InsnClass::kAlu},    // add rax, [rsi]
      {{0x0f, 0x05}, {}, InsnClass::kSyscall}};               // syscall
  for (const Case& c : cases) {
    StaticInsn s = insn(0x401000, c.bytes, c.mem);
    dec.decode(s);
    EXPECT_EQ(s.cls, c.cls) << dec.text(s);
  }
  StaticInsn mul = insn(0x401000, {0x48, 0xf7, 0xe1});  // mul rcx: rdx:rax = rax * rcx
  dec.decode(mul);
  EXPECT_EQ(sorted(mul.src), (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(sorted(mul.dst), (std::vector<std::uint8_t>{0, 2, reg::kFlags}));
  StaticInsn add = insn(0x401000, {0xf2, 0x0f, 0x58, 0xc1});  // addsd xmm0, xmm1
  dec.decode(add);
  EXPECT_EQ(sorted(add.src), (std::vector<std::uint8_t>{reg::kVector0, reg::kVector0 + 1}));
  EXPECT_EQ(add.dst, (std::vector<std::uint8_t>{reg::kVector0}));
  StaticInsn two = insn(0x401000, {0x90, 0x90});
  EXPECT_THROW(dec.decode(two), sim::ConfigError);
}

// A raw stream by hand: the header, then records.
struct Raw {
  std::vector<std::uint8_t> b{'A', 'X', 'T', 'R', 'R', 'A', 'W', '1', 0, 0, 0, 0};
  template <class T>
  Raw& le(T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
      b.push_back(std::uint8_t(std::uint64_t(v) >> (8 * i)));
    return *this;
  }
  Raw& tag(char t) { return le<std::uint8_t>(std::uint8_t(t)); }
  Raw& bytes(std::vector<std::uint8_t> v) {
    b.insert(b.end(), v.begin(), v.end());
    return *this;
  }
};

std::string pack_error(const Raw& raw, PackCounts* counts = nullptr) {
  const std::string path = temp_path("pack.axct");
  try {
    const X86Decoder dec;
    CpuTraceWriter w(path, {});
    const PackCounts n = pack_raw_trace(raw.b, "t.raw", dec, w);
    w.finish();
    if (counts) *counts = n;
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  std::filesystem::remove(path);
  return "no error";
}

TEST(RawTrace, PacksExecutedInstructionsOnceEach) {
  Raw r;
  // Two translations of one `mov rax, [rsi]` (ids 1 and 7) and a `nop` never executed (id 2).
  for (std::uint32_t id : {1u, 7u})
    r.tag('S')
        .le(id)
        .le<std::uint64_t>(0x1000)
        .le<std::uint8_t>(3)
        .bytes({0x48, 0x8b, 0x06})
        .le<std::uint8_t>(1)
        .bytes({8, 0});
  r.tag('S')
      .le<std::uint32_t>(2)
      .le<std::uint64_t>(0x1003)
      .le<std::uint8_t>(1)
      .bytes({0x90})
      .le<std::uint8_t>(0);
  r.tag('I').le<std::uint32_t>(1).tag('M').le<std::uint8_t>(0).le<std::uint64_t>(0x9000);
  r.tag('I').le<std::uint32_t>(7).tag('M').le<std::uint8_t>(0).le<std::uint64_t>(0x9008);
  r.tag('E').le<std::uint64_t>(2);
  PackCounts n;
  EXPECT_EQ(pack_error(r, &n), "no error");
  EXPECT_EQ(n.instructions, 2u);
  EXPECT_EQ(n.statics, 1u);
  EXPECT_EQ(n.accesses, 2u);
}

TEST(RawTrace, DamageIsRefusedWithTheByteOffset) {
  Raw bad_magic;
  bad_magic.b[0] = 'B';
  EXPECT_THAT(pack_error(bad_magic), HasSubstr("t.raw: byte 0: not an axtrace raw trace"));
  Raw unknown;
  unknown.tag('I').le<std::uint32_t>(5);
  EXPECT_THAT(pack_error(unknown),
              HasSubstr("t.raw: byte 12: instruction 5 before its static record"));
  Raw op;
  op.tag('S')
      .le<std::uint32_t>(1)
      .le<std::uint64_t>(0x1000)
      .le<std::uint8_t>(1)
      .bytes({0x90})
      .le<std::uint8_t>(0);
  op.tag('I').le<std::uint32_t>(1).tag('M').le<std::uint8_t>(0).le<std::uint64_t>(1);
  EXPECT_THAT(pack_error(op), HasSubstr("access to memory operation 0 of an instruction with 0"));
  Raw len;
  len.tag('S').le<std::uint32_t>(1).le<std::uint64_t>(0x1000).le<std::uint8_t>(16);
  EXPECT_THAT(pack_error(len), HasSubstr("byte 25: instruction length 16"));
  Raw cut;
  cut.tag('S').le<std::uint32_t>(1);
  EXPECT_THAT(pack_error(cut), HasSubstr("ends in the middle of a record"));
  Raw count;
  count.tag('E').le<std::uint64_t>(3);
  EXPECT_THAT(pack_error(count),
              HasSubstr("the end record says 3 instructions, the stream holds 0"));
  Raw garbage;
  garbage.tag('S')
      .le<std::uint32_t>(1)
      .le<std::uint64_t>(0x1000)
      .le<std::uint8_t>(1)
      .bytes({0x0f})
      .le<std::uint8_t>(0);
  garbage.tag('I').le<std::uint32_t>(1);
  EXPECT_THAT(pack_error(garbage), HasSubstr("not one x86-64 instruction"));
}

// The branch kind ChampSim infers from a record's registers (champsim_branch_class: its
// inc/instruction.h rules), the check that the exported patterns mean what the trace says.
InsnClass champsim_kind(const std::uint8_t* rec) { return champsim_branch_class(rec + 10, rec + 12); }

std::vector<std::uint8_t> unxz(const std::vector<std::uint8_t>& in) {
  std::vector<std::uint8_t> out(1 << 20);
  std::size_t in_pos = 0, out_pos = 0;
  std::uint64_t limit = UINT64_MAX;
  EXPECT_EQ(lzma_stream_buffer_decode(&limit, 0, nullptr, in.data(), &in_pos, in.size(), out.data(),
                                      &out_pos, out.size()),
            LZMA_OK);
  out.resize(out_pos);
  return out;
}

TEST(ChampSim, BranchPatternsReadBackAsTheirKinds) {
  const std::string path = temp_path("kinds.axct"), out = temp_path("kinds.champsim.xz");
  {
    CpuTraceWriter w(path, {});
    const X86Decoder dec;
    // jne (taken, to 0x2000), call rel32, ret, jmp rax, call rax, add rax, [rsi] (a load).
    const std::vector<std::pair<std::uint64_t, std::vector<std::uint8_t>>> code = {
        {0x1000, {0x75, 0x10}}, {0x2000, {0xe8, 0, 0, 0, 0}}, {0x3000, {0xc3}},
        {0x4000, {0xff, 0xe0}}, {0x5000, {0xff, 0xd0}},       {0x6000, {0x48, 0x03, 0x06}}};
    for (const auto& [pc, bytes] : code) {
      StaticInsn s =
          insn(pc, bytes, pc == 0x6000 ? std::vector<MemOp>{{8, false}} : std::vector<MemOp>{});
      dec.decode(s);
      const std::uint32_t i = w.add_static(s);
      w.add({i, pc == 0x6000 ? std::vector<MemAccess>{{0, 0x9000}} : std::vector<MemAccess>{}});
    }
    w.finish();
  }
  CpuTraceReader r(path);
  const ChampSimCounts n = write_champsim(r, out, false);
  EXPECT_EQ(n.records, 6u);
  const std::vector<std::uint8_t> recs = unxz(file_bytes(out));
  ASSERT_EQ(recs.size(), 6u * 64);
  const std::vector<InsnClass> kinds = {InsnClass::kBranchCond,   InsnClass::kCall,
                                        InsnClass::kReturn,       InsnClass::kJumpIndirect,
                                        InsnClass::kCallIndirect, InsnClass::kNop};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(champsim_kind(&recs[64 * i]), kinds[i]) << i;
  EXPECT_EQ(recs[9], 1);  // the jne went to 0x2000, not its fall-through: taken
  std::uint64_t load = 0;
  std::memcpy(&load, &recs[64 * 5 + 32], 8);  // source_memory[0] of the add
  EXPECT_EQ(load, 0x9000u);
  // And back: the same instructions, classes, addresses and (where a fall-through shows it)
  // lengths; the taken jne's length is not shown, so it is taken as 4.
  const std::string back = temp_path("kinds.back.axct");
  const ChampSimImport in = read_champsim(out, 64, back);
  EXPECT_EQ(in.records, 6u);
  EXPECT_EQ(in.lengths_assumed, 6u);  // no record here falls through to the next
  CpuTraceReader again(back);
  DynInsn d;
  for (std::size_t i = 0; i < 6; ++i) {
    ASSERT_TRUE(again.next(d));
    const StaticInsn& s = again.statics()[d.insn];
    EXPECT_EQ(s.pc, 0x1000u * (i + 1));
    EXPECT_EQ(s.cls, i == 5 ? InsnClass::kLoad : kinds[i]) << i;
    EXPECT_EQ(s.bytes.size(), 4u);
    if (i == 5) {
      ASSERT_EQ(d.accesses.size(), 1u);
      EXPECT_EQ(d.accesses[0].addr, 0x9000u);
      EXPECT_EQ(s.src, (std::vector<std::uint8_t>{0, 6}));  // rax, rsi: ids + 32 and back
    }
  }
  EXPECT_FALSE(again.next(d));
  EXPECT_EQ(again.header().meta.at(1).first, "instruction_bytes");
  std::filesystem::remove(path), std::filesystem::remove(out), std::filesystem::remove(back);
}

TEST(ChampSim, ImportInfersLengthsFromFallThroughsAndRefusesDamage) {
  // Three records: two ALU instructions 3 bytes apart, then a not-taken branch 2 bytes on.
  std::vector<std::uint8_t> recs(3 * 64, 0);
  const auto put_ip = [&](std::size_t i, std::uint64_t ip) {
    for (int b = 0; b < 8; ++b) recs[64 * i + b] = std::uint8_t(ip >> (8 * b));
  };
  put_ip(0, 0x400000), put_ip(1, 0x400003), put_ip(2, 0x400005);
  recs[64 * 2 + 8] = 1;                                         // is_branch, not taken
  recs[64 * 2 + 10] = 26, recs[64 * 2 + 12] = 26, recs[64 * 2 + 13] = 25;  // conditional
  const auto xz = [](const std::vector<std::uint8_t>& raw) {
    std::vector<std::uint8_t> out(raw.size() + 1024);
    std::size_t pos = 0;
    EXPECT_EQ(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr, raw.data(), raw.size(),
                                      out.data(), &pos, out.size()),
              LZMA_OK);
    out.resize(pos);
    return out;
  };
  const std::string back = temp_path("import.axct");
  const ChampSimImport n = read_champsim(xz(recs), "three.xz", 64, back);
  EXPECT_EQ(n.records, 3u);
  EXPECT_EQ(n.lengths_assumed, 1u);  // the last record's
  CpuTraceReader r(back);
  DynInsn d;
  std::vector<std::size_t> lengths;
  while (r.next(d)) lengths.push_back(r.statics()[d.insn].bytes.size());
  EXPECT_EQ(lengths, (std::vector<std::size_t>{3, 2, 4}));
  EXPECT_EQ(r.statics()[2].cls, InsnClass::kBranchCond);
  // A record cut short, bytes that are no xz stream, and an empty trace: refused, named.
  const auto error = [&](const std::vector<std::uint8_t>& bytes) {
    try {
      read_champsim(bytes, "bad.xz", 64, back);
    } catch (const sim::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  std::vector<std::uint8_t> cut(recs.begin(), recs.end() - 10);
  EXPECT_THAT(error(xz(cut)), HasSubstr("bad.xz: decompressed offset 128: the trace ends inside a record"));
  EXPECT_THAT(error(recs), HasSubstr("bad.xz: decompressed offset 0: not an xz stream"));
  EXPECT_THAT(error(xz({})), HasSubstr("bad.xz: decompressed offset 0: no records"));
  std::filesystem::remove(back);
}

}  // namespace
}  // namespace axsim::workloads::cpu::cpu_trace_test
