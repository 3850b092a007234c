// SPDX-License-Identifier: Apache-2.0
// Simulation speed of the cpu unit (configs/cpu_holiswap.json: the in-order core, HoLiSwap L1s,
// L2, L3, DDR4; and the in-order, out-of-order and CG-OoO cores of cpu_ino/ooo/cgooo.json): a
// synthetic 1 M-instruction loop written before the timed loop, 8 instructions an iteration (three
// ALU, a multiply, a load streaming through 256 KB, a load of a hot line, a store and the branch
// back). Each iteration builds the unit and replays the trace, decompression included.
// useful_ops_per_s counts instructions.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "arch/cpu/trace_phase.hpp"
#include "tests/bench/bench_support.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace {

using namespace axsim;
using workloads::cpu::InsnClass;

workloads::cpu::StaticInsn insn(std::uint64_t pc, InsnClass cls, std::vector<std::uint8_t> src,
                                std::vector<std::uint8_t> dst,
                                std::vector<workloads::cpu::MemOp> mem = {}) {
  workloads::cpu::StaticInsn s;
  s.pc = pc, s.bytes.assign(4, 0x90), s.cls = cls, s.src = std::move(src), s.dst = std::move(dst);
  s.mem = std::move(mem);
  return s;
}

std::string loop_trace() {
  const std::string path =
      (std::filesystem::temp_directory_path() / "axsim_bench_cpu.axct").string();
  workloads::cpu::CpuTraceWriter w(path, {});
  const std::vector<workloads::cpu::StaticInsn> statics = {
      insn(0x1000, InsnClass::kAlu, {1}, {1}),
      insn(0x1004, InsnClass::kLoad, {1}, {2}, {{8, false}}),
      insn(0x1008, InsnClass::kMultiply, {2}, {3}),
      insn(0x100c, InsnClass::kLoad, {}, {4}, {{8, false}}),
      insn(0x1010, InsnClass::kAlu, {3, 4}, {5}),
      insn(0x1014, InsnClass::kStore, {5, 1}, {}, {{8, true}}),
      insn(0x1018, InsnClass::kAlu, {1}, {6}),
      insn(0x101c, InsnClass::kBranchCond, {6}, {})};
  for (std::uint64_t it = 0; it < 125000; ++it) {
    const std::uint64_t a = 0x400000 + (it * 8) % (256 * 1024);
    const std::vector<std::vector<workloads::cpu::MemAccess>> accesses = {
        {}, {{0, a}}, {}, {{0, 0x800000}}, {}, {{0, 0x900000 + (it * 8) % 4096}}, {}, {}};
    for (std::uint32_t i = 0; i < 8; ++i) {
      if (it == 0) w.add_static(statics[i]);  // each right before its first execution
      w.add({i, accesses[i]});
    }
  }
  w.finish();
  return path;
}

// One shipped cpu config on the loop trace.
void run_config(benchmark::State& state, const std::string& config) {
  const tools::RunConfig rc = bench::shipped_config(config);
  const sim::TechTable tech = sim::TechTable::load(rc.tech_path);
  const std::string trace = loop_trace();
  std::uint64_t cycles = 0, events = 0, instructions = 0;
  for (auto _ : state) {
    sim::Simulation s(&tech, rc.seed, rc.watchdog_cycles);
    for (const auto& c : rc.clocks) s.add_clock(c.name, c.period_ps);
    auto unit = rc.unit->build(s, rc.unit_name);
    const arch::cpu::CpuTracePhase phase(trace, "loop");
    unit->start_phase(phase);
    s.run_phase([&] { return unit->phase_done(); }, unit->clock());
    cycles += unit->phase_ticks() / unit->clock().period_ps();
    instructions += unit->phase_work(phase);
    events += s.events_processed();
  }
  state.counters["sim_cycles_per_s"] =
      benchmark::Counter(double(cycles), benchmark::Counter::kIsRate);
  state.counters["events_per_s"] = benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["useful_ops_per_s"] =
      benchmark::Counter(double(instructions), benchmark::Counter::kIsRate);
}

void BM_CpuHierarchy(benchmark::State& state) { run_config(state, "cpu_holiswap"); }

/// The three cores of CG-OoO's study (configs/cpu_ino.json, cpu_ooo.json, cpu_cgooo.json).
void BM_CpuCore(benchmark::State& state, const std::string& config) { run_config(state, config); }

}  // namespace

BENCHMARK(BM_CpuHierarchy)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_CpuCore, inorder, std::string("cpu_ino"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_CpuCore, ooo, std::string("cpu_ooo"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_CpuCore, cgooo, std::string("cpu_cgooo"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
