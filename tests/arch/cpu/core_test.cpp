// SPDX-License-Identifier: Apache-2.0
// The cpu unit on hand-made traces whose cycle counts are known: a loop of independent ALU
// instructions issues 4 a cycle, a dependence chain one a cycle; a chain of loads hitting the
// L1-D costs the hit latency each; blocking loads serialise misses that non-blocking ones
// overlap.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "arch/cpu/trace_phase.hpp"
#include "arch/unit.hpp"
#include "run/phase_loop.hpp"
#include "sim/simulation.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::arch::cpu::core_test {
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
// Writes each static right before its first execution, as the format wants (statics are
// numbered in that order: 0, 1, ...).
struct LoopWriter {
  workloads::cpu::CpuTraceWriter w;
  std::vector<StaticInsn> statics;
  std::uint32_t added = 0;
  explicit LoopWriter(const std::string& path) : w(path, {}) {}
  void run(std::uint32_t i, std::vector<workloads::cpu::MemAccess> accesses = {}) {
    if (i == added) w.add_static(statics[added++]);
    w.add({i, std::move(accesses)});
  }
};

std::string alu_loop(const std::string& name, int iterations, bool chained) {
  const std::string path = temp_path(name);
  LoopWriter w(path);
  for (int i = 0; i < 3; ++i)
    w.statics.push_back(chained ? insn(0x1000 + 4 * i, InsnClass::kAlu, {0}, {0})
                                : insn(0x1000 + 4 * i, InsnClass::kAlu, {}, {std::uint8_t(1 + i)}));
  w.statics.push_back(insn(0x100c, InsnClass::kBranchCond,
                           chained ? std::vector<std::uint8_t>{0} : std::vector<std::uint8_t>{},
                           {}));
  for (int it = 0; it < iterations; ++it)
    for (std::uint32_t i = 0; i < 4; ++i) w.run(i);
  w.w.finish();
  return path;
}

// A loop of loads and a branch; each load's address is `stride` bytes past the last one's.
// Chained: one load reading the register it writes (pointer chasing); else eight loads that
// write eight registers (independent misses).
std::string load_loop(const std::string& name, int iterations, std::uint64_t stride, bool chained) {
  const std::string path = temp_path(name);
  LoopWriter w(path);
  const std::uint32_t loads = chained ? 1 : 8;
  for (std::uint32_t i = 0; i < loads; ++i)
    w.statics.push_back(insn(0x1000 + 4 * i, InsnClass::kLoad,
                             chained ? std::vector<std::uint8_t>{0} : std::vector<std::uint8_t>{},
                             {std::uint8_t(i)}, true));
  w.statics.push_back(insn(0x1000 + 4 * loads, InsnClass::kBranchCond, {}, {}));
  std::uint64_t addr = 0x100000;
  for (int it = 0; it < iterations; ++it) {
    for (std::uint32_t i = 0; i < loads; ++i, addr += stride) w.run(i, {{0, addr}});
    w.run(loads);
  }
  w.w.finish();
  return path;
}

struct Result {
  std::uint64_t cycles = 0, instructions = 0, fetch_blocks = 0;
  std::map<std::string, double> stats;  ///< by component path and name
};

