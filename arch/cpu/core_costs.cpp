// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/core_costs.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <map>

#include "arch/common/datapath_costs.hpp"
#include "arch/cpu/structure_costs.hpp"

namespace axsim::arch::cpu {

namespace {
using workloads::cpu::InsnClass;
constexpr std::uint32_t kWordBits = 64;
constexpr std::uint32_t kEntryBits = 128;  ///< an instruction in a window
constexpr std::uint32_t kRobBits = 64;     ///< a reorder-buffer entry: pc, registers, flags
constexpr double kWireActivity = 0.5;      ///< CG-OoO's activity factor for every wire

std::uint32_t tag_bits(std::uint32_t entries) {
  return std::max(1u, std::uint32_t(std::bit_width(std::max(entries, 2u) - 1)));
}
}  // namespace

std::vector<CoreTable> core_tables(const CoreSpec& s) {
  const std::uint32_t w = s.front.width, rf_ports = s.rf_read_ports + s.rf_write_ports;
  const std::uint32_t phys = s.arch_registers + s.rename_registers;
  if (s.kind == "ooo")
    return {{"rat", s.arch_registers, tag_bits(phys), 3 * w},
            {"free_list", std::max(s.rename_registers, 1u), tag_bits(phys), 2 * w},
            {"rs", s.window, kEntryBits + 2 * tag_bits(phys), 2 * w},
            {"rob", s.rob, kRobBits, 2 * w},
            {"rf", phys, kWordBits, rf_ports}};
  if (s.kind == "cgooo") {
    const BlockSpec& b = s.blocks;
    return {
        {"block_window", b.window_entries, kEntryBits, 2, b.windows},
        {"head_buffer", b.head_buffer, kEntryBits + 2 * tag_bits(phys), 2, b.windows},
        {"lrf", b.lrf_entries, kWordBits, 3, b.windows},
        {"rf", (phys + b.grf_segments - 1) / b.grf_segments, kWordBits, rf_ports, b.grf_segments},
        {"rat", s.arch_registers, tag_bits(phys), 3 * w},
        {"free_list", std::max(s.rename_registers, 1u), tag_bits(phys), 2 * w},
        {"rob", b.block_rob, kRobBits, 2}};
  }
  return {{"window", s.window, kEntryBits, 2 * w},
          {"rob", s.rob, kRobBits, 2 * w},
          {"rf", s.arch_registers, kWordBits, rf_ports}};
}

CoreCosts::CoreCosts(sim::Component& core, const CoreSpec& spec)
    : core_(core),
      kind_(spec.kind),
      latches_(spec.front.decode_cycles + spec.issue_cycles + 4),
      count_looked_(spec.count_looked_entries) {
  const sim::TechTable& t = core.tech();
  sim::ActionCounts& a = core.actions();
  double leak = 0, area = 0;
  std::map<std::string, TableCosts> c;
  std::map<std::string, CoreTable> info;
  for (const CoreTable& tb : core_tables(spec)) {
    const bool cam = tb.name == "rs" || tb.name == "head_buffer";
    const TableCosts tc =
        cam ? cam_costs(t, tb.entries, 2 * tag_bits(spec.arch_registers + spec.rename_registers),
                        tb.bits, tb.ports, tb.name)
            : ram_costs(t, tb.entries, tb.bits, tb.ports, tb.name);
    c[tb.name] = tc;
    info[tb.name] = tb;
    leak += tc.leakage_mw.value * tb.copies;
    area += tc.area_um2.value * tb.copies;
  }
  latch_ = a.declare("latch", times(t.register_file(1, spec.latch_bits).write_pj, 0.5,
                                    "half the bits change (CG-OoO's assumption)"));
  rf_read_ = a.declare("rf_read", c["rf"].read_pj);
  rf_write_ = a.declare("rf_write", c["rf"].write_pj);
  rob_write_ = a.declare("rob_write", c["rob"].write_pj);
  rob_read_ = a.declare("rob_read", c["rob"].read_pj);
  rob_done_ = a.declare("rob_done", t.register_file(1, 1).write_pj);
  if (kind_ != "inorder") {
    rat_read_ = a.declare("rat_read", c["rat"].read_pj);
    rat_write_ = a.declare("rat_write", c["rat"].write_pj);
    free_list_ = a.declare("free_list", c["free_list"].read_pj);
  }
  const std::string win = kind_ == "ooo" ? "rs" : kind_ == "cgooo" ? "block_window" : "window";
  window_write_ = a.declare("window_write", c[win].write_pj);
  window_read_ = a.declare("window_read", c[win].read_pj);
  if (kind_ == "ooo") {
    wakeup_ = a.declare("wakeup", c["rs"].search_pj);
    select_ = a.declare("select", times(t.logic("mux2", spec.window).energy_pj, 1,
                                        "an age-ordered pick over the stations"));
  }
  if (kind_ == "cgooo")
    select_ = a.declare("select", times(t.logic("mux2", spec.blocks.skipahead).energy_pj, 1,
                                        "a pick over a window's Skipahead slots"));
  if (kind_ == "cgooo") {
    head_search_ = a.declare("head_search", c["head_buffer"].search_pj);
    head_read_ = a.declare("head_read", c["head_buffer"].read_pj);
    lrf_read_ = a.declare("lrf_read", c["lrf"].read_pj);
    lrf_write_ = a.declare("lrf_write", c["lrf"].write_pj);
  }
  // Operands travel half the side of their register file (a segment for the GRF).
  const auto wire = [&](const std::string& table) {
    const double mm = std::sqrt(c[table].area_um2.value) / 2 / 1000;
    return times(t.wire_pj(kWordBits, mm), kWireActivity,
                 fmt::format("activity; half the side of the {}, {:.3f} mm", table, mm));
  };
  rf_wire_ = a.declare("rf_wire", wire("rf"));
  if (kind_ == "cgooo") lrf_wire_ = a.declare("lrf_wire", wire("lrf"));
  const sim::OpCosts add = t.logic("int_add", kWordBits), mul = t.logic("int_mult", kWordBits);
  const sim::OpCosts fadd = t.logic("fp_add", kWordBits), fmul = t.logic("fp_mult", kWordBits);
  int_op_ = a.declare("int_op", add.energy_pj);
  mul_op_ = a.declare("mul_op", mul.energy_pj);
  div_op_ = a.declare("div_op", times(add.energy_pj, spec.div_cycles, "cycles of a divider"));
  const sim::Cost fp = times(plus(fadd.energy_pj, fmul.energy_pj), 0.5, "mean of add and mul");
  fp_op_ = a.declare("fp_op", fp);
  vector_op_ = a.declare(
      "vector_op", times(plus(t.logic("fp_add", 32).energy_pj, t.logic("fp_mult", 32).energy_pj), 2,
                         "four 32-bit lanes, mean of add and mul"));
  agu_ = a.declare("agu", add.energy_pj);
  const double unit_leak = (spec.alus + spec.mem_issue) * add.leakage_mw.value +
                           spec.mul_units * mul.leakage_mw.value +
                           spec.fp_units * (fadd.leakage_mw.value + fmul.leakage_mw.value);
  const double unit_area = (spec.alus + spec.mem_issue) * add.area_um2.value +
                           spec.mul_units * mul.area_um2.value +
                           spec.fp_units * (fadd.area_um2.value + fmul.area_um2.value);
  core.set_leakage_mw({leak + unit_leak, "the core's tables and units (docs/units/cgooo.md)"});
  core.set_area_um2({area + unit_area, "the core's tables and units (docs/units/cgooo.md)"});
}

void CoreCosts::dispatched(const Uop& u, bool new_block) {
  add(window_write_);
  if (kind_ != "cgooo") add(rob_write_);
  if (kind_ == "cgooo" && new_block) add(rob_write_);
  if (kind_ == "inorder") return;
  const std::uint64_t global_dst = u.dst & ~u.local_dst;
  add(rat_read_, std::popcount(u.src & ~u.local_src));
  add(rat_write_, std::popcount(global_dst));
  add(free_list_, std::popcount(global_dst));
}

void CoreCosts::issued(const Uop& u) {
  add(window_read_);
  if (kind_ == "cgooo") add(head_read_, 2);  // into the head buffer and out of it
  const std::uint64_t global_src = u.src & ~u.local_src;
  add(rf_read_, std::popcount(global_src));
  add(rf_wire_, std::popcount(global_src));
  if (kind_ == "cgooo") {
    add(lrf_read_, std::popcount(u.local_src));
    add(lrf_wire_, std::popcount(u.local_src));
  }
  switch (u.cls) {
    case InsnClass::kMultiply:
      add(mul_op_);
      break;
    case InsnClass::kDivide:
      add(div_op_);
      break;
    case InsnClass::kFloat:
      add(fp_op_);
      break;
    case InsnClass::kVector:
      add(vector_op_);
      break;
    case InsnClass::kLoad:
    case InsnClass::kStore:
    case InsnClass::kNop:
      break;
    default:
      add(int_op_);
      break;
  }
  add(agu_, u.mem.size());
}

void CoreCosts::completed(const Uop& u, std::uint32_t busy_windows) {
  const std::uint64_t global_dst = u.dst & ~u.local_dst;
  add(rf_write_, std::popcount(global_dst));
  add(rf_wire_, std::popcount(global_dst));
  if (kind_ == "ooo" && u.dst != 0) add(wakeup_);
  if (kind_ == "cgooo") {
    add(lrf_write_, std::popcount(u.local_dst));
    add(lrf_wire_, std::popcount(u.local_dst));
    // A local result is searched for in its own head buffer, a global one in every busy one.
    add(head_search_, (u.local_dst != 0 ? 1 : 0) + (global_dst != 0 ? busy_windows : 0));
  }
  add(rob_done_);  // its done flag (CG-OoO: the block's count of instructions left)
}

void CoreCosts::committed(const Uop& u, bool last_of_block) {
  add(latch_, latches_);
  if (kind_ != "cgooo" || last_of_block) add(rob_read_);
  if (kind_ != "inorder") add(rat_write_, std::popcount(u.dst & ~u.local_dst));
}

void CoreCosts::select_cycle(std::size_t waiting, std::uint32_t busy_windows,
                             std::uint32_t looked) {
  if (kind_ == "ooo" && waiting > 0) add(select_);
  if (kind_ == "cgooo") add(select_, busy_windows);  // each busy window's Skipahead pick
  if (!count_looked_) return;  // CG-OoO's authors' counting: a read per entry looked at
  if (kind_ == "inorder") add(window_read_, looked);
  if (kind_ == "cgooo") add(head_read_, looked);
}

}  // namespace axsim::arch::cpu
