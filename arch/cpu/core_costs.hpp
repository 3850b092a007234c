// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/cpu/core_spec.hpp"
#include "arch/cpu/uop.hpp"
#include "sim/component.hpp"

namespace axsim::arch::cpu {

/// One table of a core, priced from what it is (structure_costs.hpp).
struct CoreTable {
  std::string name;
  std::uint32_t entries = 0, bits = 0, ports = 0, copies = 1;
};

/// The tables of a core of `spec.kind` (the in-order core's window, reorder buffer and register
/// file; the out-of-order core's rename table, free list, reservation stations, reorder buffer
/// and physical registers; CG-OoO's block windows, head buffers, local register files, global
/// register file segments, global rename table and block reorder buffer).
std::vector<CoreTable> core_tables(const CoreSpec& spec);

/// A core's energy per event, as actions of the core component priced by the tech table: each
/// table's reads, writes and searches, the pipeline latches an instruction passes, one operation
/// of its unit, address adds, and the operand wires between the units and the register files.
/// Leakage and area are the tables' and the units'.
class CoreCosts {
 public:
  CoreCosts(sim::Component& core, const CoreSpec& spec);
  void dispatched(const Uop& u, bool new_block);
  void issued(const Uop& u);
  void completed(const Uop& u, std::uint32_t busy_windows);
  void committed(const Uop& u, bool last_of_block);
  /// A cycle's selection: `waiting` instructions; CG-OoO's `busy_windows` each pick; `looked`
  /// entries looked at (charged as reads only with count_looked_entries).
  void select_cycle(std::size_t waiting, std::uint32_t busy_windows, std::uint32_t looked);

 private:
  using Id = sim::ActionCounts::Id;
  void add(Id id, std::uint64_t n = 1) { core_.actions().add(id, n); }
  sim::Component& core_;
  std::string kind_;
  std::uint32_t latches_;
  bool count_looked_;
  Id latch_, window_write_ = 0, window_read_ = 0, rob_write_ = 0, rob_read_ = 0, rob_done_ = 0,
             head_read_ = 0, rf_read_, rf_write_, rat_read_ = 0, rat_write_ = 0, free_list_ = 0,
             wakeup_ = 0, select_ = 0, lrf_read_ = 0, lrf_write_ = 0, head_search_ = 0, int_op_,
             mul_op_, div_op_, fp_op_, vector_op_, agu_, rf_wire_, lrf_wire_ = 0;
};

}  // namespace axsim::arch::cpu