// Every phase of the trace (one per window) on a cpu unit over an ideal memory.
std::vector<Result> run_all(const std::string& trace,
                            nlohmann::json params = nlohmann::json::object()) {
  const std::string src = AXSIM_SOURCE_DIR;
  const sim::TechTable tech = sim::TechTable::load(src + "/configs/tech/22nm.json");
  sim::Simulation sim(&tech, 1, 100000);
  sim.add_clock("core", 500);
  params["dram"] = {{"model", "ideal"}, {"clock", "core"}};
  if (!params.contains("branch_predictor")) params["branch_predictor"] = {{"kind", "perfect"}};
  for (const char* level : {"l1i", "l1d", "l2", "l3", "lsq", "blocks"})
    if (!params.contains(level)) params[level] = nlohmann::json::object();
  sim::Diagnostics diag;
  sim::Params p = sim::Params::from_json(std::make_shared<nlohmann::json>(params), "test", diag);
  const std::unique_ptr<UnitSpec> spec = UnitRegistry::find("cpu")->parse(p, {{"core"}, "core"});
  diag.throw_if_any();
  const std::unique_ptr<Unit> unit = spec->build(sim, "cpu");
  const std::vector<CpuTracePhase> phases = cpu_trace_phases(trace, "t");
  std::vector<const Phase*> list;
  for (const CpuTracePhase& ph : phases) list.push_back(&ph);
  run::LoopOptions opt;
  opt.verify = true;
  std::vector<Result> out;
  opt.on_phase = [&](const results::PhaseRecord& rec) {
    Result r{rec.cycles, rec.work, 0, {}};
    for (const results::StatRow& st : rec.stats) r.stats[st.component + "." + st.name] = st.value;
    for (const results::ActionRow& a : rec.actions)
      r.stats[a.component + ".action." + a.action] = double(a.count);
    for (const results::StatRow& st : rec.stats)
      if (st.component == "cpu.core.front_end" && st.name == "fetch_blocks")
        r.fetch_blocks = std::uint64_t(st.value);
    out.push_back(r);
  };
  run::run_phases(sim, *unit, list, opt);
  return out;
}

Result run(const std::string& trace, nlohmann::json params = nlohmann::json::object()) {
  return run_all(trace, std::move(params)).front();
}

TEST(Core, IndependentInstructionsIssueWidthACycleAChainOneACycle) {
  const Result free = run(alu_loop("free", 250, false));
  const Result chain = run(alu_loop("chain", 250, true));
  EXPECT_EQ(free.instructions, 1000u);
  EXPECT_EQ(chain.instructions, 1000u);
  // Free: one loop iteration a cycle (a taken branch ends a fetch group), 250 cycles. Chain:
  // the branch reads r0 too, so only a branch and the next iteration's first instruction
  // share a cycle: 1000 - 249 cycles.
  EXPECT_EQ(chain.cycles - free.cycles, 1000u - 249u - 250u);
  // Each taken branch back into the same 16-byte block fetches it again: once an iteration.
  EXPECT_EQ(free.fetch_blocks, 250u);
}

TEST(Core, AMispredictedBranchStopsFetchUntilItResolves) {
  // The ALU loop's branch is taken every time: the tournament predictor learns it after a few
  // iterations, so the loop runs one iteration a cycle but for the first mispredictions, each
  // costing the wait for the branch to dispatch, issue and resolve and a refetch of the block
  // (the L1-I's 3 cycles, decode's 1, issue's 1): about ten cycles each.
  nlohmann::json bp;
  bp["branch_predictor"] = {{"kind", "tournament"}};
  const Result perfect = run(alu_loop("bp_perfect", 250, false));
  const Result learned = run(alu_loop("bp_learned", 250, false), bp);
  EXPECT_GT(learned.cycles, perfect.cycles);
  EXPECT_LT(learned.cycles, perfect.cycles + 100);
}

TEST(Core, MorePortsIssueMoreLoadsACycle) {
  // Eight independent loads of one line and a branch an iteration: one L1-D port takes one load
  // a cycle (8 cycles an iteration), two ports two (4 cycles).
  const std::string a = load_loop("ports100", 100, 0, false),
                    b = load_loop("ports200", 200, 0, false);
  EXPECT_EQ(run(b).cycles - run(a).cycles, 100u * 8u);
  nlohmann::json two;
  two["mem_ports"] = 2;
  two["mem_issue"] = 2;
  two["l1d"] = {{"ports", 2}};
  EXPECT_EQ(run(b, two).cycles - run(a, two).cycles, 100u * 4u);
}

