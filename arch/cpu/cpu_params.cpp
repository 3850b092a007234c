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

ParamTable lsq_rows() {
  const LsqSpec d;
  return {
      P::integer("load_entries", d.load_entries, 1, 1024, "loads",
                 "load queue (CG-OoO's OoO and CG-OoO cores: 64)"),
      P::integer("store_entries", d.store_entries, 1, 1024, "stores",
                 "store queue, or the in-order core's store buffer (32; in-order: 20)"),
      P::integer("forward_cycles", d.forward_cycles, 1, 100, "cycles",
                 "a load served by an older store (assumed)"),
      P::integer("wait_entries", d.wait_entries, 1, 1 << 20, "entries",
                 "memory-dependence wait table, by load pc (assumed, after the Alpha 21264)"),
      P::integer("wait_clear_cycles", d.wait_clear_cycles, 1, 1 << 30, "cycles",
                 "the wait table is cleared this often (assumed, after the Alpha 21264)"),
  };
}

ParamTable block_rows() {
  const BlockSpec d;
  return {
      P::integer("windows", d.windows, 1, 256, "windows", "block windows (CG-OoO: 12)"),
      P::integer("window_entries", d.window_entries, 2, 1024, "instructions",
                 "a window's size; longer blocks are split (60)"),
      P::integer("head_buffer", d.head_buffer, 1, 64, "entries",
                 "a window's head buffer, priced as a CAM (4)"),
      P::integer("skipahead", d.skipahead, 1, 64, "instructions",
                 "instructions a window looks at from its head a cycle (5)"),
      P::integer("block_rob", d.block_rob, 1, 1024, "blocks", "block reorder buffer (30)"),
      P::integer("lrf_entries", d.lrf_entries, 0, 256, "registers",
                 "local registers of a window (20)"),
      P::integer("grf_segments", d.grf_segments, 1, 64, "segments",
                 "global register file segments (6)"),
      P::integer("clusters", d.clusters, 1, 64, "clusters",
                 "execution clusters; windows and ALUs split evenly (3)"),
      P::integer("far_segment_cycles", d.far_segment_cycles, 0, 16, "cycles",
                 "extra cycles to read a global value from another segment (1)"),
      P::boolean("list_schedule", d.list_schedule,
                 "the compiler list-schedules each block: a window looks at its instructions "
                 "longest path first (the paper's static scheduling)"),
  };
}

