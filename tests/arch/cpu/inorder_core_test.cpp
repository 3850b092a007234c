// SPDX-License-Identifier: Apache-2.0
// The cpu unit on hand-made traces whose cycle counts are known: a loop of independent ALU
// instructions issues 4 a cycle, a dependence chain one a cycle; a chain of loads hitting the
// L1-D costs the hit latency each; blocking loads serialise misses that non-blocking ones
// overlap.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "arch/cpu/trace_phase.hpp"
#include "arch/unit.hpp"
#include "run/phase_loop.hpp"
#include "sim/simulation.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::arch::cpu {
namespace {

using workloads::cpu::InsnClass;
using workloads::cpu::StaticInsn;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("axsim_core_" + name + ".axct")).string();
}

StaticInsn insn(std::uint64_t pc, InsnClass cls, std::vector<std::uint8_t> src,
                std::vector<std::uint8_t> dst, bool load = false) {
  StaticInsn s;
  s.pc = pc, s.bytes.assign(4, 0x90), s.cls = cls, s.src = std::move(src), s.dst = std::move(dst);
  if (load) s.mem = {{8, false}};
  return s;
}

// `iterations` of a 4-instruction loop in one 16-byte block: three ALU instructions and a
// branch back. Chained: each reads the register the previous one wrote.
std::string alu_loop(const std::string& name, int iterations, bool chained) {
  const std::string path = temp_path(name);
  workloads::cpu::CpuTraceWriter w(path, {});
  for (int i = 0; i < 3; ++i)
    w.add_static(chained ? insn(0x1000 + 4 * i, InsnClass::kAlu, {0}, {0})
                         : insn(0x1000 + 4 * i, InsnClass::kAlu, {}, {std::uint8_t(1 + i)}));
  w.add_static(insn(0x100c, InsnClass::kBranchCond,
                    chained ? std::vector<std::uint8_t>{0} : std::vector<std::uint8_t>{}, {}));
  for (int it = 0; it < iterations; ++it)
    for (std::uint32_t i = 0; i < 4; ++i) w.add({i, {}});
  w.finish();
  return path;
}

// A loop of loads and a branch; each load's address is `stride` bytes past the last one's.
// Chained: one load reading the register it writes (pointer chasing); else eight loads that
// write eight registers (independent misses).
std::string load_loop(const std::string& name, int iterations, std::uint64_t stride, bool chained) {
  const std::string path = temp_path(name);
  workloads::cpu::CpuTraceWriter w(path, {});
  const std::uint32_t loads = chained ? 1 : 8;
  for (std::uint32_t i = 0; i < loads; ++i)
    w.add_static(insn(0x1000 + 4 * i, InsnClass::kLoad,
                      chained ? std::vector<std::uint8_t>{0} : std::vector<std::uint8_t>{},
                      {std::uint8_t(i)}, true));
  w.add_static(insn(0x1000 + 4 * loads, InsnClass::kBranchCond, {}, {}));
  std::uint64_t addr = 0x100000;
  for (int it = 0; it < iterations; ++it) {
    for (std::uint32_t i = 0; i < loads; ++i, addr += stride) w.add({i, {{0, addr}}});
    w.add({loads, {}});
  }
  w.finish();
  return path;
}

struct Result {
  std::uint64_t cycles = 0, instructions = 0;
};

Result run(const std::string& trace, nlohmann::json params = nlohmann::json::object()) {
  const std::string src = AXSIM_SOURCE_DIR;
  const sim::TechTable tech = sim::TechTable::load(src + "/configs/tech/22nm.json");
  sim::Simulation sim(&tech, 1, 100000);
  sim.add_clock("core", 500);
  params["dram"] = {{"model", "ideal"}, {"clock", "core"}};
  for (const char* level : {"l1i", "l1d", "l2", "l3"})
    if (!params.contains(level)) params[level] = nlohmann::json::object();
  sim::Diagnostics diag;
  sim::Params p = sim::Params::from_json(std::make_shared<nlohmann::json>(params), "test", diag);
  const std::unique_ptr<UnitSpec> spec = UnitRegistry::find("cpu")->parse(p, {{"core"}, "core"});
  diag.throw_if_any();
  const std::unique_ptr<Unit> unit = spec->build(sim, "cpu");
  const CpuTracePhase phase(trace, "t");
  run::LoopOptions opt;
  opt.verify = true;
  Result r;
  opt.on_phase = [&](const results::PhaseRecord& rec) {
    r.cycles = rec.cycles, r.instructions = rec.work;
  };
  run::run_phases(sim, *unit, {&phase}, opt);
  return r;
}

TEST(InOrderCore, IndependentInstructionsIssueWidthACycleAChainOneACycle) {
  const Result free = run(alu_loop("free", 250, false));
  const Result chain = run(alu_loop("chain", 250, true));
  EXPECT_EQ(free.instructions, 1000u);
  EXPECT_EQ(chain.instructions, 1000u);
  // Free: one loop iteration a cycle (a taken branch ends a fetch group), 250 cycles. Chain:
  // the branch reads r0 too, so only a branch and the next iteration's first instruction
  // share a cycle: 1000 - 249 cycles.
  EXPECT_EQ(chain.cycles - free.cycles, 1000u - 249u - 250u);
}

TEST(InOrderCore, PointerChasingL1HitsCostTheHitLatencyEach) {
  // Every load reads the same line: after the first miss, each waits for the previous one's
  // data, 3 cycles (the L1-D's hit_cycles) per iteration.
  const Result a = run(load_loop("chase100", 100, 0, true));
  const Result b = run(load_loop("chase200", 200, 0, true));
  EXPECT_EQ(b.cycles - a.cycles, 100u * 3u);
  nlohmann::json slow;
  slow["l1d"] = {{"hit_cycles", 5}};
  const Result c = run(load_loop("chase200", 200, 0, true), slow);
  EXPECT_EQ(c.cycles - b.cycles, 200u * 2u - 2u);  // the first load misses in both
}

TEST(InOrderCore, NonBlockingLoadsOverlapMissesThatBlockingLoadsSerialise) {
  const std::string trace = load_loop("stream", 25, 64, false);  // a new line every load
  nlohmann::json blocking;
  blocking["blocking_loads"] = true;
  const Result serial = run(trace, blocking);
  const Result overlapped = run(trace);
  EXPECT_GT(serial.cycles, 4 * overlapped.cycles);  // 8 misses in flight against 1
}

}  // namespace
}  // namespace axsim::arch::cpu