TEST(Core, EachWindowOfASampledTraceIsAPhaseFromItsFirstTick) {
  // Three windows of 100 loop iterations: the later two, with warm caches, take 100 cycles of
  // issue each plus one fetch of the block (the L1-I's hit_cycles: 3), decode (1), the cycle
  // from dispatch to issue (1) and the last commit (1).
  const std::string path = temp_path("windows");
  {
    LoopWriter w(path);
    for (int i = 0; i < 3; ++i)
      w.statics.push_back(insn(0x1000 + 4 * i, InsnClass::kAlu, {}, {std::uint8_t(1 + i)}));
    w.statics.push_back(insn(0x100c, InsnClass::kBranchCond, {}, {}));
    for (std::uint32_t window = 0; window < 3; ++window) {
      w.w.start_window(window, 1000 * window);
      for (int it = 0; it < 100; ++it)
        for (std::uint32_t i = 0; i < 4; ++i) w.run(i);
    }
    w.w.finish();
  }
  const std::vector<Result> r = run_all(path);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_GT(r[0].cycles, r[1].cycles);  // the first fetch misses
  EXPECT_EQ(r[1].cycles, 106u);
  EXPECT_EQ(r[2].cycles, 106u);
  EXPECT_EQ(r[1].instructions, 400u);
}

