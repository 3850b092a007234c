// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/cpu_params.hpp"

#include "arch/common/cache/cache_params.hpp"
#include "arch/common/dram/dram_params.hpp"
#include "arch/cpu/cpu_stats.hpp"

namespace axsim::arch::cpu {

namespace {

using P = ParamDecl;

// Defaults: the memory system of CG-OoO's simulator (papers.md: L1 32 KB, 64 B lines, 3
// cycles; L2 2 MB, 12 cycles; L3 8 MB, 20 cycles) with HoLiSwap's L1 geometry (32 KB, 4 ways,
// one 8 KB subarray per way).
cache::HierarchySpec default_memory() {
  cache::HierarchySpec m;
  m.l1i.data_width_bits = 128;  // a 16-byte fetch
  m.l1i.mshrs = 4;
  m.l1i.near_way_pitches = 0.5;
  m.l1d.near_way_pitches = 0.5;
  m.l2.capacity_bytes = 2 << 20, m.l2.ways = 8, m.l2.hit_cycles = 12, m.l2.mshrs = 16;
  m.l2.data_width_bits = 512;
  m.l3.capacity_bytes = 8 << 20, m.l3.ways = 16, m.l3.hit_cycles = 20, m.l3.mshrs = 32;
  m.l3.data_width_bits = 512;
  m.dram.model = "ddr4_2400";
  return m;
}

ParamTable predictor_rows() {
  const PredictorSpec d;
  return {
      P::choice("kind", d.kind,
                {{"tournament",
                  "local and global 2-bit counters with a chooser, a BTB, a "
                  "return-address stack"},
                 {"perfect", "every branch predicted right (fetch follows the trace)"}},
                "how branches are predicted"),
      P::integer("local_histories", d.local_histories, 1, 1 << 20, "entries",
                 "local history table, by pc (CG-OoO: 2048)"),
      P::integer("local_history_bits", d.local_history_bits, 1, 16, "bits",
                 "local history length; the local predictor has 2^bits 2-bit counters (11)"),
      P::integer("global_history_bits", d.global_history_bits, 1, 24, "bits",
                 "global history length; the global predictor has 2^bits 2-bit counters (13)"),
      P::integer("choice_entries", d.choice_entries, 1, 1 << 24, "entries",
                 "chooser's 2-bit counters, by global history (8192)"),
      P::integer("btb_entries", d.btb_entries, 1, 1 << 20, "entries",
                 "branch target buffer (4096)"),
      P::integer("btb_ways", d.btb_ways, 1, 64, "ways", "its associativity (assumed 4)")
          .with_constraint("divides btb_entries"),
      P::integer("ras_entries", d.ras_entries, 1, 1024, "entries", "return-address stack (16)"),
  };
}

PredictorSpec read_predictor(ParamReader r) {
  PredictorSpec s;
  s.kind = r.choice("kind");
  s.local_histories = std::uint32_t(r.integer("local_histories"));
  s.local_history_bits = std::uint32_t(r.integer("local_history_bits"));
  s.global_history_bits = std::uint32_t(r.integer("global_history_bits"));
  s.choice_entries = std::uint32_t(r.integer("choice_entries"));
  s.btb_entries = std::uint32_t(r.integer("btb_entries"));
  s.btb_ways = std::uint32_t(r.integer("btb_ways"));
  s.ras_entries = std::uint32_t(r.integer("ras_entries"));
  if (s.btb_entries % s.btb_ways != 0) r.error("btb_ways", "must divide btb_entries");
  r.finish();
  return s;
}

ParamTable cpu_params() {
  const CoreSpec d;
  const cache::HierarchySpec m = default_memory();
  return {
      P::integer("width", d.width, 1, 16, "instructions",
                 "instructions fetched and issued per cycle (CG-OoO's in-order baseline: 4)"),
      P::integer("fetch_bytes", d.fetch_bytes, 4, 64, "bytes", "bytes of one aligned L1-I fetch")
          .with_constraint("a power of two"),
      P::integer("fetch_queue", d.fetch_queue, 1, 1024, "instructions",
                 "instructions fetched ahead of issue"),
      P::integer("decode_cycles", d.decode_cycles, 0, 100, "cycles",
                 "from a fetch's arrival to its instructions' issue"),
      P::integer("alu_cycles", d.alu_cycles, 1, 100, "cycles",
                 "integer, branch and other results (CG-OoO: ALUs 1 cycle)"),
      P::integer("mul_cycles", d.mul_cycles, 1, 100, "cycles", "integer multiply (assumed)"),
      P::integer("div_cycles", d.div_cycles, 1, 1000, "cycles",
                 "integer divide, not pipelined (assumed)"),
      P::integer("fp_cycles", d.fp_cycles, 1, 100, "cycles",
                 "floating point and vector (CG-OoO: FPU 5 cycles)"),
      P::integer("mul_units", d.mul_units, 1, 16, "units", "multipliers"),
      P::integer("div_units", d.div_units, 1, 1, "units", "dividers (one)"),
      P::integer("fp_units", d.fp_units, 1, 16, "units", "floating-point and vector units"),
      P::integer("mem_ports", d.mem_ports, 1, 16, "requests", "L1-D requests sent per cycle"),
      P::boolean("blocking_loads", d.blocking_loads,
                 "one load outstanding at a time: a load waits until the last one's data returned"),
      P::integer("max_loads", d.max_loads, 1, 256, "loads",
                 "loads outstanding at once when not blocking"),
      P::integer("store_buffer", d.store_buffer, 1, 256, "stores",
                 "stores sent and not yet acknowledged (CG-OoO's in-order baseline: 20)"),
      P::object("branch_predictor", predictor_rows(), "the front end's branch prediction"),
      P::object("l1i", cache::cache_param_rows(m.l1i), "L1 instruction cache"),
      P::object("l1d", cache::cache_param_rows(m.l1d), "L1 data cache"),
      P::object("l2", cache::cache_param_rows(m.l2), "unified L2"),
      P::object("l3", cache::cache_param_rows(m.l3), "L3"),
      P::object("dram", dram_param_rows(), "off-chip memory"),
  };
}

std::vector<StatDecl> cpu_stats() {
  std::vector<StatDecl> s = cpu_component_stats();
  for (StatDecl& d : cache::cache_stat_decls()) s.push_back(std::move(d));
  for (StatDecl& d : cache::policy_stat_decls()) s.push_back(std::move(d));
  for (StatDecl& d : dram_stat_decls()) s.push_back(std::move(d));
  return s;
}

std::vector<ActionDecl> cpu_actions() {
  std::vector<ActionDecl> a = cache::cache_action_decls(4);
  const std::string bp = "cpu.branch_predictor";
  a.push_back({bp, "direction_lookup", "SRAM model: local history, local, global and choice tables",
               "one conditional branch's direction predicted and trained"});
  a.push_back({bp, "btb_lookup", "SRAM model: one set of `btb_ways` 96-bit entries",
               "one target looked up and trained"});
  a.push_back({bp, "ras_access", "register file, `ras_entries` x 48 bits",
               "one return address pushed or popped"});
  for (ActionDecl& d : dram_action_decls()) a.push_back(std::move(d));
  return a;
}

}  // namespace

UnitInfo cpu_info() {
  UnitInfo u;
  u.type = "cpu";
  u.summary =
      "a CPU core replaying an instruction trace (.axct) through L1-I, L1-D, L2, L3 and DRAM; "
      "each cache's replacement policy is a slot (lru, holiswap)";
  u.paper = "Turakhia, Das, Aamodt, Dally, arXiv 1701.03878 (HoLiSwap)";
  u.params = cpu_params();
  u.stats = cpu_stats();
  u.actions = cpu_actions();
  u.doc =
      "Model and validation: [units/holiswap.md](units/holiswap.md). Runs CPU traces "
      "([cpu-traces.md](cpu-traces.md)): `axsim run configs/cpu_holiswap.json --trace "
      "FILE.axct`.";
  return u;
}

CpuSpec read_cpu(ParamReader& r, const ParseContext& ctx) {
  CpuSpec s;
  s.clock = ctx.unit_clock;
  CoreSpec& c = s.core;
  c.width = std::uint32_t(r.integer("width"));
  c.fetch_bytes = std::uint32_t(r.integer("fetch_bytes"));
  c.fetch_queue = std::uint32_t(r.integer("fetch_queue"));
  c.decode_cycles = std::uint32_t(r.integer("decode_cycles"));
  c.alu_cycles = std::uint32_t(r.integer("alu_cycles"));
  c.mul_cycles = std::uint32_t(r.integer("mul_cycles"));
  c.div_cycles = std::uint32_t(r.integer("div_cycles"));
  c.fp_cycles = std::uint32_t(r.integer("fp_cycles"));
  c.mul_units = std::uint32_t(r.integer("mul_units"));
  c.div_units = std::uint32_t(r.integer("div_units"));
  c.fp_units = std::uint32_t(r.integer("fp_units"));
  c.mem_ports = std::uint32_t(r.integer("mem_ports"));
  c.blocking_loads = r.boolean("blocking_loads");
  c.max_loads = std::uint32_t(r.integer("max_loads"));
  c.store_buffer = std::uint32_t(r.integer("store_buffer"));
  if ((c.fetch_bytes & (c.fetch_bytes - 1)) != 0) r.error("fetch_bytes", "must be a power of two");
  c.predictor = read_predictor(r.child("branch_predictor"));
  s.memory.l1i = cache::read_cache(r.child("l1i"));
  s.memory.l1d = cache::read_cache(r.child("l1d"));
  s.memory.l2 = cache::read_cache(r.child("l2"));
  s.memory.l3 = cache::read_cache(r.child("l3"));
  s.memory.dram = read_dram(r.child("dram"), ctx).spec;
  if (c.fetch_bytes > s.memory.l1i.line_bytes)
    r.error("fetch_bytes", "is larger than the L1-I's line");
  // A level's requests are whole lines of the level above: they must fit its own lines.
  const std::uint32_t l1_line = std::max(s.memory.l1i.line_bytes, s.memory.l1d.line_bytes);
  if (s.memory.l2.line_bytes < l1_line) r.error("l2", "line_bytes below the L1s' lines");
  if (s.memory.l3.line_bytes < s.memory.l2.line_bytes) r.error("l3", "line_bytes below the L2's");
  return s;
}

}  // namespace axsim::arch::cpu