ParamTable core_rows() {
  const CoreSpec d;
  return {
      P::choice("core", d.kind,
                {{"inorder", "in-order issue from a window, a reorder buffer"},
                 {"ooo", "register renaming, reservation stations, reorder buffer, LQ/SQ"},
                 {"cgooo", "CG-OoO: block windows, Skipahead, local and global registers"}},
                "the back end"),
      P::integer("width", d.front.width, 1, 16, "instructions",
                 "instructions fetched, dispatched and issued per cycle (CG-OoO's cores: 4)"),
      P::integer("fetch_bytes", d.front.fetch_bytes, 4, 64, "bytes",
                 "bytes of one aligned L1-I fetch")
          .with_constraint("a power of two"),
      P::integer("fetch_queue", d.front.fetch_queue, 1, 1024, "instructions",
                 "instructions fetched ahead of dispatch"),
      P::integer("decode_cycles", d.front.decode_cycles, 0, 100, "cycles",
                 "from a fetch's arrival to dispatch (CG-OoO's OoO cores: 3; in-order: 1)"),
      P::integer("issue_cycles", d.issue_cycles, 0, 100, "cycles",
                 "from dispatch to the earliest issue (OoO cores: 2; in-order: 1)"),
      P::integer("commit_width", d.commit_width, 1, 64, "instructions",
                 "instructions committed per cycle (CG-OoO: blocks)"),
      P::integer("alu_cycles", d.alu_cycles, 1, 100, "cycles",
                 "integer, branch and other results (CG-OoO: ALUs 1 cycle)"),
      P::integer("mul_cycles", d.mul_cycles, 1, 100, "cycles", "integer multiply (assumed)"),
      P::integer("div_cycles", d.div_cycles, 1, 1000, "cycles",
                 "integer divide, not pipelined (assumed)"),
      P::integer("fp_cycles", d.fp_cycles, 1, 100, "cycles",
                 "floating point and vector (CG-OoO: FPU 5 cycles)"),
      P::integer("alus", d.alus, 1, 256, "units",
                 "integer ALUs (4; CG-OoO: 12, split over the clusters)"),
      P::integer("mul_units", d.mul_units, 1, 16, "units", "multipliers"),
      P::integer("div_units", d.div_units, 1, 1, "units", "dividers (one)"),
      P::integer("fp_units", d.fp_units, 1, 16, "units", "floating-point and vector units"),
      P::integer("mem_issue", d.mem_issue, 1, 16, "instructions",
                 "loads and stores issued per cycle (CG-OoO's cores: memory width 1)"),
      P::integer("mem_ports", d.lsq.mem_ports, 1, 16, "requests", "L1-D requests sent per cycle"),
      P::integer("rob", d.rob, 1, 4096, "instructions",
                 "reorder buffer (in-order: 50; OoO: 180; unused by CG-OoO)"),
      P::integer("window", d.window, 1, 4096, "instructions",
                 "in-order window (10) or reservation stations (64)"),
      P::integer("arch_registers", d.arch_registers, 1, 4096, "registers",
                 "architectural registers (90; CG-OoO: 96), for the tables' sizes"),
      P::integer("rename_registers", d.rename_registers, 0, 4096, "registers",
                 "physical registers beyond the architectural ones (OoO: 162; CG-OoO: 252)"),
      P::integer("rf_read_ports", d.rf_read_ports, 1, 64, "ports",
                 "read ports of the register file (of a GRF segment) (8)"),
      P::integer("rf_write_ports", d.rf_write_ports, 1, 64, "ports",
                 "write ports of the register file (of a GRF segment) (4)"),
      P::integer("latch_bits", d.latch_bits, 8, 4096, "bits",
                 "one instruction's pipeline latch (assumed)"),
      P::boolean("count_looked_entries", d.count_looked_entries,
                 "energy accounting: also charge a window (in-order) or head-buffer (CG-OoO) "
                 "read for every entry the scheduler looks at each cycle, as CG-OoO's authors' "
                 "simulator counts (docs/units/cgooo.md)"),
      P::object("lsq", lsq_rows(), "load and store queues"),
      P::object("blocks", block_rows(), "CG-OoO's block windows (core cgooo)"),
  };
}

