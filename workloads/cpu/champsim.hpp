// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::workloads::cpu {

struct ChampSimCounts {
  std::uint64_t records = 0;
  std::uint64_t dropped_registers = 0;  ///< beyond ChampSim's 2 destinations and 4 sources
  std::uint64_t dropped_accesses = 0;   ///< beyond its 2 stores and 4 loads per instruction
};

/// Writes `in`'s instructions as a ChampSim trace, xz-compressed (what ChampSim reads as
/// NAME.xz): one record per instruction as ChampSim's inc/trace_instruction.h lays it out, u64
/// ip, u8 is_branch, u8 branch_taken, u8 destination_registers[2], u8 source_registers[4], u64
/// destination_memory[2] (stores), u64 source_memory[4] (loads): 64 bytes, or 65 with
/// `load_type_byte` (newer ChampSim appends a u8 load_type, written 0).
/// ChampSim infers a branch's kind from the registers it reads and writes (stack pointer 6,
/// flags 25, instruction pointer 26), so each branch gets the pattern of its class: a direct
/// jump writes 26; an indirect one also reads another register; a conditional branch reads 26 and
/// 25 and writes 26; a call reads and writes 26 and 6 (an indirect one also reads another); a
/// return reads 6 and writes 26 and 6. Other registers are the trace's ids + 32 (so none is 0, 6,
/// 25 or 26); the stack pointer is 6 and the flags 25 everywhere.
ChampSimCounts write_champsim(CpuTraceReader& in, const std::string& path, bool load_type_byte);

}  // namespace axsim::workloads::cpu
