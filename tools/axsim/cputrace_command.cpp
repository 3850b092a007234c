// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/cputrace_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>

#include "sim/error.hpp"
#include "workloads/cpu/champsim.hpp"
#include "workloads/cpu/simpoints.hpp"
#include "workloads/cpu/cpu_trace.hpp"
#include "workloads/cpu/raw_trace.hpp"
#include "workloads/cpu/x86_decode.hpp"

namespace axsim::tools {

namespace {

namespace cpu = workloads::cpu;

std::vector<std::uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::ConfigError(path + ": cannot open");
  return {std::istreambuf_iterator<char>(in), {}};
}

int pack(const CpuTraceOptions& o) {
  if (o.output.empty()) throw sim::ConfigError("axsim cputrace pack: -o FILE.axct is required");
  cpu::CpuTraceHeader h;
  h.program = o.program.empty() ? o.input : o.program;
  h.args = o.args, h.start = o.start, h.skip = o.skip;
  for (const std::string& kv : o.meta) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      throw sim::ConfigError("axsim cputrace pack: --meta " + kv + ": expected KEY=VALUE");
    h.meta.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  if (!o.windows.empty()) h.windows = cpu::parse_simpoint_windows(file_bytes(o.windows), o.windows);
  // Read piece by piece, so that the raw stream can come through a pipe (tools/axtrace/trace.sh).
  std::FILE* f = o.input == "-" ? stdin : std::fopen(o.input.c_str(), "rb");
  if (!f) throw sim::ConfigError(o.input + ": cannot open");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(f == stdin ? nullptr : f,
                                                               &std::fclose);
  const cpu::RawRead read = [&](std::uint8_t* dst, std::size_t max) {
    const std::size_t n = std::fread(dst, 1, max, f);
    if (n == 0 && std::ferror(f)) throw sim::ConfigError(o.input + ": cannot read");
    return n;
  };
  const cpu::X86Decoder decoder;
  cpu::CpuTraceWriter out(o.output, h);
  const cpu::PackCounts n = cpu::pack_raw_trace(read, o.input, decoder, out);
  out.finish();
  fmt::print("{}: {} instructions ({} distinct), {} memory accesses\n", o.output, n.instructions,
             n.statics, n.accesses);
  return 0;
}

int show(const CpuTraceOptions& o) {
  cpu::CpuTraceReader r(o.input);
  const cpu::CpuTraceHeader& h = r.header();
  fmt::print("program      {}", h.program);
  for (const std::string& a : h.args) fmt::print(" {}", a);
  fmt::print("\ntool         {}, from the entry of {}, {} skipped\n", h.tool,
             h.start.empty() ? "(the first instruction)" : h.start, h.skip);
  for (const auto& [k, v] : h.meta) fmt::print("{:<12} {}\n", k, v);
  for (std::size_t i = 0; i < h.windows.size(); ++i)
    fmt::print("window {:<5} {} instructions from {}, {} weight {:.4f}\n", i, h.windows[i].count,
               h.windows[i].first, h.windows[i].role, h.windows[i].weight);
  std::array<std::uint64_t, cpu::kInsnClasses> by_class{};
  std::uint64_t n = 0, loads = 0, stores = 0, branches = 0, taken = 0;
  std::optional<cpu::X86Decoder> decoder;  // opened only to list instructions
  if (o.list > 0) decoder.emplace();
  // An imported trace (ChampSim) has no instruction bytes: nothing to disassemble.
  const bool bytes_known = std::none_of(h.meta.begin(), h.meta.end(),
                                        [](const auto& kv) { return kv.first == "instruction_bytes"; });
  cpu::DynInsn d;
  std::int64_t prev = -1;  // an index: the statics grow as the trace is read
  for (;;) {
    if (!r.next(d)) {
      if (!r.next_window()) break;
      prev = -1;  // a branch's target is not read across windows
      continue;
    }
    const cpu::StaticInsn& s = r.statics()[d.insn];
    if (prev >= 0 && cpu::is_branch(r.statics()[std::size_t(prev)].cls)) {
      const cpu::StaticInsn& p = r.statics()[std::size_t(prev)];
      ++branches;
      if (s.pc != p.pc + p.bytes.size()) ++taken;
    }
    ++by_class[std::size_t(s.cls)], ++n;
    for (const cpu::MemAccess& a : d.accesses) (s.mem[a.op].store ? stores : loads) += 1;
    if (n <= o.list) {
      fmt::print("{:#014x}  {:<14} {}", s.pc, cpu::class_name(s.cls),
                 bytes_known ? decoder->text(s) : "(bytes unknown)");
      for (const cpu::MemAccess& a : d.accesses)
        fmt::print("  [{} {}B {:#x}]", s.mem[a.op].store ? "st" : "ld", s.mem[a.op].size, a.addr);
      fmt::print("\n");
    }
    prev = d.insn;
  }
  fmt::print("instructions {} ({} distinct)\n", n, r.statics().size());
  for (int c = 0; c < cpu::kInsnClasses; ++c)
    if (by_class[std::size_t(c)])
      fmt::print("  {:<14} {:>12}  {:5.1f} %\n", cpu::class_name(cpu::InsnClass(c)),
                 by_class[std::size_t(c)], 100.0 * double(by_class[std::size_t(c)]) / double(n));
  fmt::print("loads        {}\nstores       {}\nbranches     {} ({} taken)\n", loads, stores,
             branches, taken);
  return 0;
}

int champsim(const CpuTraceOptions& o) {
  if (o.output.empty()) throw sim::ConfigError("axsim cputrace champsim: -o FILE.xz is required");
  cpu::CpuTraceReader r(o.input);
  const cpu::ChampSimCounts n = cpu::write_champsim(r, o.output, o.load_type);
  fmt::print(
      "{}: {} ChampSim records of {} bytes; {} registers and {} memory accesses beyond its "
      "slots left out\n",
      o.output, n.records, o.load_type ? 65 : 64, n.dropped_registers, n.dropped_accesses);
  return 0;
}

int simpoints(const CpuTraceOptions& o) {
  cpu::SimPointOptions so;
  so.interval = o.interval, so.max_k = o.max_k, so.warmup = o.warmup, so.seed = o.seed;
  const cpu::BbvProfile p = cpu::parse_bbv(file_bytes(o.input), o.input);
  const cpu::SimPoints s = cpu::choose_simpoints(p, so);
  std::ofstream out(o.output);
  out << cpu::simpoints_json(s, so);
  if (!out.flush()) throw sim::ConfigError(o.output + ": cannot write");
  std::uint32_t points = 0;
  for (const cpu::CpuWindow& w : s.windows) points += w.role == "simpoint";
  fmt::print("{}: {} intervals of {} instructions, {} clusters (BIC), {} simpoints\n", o.output,
             p.intervals.size(), o.interval, s.k, points);
  return 0;
}

// The windows of a simpoints file as axtrace's --windows takes them: FIRST+COUNT,...
int windows(const CpuTraceOptions& o) {
  std::string list;
  for (const cpu::CpuWindow& w : cpu::parse_simpoint_windows(file_bytes(o.input), o.input))
    list += fmt::format("{}{}+{}", list.empty() ? "" : ",", w.first, w.count);
  fmt::print("{}\n", list);
  return 0;
}

int import_champsim(const CpuTraceOptions& o) {
  const cpu::ChampSimImport n = cpu::read_champsim(o.input, o.load_type ? 65 : 64, o.output);
  fmt::print("{}: {} instructions ({} distinct) from ChampSim records of {} bytes; {} lengths "
             "not shown by a fall-through, taken as 4 bytes\n",
             o.output, n.records, n.statics, o.load_type ? 65 : 64, n.lengths_assumed);
  return 0;
}

}  // namespace

int cputrace_command(const CpuTraceOptions& opt) {
  try {
    if (opt.action == "pack") return pack(opt);
    if (opt.action == "champsim") return champsim(opt);
    if (opt.action == "import-champsim") return import_champsim(opt);
    if (opt.action == "simpoints") return simpoints(opt);
    if (opt.action == "windows") return windows(opt);
    return show(opt);
  } catch (const sim::ConfigError& e) {
    std::cerr << "axsim cputrace: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace axsim::tools
