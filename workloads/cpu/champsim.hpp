// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <span>
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
/// 25 or 26); the stack pointer is 6 and the flags 25 everywhere. A sampled trace's windows are
/// written one after the other (the last branch of each as not taken).
ChampSimCounts write_champsim(CpuTraceReader& in, const std::string& path, bool load_type_byte);

/// The branch kind ChampSim infers from a record's registers (the rules of its
/// inc/instruction.h: stack pointer 6, flags 25, instruction pointer 26) as a class: kJump,
/// kJumpIndirect, kBranchCond, kCall, kCallIndirect, kReturn; kOther for a record that writes
/// the instruction pointer in none of these patterns; kNop for one that does not write it.
InsnClass champsim_branch_class(const std::uint8_t dst[2], const std::uint8_t src[4]);

struct ChampSimImport {
  std::uint64_t records = 0;
  std::uint64_t statics = 0;
  std::uint64_t lengths_assumed = 0;  ///< statics whose length no fall-through showed
};

/// Reads a ChampSim trace (an xz file of `record_bytes`-byte records, 64 or 65 as
/// write_champsim writes them) and writes it as a CPU trace at `out`. A record carries no
/// instruction bytes, length, opcode or access size, so: an instruction's length is the
/// distance to the next record's ip where that follows it without a taken branch (1 to 15
/// bytes), else 4 bytes, and its bytes are that many zeros (the header says so); its class is
/// the branch kind ChampSim infers, else a load, a store or an ALU instruction by its memory
/// operands; each access is one byte (it touches its line only, as in ChampSim). Registers:
/// 6 the stack pointer, 25 the flags, 26 (the instruction pointer) left out, ids 32-95 (what
/// write_champsim writes) the trace's 0-63, any other folded into ids 21-31. Damage throws
/// sim::ConfigError naming the file and the decompressed offset.
ChampSimImport read_champsim(const std::string& path, std::uint32_t record_bytes,
                             const std::string& out);
/// The same from bytes in memory (`name` in errors and the header).
ChampSimImport read_champsim(std::span<const std::uint8_t> bytes, const std::string& name,
                             std::uint32_t record_bytes, const std::string& out);

}  // namespace axsim::workloads::cpu