TEST(Core, PointerChasingL1HitsCostTheHitLatencyEach) {
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

TEST(Core, NonBlockingLoadsOverlapMissesThatOneLoadQueueEntrySerialises) {
  const std::string trace = load_loop("stream", 25, 64, false);  // a new line every load
  nlohmann::json blocking;
  blocking["lsq"] = {{"load_entries", 1}};
  const Result serial = run(trace, blocking);
  const Result overlapped = run(trace);
  EXPECT_GT(serial.cycles, 4 * overlapped.cycles);  // 8 misses in flight against 1
}

// A loop whose load misses (a new line each iteration) feeds the next instruction, followed by
// two independent ones and the branch: an in-order core waits for every miss; the out-of-order
// and CG-OoO cores issue later iterations' loads under it.
std::string miss_loop(const std::string& name, int iterations) {
  const std::string path = temp_path(name);
  LoopWriter w(path);
  w.statics.push_back(insn(0x1000, InsnClass::kLoad, {}, {0}, true));
  w.statics.push_back(insn(0x1004, InsnClass::kAlu, {0}, {1}));
  w.statics.push_back(insn(0x1008, InsnClass::kAlu, {}, {2}));
  w.statics.push_back(insn(0x100c, InsnClass::kBranchCond, {}, {}));
  for (int it = 0; it < iterations; ++it) {
    w.run(0, {{0, 0x100000 + 4096ull * it}});
    for (std::uint32_t i = 1; i < 4; ++i) w.run(i);
  }
  w.w.finish();
  return path;
}

nlohmann::json core_params(const std::string& kind) {
  nlohmann::json p;
  p["core"] = kind;
  if (kind == "ooo") p["rename_registers"] = 162, p["window"] = 64, p["rob"] = 180;
  if (kind == "cgooo") p["rename_registers"] = 252, p["alus"] = 12;
  p["dram"] = {{"model", "ideal"}, {"clock", "core"}, {"latency_cycles", 100}};
  return p;
}

TEST(Core, OutOfOrderCoresOverlapMissesAnInOrderCoreWaitsFor) {
  const std::string trace = miss_loop("misses", 60);
  const Result ino = run(trace, core_params("inorder"));
  const Result ooo = run(trace, core_params("ooo"));
  const Result cg = run(trace, core_params("cgooo"));
  EXPECT_EQ(ooo.instructions, 240u);
  EXPECT_EQ(cg.instructions, 240u);
  EXPECT_LT(2 * ooo.cycles, ino.cycles);
  EXPECT_LT(2 * cg.cycles, ino.cycles);
  // Each iteration is one block (the branch ends it), committed whole.
  EXPECT_EQ(cg.stats.at("cpu.core.blocks"), 60.0);
}

TEST(Core, CountingLookedAtEntriesChangesEnergyNotTiming) {
  // The authors' accounting charges a read for every entry a scheduler looks at each cycle: the
  // in-order window's head while it waits for a miss, CG-OoO's Skipahead slots.
  const std::string trace = miss_loop("looked", 30);
  for (const char* kind : {"inorder", "cgooo"}) {
    nlohmann::json p = core_params(kind);
    const Result plain = run(trace, p);
    p["count_looked_entries"] = true;
    const Result looked = run(trace, p);
    EXPECT_EQ(looked.cycles, plain.cycles) << kind;
    const std::string action = std::string("cpu.core.action.") +
                               (std::string(kind) == "inorder" ? "window_read" : "head_read");
    EXPECT_GT(looked.stats.at(action), plain.stats.at(action)) << kind;
  }
}

TEST(Core, ALoadAfterAStoreToItsBytesTakesTheStoresData) {
  const std::string path = temp_path("forward");
  {
    LoopWriter w(path);
    StaticInsn st = insn(0x1000, InsnClass::kStore, {1}, {});
    st.mem = {{8, true}};
    w.statics.push_back(st);
    w.statics.push_back(insn(0x1004, InsnClass::kLoad, {}, {2}, true));
    w.statics.push_back(insn(0x1008, InsnClass::kBranchCond, {}, {}));
    for (int it = 0; it < 50; ++it) {
      w.run(0, {{0, 0x2000}});
      w.run(1, {{0, 0x2000}});
      w.run(2);
    }
    w.w.finish();
  }
  for (const char* kind : {"inorder", "ooo", "cgooo"}) {
    const Result r = run(path, core_params(kind));
    EXPECT_EQ(r.stats.at("cpu.core.lsq.forwarded"), 50.0) << kind;
    EXPECT_EQ(r.stats.at("cpu.core.lsq.order_violations"), 0.0) << kind;
  }
}

TEST(Core, ALoadPartlyCoveredByAnOlderStoreMergesItsBytesWithTheL1s) {
  // A 4-byte store inside the 8 bytes a younger load of the same block reads: the load cannot
  // wait for the store to reach the L1-D (CG-OoO commits the store only with the load's block),
  // so it takes the store's bytes and the rest from the L1-D.
  const std::string path = temp_path("merge");
  {
    LoopWriter w(path);
    StaticInsn st = insn(0x1000, InsnClass::kStore, {1}, {});
    st.mem = {{4, true}};
    w.statics.push_back(st);
    w.statics.push_back(insn(0x1004, InsnClass::kLoad, {}, {2}, true));
    w.statics.push_back(insn(0x1008, InsnClass::kBranchCond, {}, {}));
    for (int it = 0; it < 30; ++it) {
      w.run(0, {{0, 0x4004}});
      w.run(1, {{0, 0x4000}});
      w.run(2);
    }
    w.w.finish();
  }
  for (const char* kind : {"inorder", "ooo", "cgooo"}) {
    const Result r = run(path, core_params(kind));
    EXPECT_EQ(r.instructions, 90u) << kind;
    EXPECT_EQ(r.stats.at("cpu.core.lsq.forwarded"), 0.0) << kind;
    EXPECT_EQ(r.stats.at("cpu.core.lsq.order_violations"), 0.0) << kind;
  }
}

TEST(Core, ALoadThatPassedAnOlderStoreToItsBytesIsSquashedAndFetchedAgain) {
  // The store's address waits for a long multiply; the younger load to the same bytes issues
  // first (the wait table is empty), which is a violation once the store's address is known.
  // The load's pc is then marked: later iterations wait and take the store's data.
  const std::string path = temp_path("violation");
  {
    LoopWriter w(path);
    w.statics.push_back(insn(0x1000, InsnClass::kDivide, {}, {1}));
    StaticInsn st = insn(0x1004, InsnClass::kStore, {1}, {});
    st.mem = {{8, true}};
    w.statics.push_back(st);
    w.statics.push_back(insn(0x1008, InsnClass::kLoad, {}, {2}, true));
    w.statics.push_back(insn(0x100c, InsnClass::kBranchCond, {}, {}));
    for (int it = 0; it < 20; ++it) {
      w.run(0);
      w.run(1, {{0, 0x3000}});
      w.run(2, {{0, 0x3000}});
      w.run(3);
    }
    w.w.finish();
  }
  for (const char* kind : {"ooo", "cgooo"}) {
    const Result r = run(path, core_params(kind));
    EXPECT_EQ(r.instructions, 80u) << kind;
    EXPECT_GE(r.stats.at("cpu.core.lsq.order_violations"), 1.0) << kind;
    EXPECT_LE(r.stats.at("cpu.core.lsq.order_violations"), 2.0) << kind;
    EXPECT_GE(r.stats.at("cpu.core.front_end.replayed"), 1.0) << kind;
  }
}

}  // namespace
}  // namespace axsim::arch::cpu::core_test