ParamTable cpu_params() {
  const cache::HierarchySpec m = default_memory();
  ParamTable t = core_rows();
  const ParamTable rest = {
      P::object("branch_predictor", predictor_rows(), "the front end's branch prediction"),
      P::object("l1i", cache::cache_param_rows(m.l1i), "L1 instruction cache"),
      P::object("l1d", cache::cache_param_rows(m.l1d), "L1 data cache"),
      P::object("l2", cache::cache_param_rows(m.l2), "unified L2"),
      P::object("l3", cache::cache_param_rows(m.l3), "L3"),
      P::object("dram", dram_param_rows(), "off-chip memory"),
  };
  t.insert(t.end(), rest.begin(), rest.end());
  return t;
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
  const std::string c = "cpu.core", q = "cpu.lsq";
  const auto add = [&](const std::string& comp, const char* name, const char* model,
                       const char* what) {
    a.push_back({comp, name, model, what});
  };
  add(c, "latch", "register file, one `latch_bits` word, half the bits changing",
      "one pipeline latch an instruction passes (decode_cycles + issue_cycles + 4 of them)");
  add(c, "window_write", "SRAM model: the in-order window, reservation stations or block window",
      "an instruction entered");
  add(c, "window_read", "the same table", "an instruction issued from it");
  add(c, "head_read", "SRAM model: a head buffer",
      "CG-OoO: an instruction moved into its window's head buffer or issued from it (2 each)");
  add(c, "rob_write", "SRAM model: the reorder buffer (CG-OoO: block reorder buffer), 64 bits",
      "an instruction (CG-OoO: a block) entered");
  add(c, "rob_read", "the same table", "an instruction (CG-OoO: a block) committed");
  add(c, "rob_done", "register file, one bit", "an instruction's done flag set");
  add(c, "rf_read", "SRAM model: register file (CG-OoO: a GRF segment), multi-ported",
      "a (global) source register read");
  add(c, "rf_write", "the same table", "a (global) destination written");
  add(c, "rat_read", "SRAM model: rename table", "a source renamed");
  add(c, "rat_write", "the same table", "a destination renamed, or committed");
  add(c, "free_list", "SRAM model: free list", "a physical register taken");
  add(c, "wakeup", "CAM model: reservation stations' source tags",
      "a result broadcast to the stations");
  add(c, "select", "`mux2` over the stations (CG-OoO: a window's Skipahead slots)",
      "a cycle's pick of ready instructions (CG-OoO: of each busy window)");
  add(c, "head_search", "CAM model: a head buffer",
      "CG-OoO: a result searched for in a head buffer");
  add(c, "lrf_read", "SRAM model: a local register file", "CG-OoO: a local source read");
  add(c, "lrf_write", "the same table", "CG-OoO: a local destination written");
  add(c, "rf_wire", "wire, 64 bits over half the register file's side",
      "an operand between a unit and the register file");
  add(c, "lrf_wire", "wire, 64 bits over half a local register file's side",
      "an operand between a unit and a local register file");
  add(c, "int_op", "`int_add`, 64 bits", "an integer, branch or other operation");
  add(c, "mul_op", "`int_mult`, 64 bits", "an integer multiply");
  add(c, "div_op", "`int_add`, 64 bits, x `div_cycles`", "an integer divide");
  add(c, "fp_op", "mean of `fp_add` and `fp_mult`, 64 bits", "a floating-point operation");
  add(c, "vector_op", "4 x the mean of `fp_add` and `fp_mult`, 32 bits",
      "a 128-bit vector operation");
  add(c, "agu", "`int_add`, 64 bits", "one memory access's address");
  add(q, "lq_search", "CAM model: load queue addresses", "a store's address checked");
  add(q, "lq_write", "the same table", "a load's address entered");
  add(q, "sq_search", "CAM model: store queue addresses", "a load's address checked");
  add(q, "sq_write", "the same table", "a store's address and data entered");
  add(q, "sq_read", "the same table", "a store's data forwarded or written out");
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
      "a CPU core (in-order, out-of-order or CG-OoO) replaying an instruction trace (.axct) "
      "through L1-I, L1-D, L2, L3 and DRAM; each cache's replacement policy is a slot (lru, "
      "holiswap)";
  u.paper = "Turakhia, Das, Aamodt, Dally, arXiv 1701.03878 (HoLiSwap)";
  u.params = cpu_params();
  u.stats = cpu_stats();
  u.actions = cpu_actions();
  u.doc =
      "Cores: [units/cgooo.md](units/cgooo.md) (`core`: inorder, ooo, cgooo); caches: "
      "[units/holiswap.md](units/holiswap.md). Runs CPU traces "
      "([cpu-traces.md](cpu-traces.md)): `axsim run configs/cpu_holiswap.json --trace "
      "FILE.axct`.";
  return u;
}

