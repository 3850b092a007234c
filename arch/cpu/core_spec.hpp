// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/cpu/front_end.hpp"
#include "arch/cpu/load_store_queue.hpp"

namespace axsim::arch::cpu {

/// CG-OoO's back end (Mohammadi, Aamodt, Dally, arXiv 1606.01607; their simulator's defaults).
struct BlockSpec {
  std::uint32_t windows = 12;         ///< block windows
  std::uint32_t window_entries = 60;  ///< instructions of one block at most
  std::uint32_t head_buffer = 4;      ///< head-buffer entries of a window (priced)
  std::uint32_t skipahead = 5;        ///< slots a window looks at from its head a cycle
  std::uint32_t block_rob = 30;       ///< blocks in flight
  std::uint32_t lrf_entries = 20;     ///< local registers of a window
  std::uint32_t grf_segments = 6;
  std::uint32_t clusters = 3;            ///< execution clusters; windows and ALUs split evenly
  std::uint32_t far_segment_cycles = 1;  ///< extra cycles to read another cluster's segment
  bool list_schedule = true;  ///< the compiler list-schedules each block (block_compiler.hpp)
};

/// A core's parameters: one front end, then an in-order, out-of-order or CG-OoO back end.
struct CoreSpec {
  std::string kind = "inorder";  ///< "inorder", "ooo" or "cgooo"
  FrontEndSpec front;
  std::uint32_t issue_cycles = 1;  ///< from dispatch to the earliest issue
  std::uint32_t commit_width = 4;  ///< instructions (CG-OoO: blocks) a cycle
  std::uint32_t alu_cycles = 1;    ///< integer, branch and other instructions
  std::uint32_t mul_cycles = 3;
  std::uint32_t div_cycles = 20;  ///< not pipelined
  std::uint32_t fp_cycles = 5;    ///< floating point and vector
  std::uint32_t alus = 4, mul_units = 1, div_units = 1, fp_units = 1;
  std::uint32_t mem_issue = 1;  ///< loads and stores issued a cycle
  LsqSpec lsq;
  std::uint32_t rob = 50;     ///< instructions in flight (CG-OoO: unused, see blocks)
  std::uint32_t window = 10;  ///< in-order window or reservation stations
  std::uint32_t arch_registers = 90;
  std::uint32_t rename_registers = 0;  ///< physical registers beyond the architectural ones
  std::uint32_t rf_read_ports = 8, rf_write_ports = 4;
  std::uint32_t latch_bits = 128;  ///< one instruction's pipeline latch
  /// Energy accounting: also charge a window (in-order) or head-buffer (CG-OoO) read for every
  /// entry the scheduler looks at each cycle, as CG-OoO's authors' simulator counts.
  bool count_looked_entries = false;
  BlockSpec blocks;
};

}  // namespace axsim::arch::cpu