namespace {

LsqSpec read_lsq(ParamReader r, std::uint32_t mem_ports) {
  LsqSpec q;
  q.load_entries = std::uint32_t(r.integer("load_entries"));
  q.store_entries = std::uint32_t(r.integer("store_entries"));
  q.forward_cycles = std::uint32_t(r.integer("forward_cycles"));
  q.wait_entries = std::uint32_t(r.integer("wait_entries"));
  q.wait_clear_cycles = std::uint32_t(r.integer("wait_clear_cycles"));
  q.mem_ports = mem_ports;
  r.finish();
  return q;
}

BlockSpec read_blocks(ParamReader r) {
  BlockSpec b;
  b.windows = std::uint32_t(r.integer("windows"));
  b.window_entries = std::uint32_t(r.integer("window_entries"));
  b.head_buffer = std::uint32_t(r.integer("head_buffer"));
  b.skipahead = std::uint32_t(r.integer("skipahead"));
  b.block_rob = std::uint32_t(r.integer("block_rob"));
  b.lrf_entries = std::uint32_t(r.integer("lrf_entries"));
  b.grf_segments = std::uint32_t(r.integer("grf_segments"));
  b.clusters = std::uint32_t(r.integer("clusters"));
  b.far_segment_cycles = std::uint32_t(r.integer("far_segment_cycles"));
  b.list_schedule = r.boolean("list_schedule");
  if (b.clusters > b.windows) r.error("clusters", "exceeds the windows");
  if (b.grf_segments > b.windows) r.error("grf_segments", "exceeds the windows");
  r.finish();
  return b;
}

CoreSpec read_core(ParamReader& r) {
  CoreSpec c;
  c.kind = r.choice("core");
  c.front.width = std::uint32_t(r.integer("width"));
  c.front.fetch_bytes = std::uint32_t(r.integer("fetch_bytes"));
  c.front.fetch_queue = std::uint32_t(r.integer("fetch_queue"));
  c.front.decode_cycles = std::uint32_t(r.integer("decode_cycles"));
  c.issue_cycles = std::uint32_t(r.integer("issue_cycles"));
  c.commit_width = std::uint32_t(r.integer("commit_width"));
  c.alu_cycles = std::uint32_t(r.integer("alu_cycles"));
  c.mul_cycles = std::uint32_t(r.integer("mul_cycles"));
  c.div_cycles = std::uint32_t(r.integer("div_cycles"));
  c.fp_cycles = std::uint32_t(r.integer("fp_cycles"));
  c.alus = std::uint32_t(r.integer("alus"));
  c.mul_units = std::uint32_t(r.integer("mul_units"));
  c.div_units = std::uint32_t(r.integer("div_units"));
  c.fp_units = std::uint32_t(r.integer("fp_units"));
  c.mem_issue = std::uint32_t(r.integer("mem_issue"));
  c.rob = std::uint32_t(r.integer("rob"));
  c.window = std::uint32_t(r.integer("window"));
  c.arch_registers = std::uint32_t(r.integer("arch_registers"));
  c.rename_registers = std::uint32_t(r.integer("rename_registers"));
  c.rf_read_ports = std::uint32_t(r.integer("rf_read_ports"));
  c.rf_write_ports = std::uint32_t(r.integer("rf_write_ports"));
  c.latch_bits = std::uint32_t(r.integer("latch_bits"));
  c.count_looked_entries = r.boolean("count_looked_entries");
  if ((c.front.fetch_bytes & (c.front.fetch_bytes - 1)) != 0)
    r.error("fetch_bytes", "must be a power of two");
  c.lsq = read_lsq(r.child("lsq"), std::uint32_t(r.integer("mem_ports")));
  c.blocks = read_blocks(r.child("blocks"));
  c.lsq.load_queue = c.kind != "inorder";
  c.front.predictor = read_predictor(r.child("branch_predictor"));
  if (c.kind == "ooo" && c.rename_registers == 0)
    r.error("rename_registers", "must be above 0 for an out-of-order core");
  if (c.kind == "cgooo" && c.alus % c.blocks.clusters != 0)
    r.error("alus", "must split evenly over blocks.clusters");
  return c;
}

}  // namespace

CpuSpec read_cpu(ParamReader& r, const ParseContext& ctx) {
  CpuSpec s;
  s.clock = ctx.unit_clock;
  s.core = read_core(r);
  const CoreSpec& c = s.core;
  s.memory.l1i = cache::read_cache(r.child("l1i"));
  s.memory.l1d = cache::read_cache(r.child("l1d"));
  s.memory.l2 = cache::read_cache(r.child("l2"));
  s.memory.l3 = cache::read_cache(r.child("l3"));
  s.memory.dram = read_dram(r.child("dram"), ctx).spec;
  if (c.front.fetch_bytes > s.memory.l1i.line_bytes)
    r.error("fetch_bytes", "is larger than the L1-I's line");
  // A level's requests are whole lines of the level above: they must fit its own lines.
  const std::uint32_t l1_line = std::max(s.memory.l1i.line_bytes, s.memory.l1d.line_bytes);
  if (s.memory.l2.line_bytes < l1_line) r.error("l2", "line_bytes below the L1s' lines");
  if (s.memory.l3.line_bytes < s.memory.l2.line_bytes) r.error("l3", "line_bytes below the L2's");
  return s;
}

}  // namespace axsim::arch::cpu
