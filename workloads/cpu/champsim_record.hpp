// SPDX-License-Identifier: Apache-2.0
// One ChampSim trace record as its inc/trace_instruction.h lays it out (champsim.cpp writes
// them, champsim_import.cpp reads them; not for other code).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "workloads/le_bytes.hpp"

namespace axsim::workloads::cpu::champsim_detail {

/// ChampSim's special register ids (its inc/instruction.h): stack pointer, flags, instruction
/// pointer. 0 is "no register".
constexpr std::uint8_t kSp = 6, kFlags = 25, kIp = 26;

/// u64 ip, u8 is_branch, u8 branch_taken, u8 destination_registers[2], u8 source_registers[4],
/// u64 destination_memory[2] (stores), u64 source_memory[4] (loads): 64 bytes; 0 is an empty slot.
struct Record {
  std::uint64_t ip = 0;
  std::uint8_t is_branch = 0, taken = 0;
  std::array<std::uint8_t, 2> dst{};
  std::array<std::uint8_t, 4> src{};
  std::array<std::uint64_t, 2> stores{};
  std::array<std::uint64_t, 4> loads{};
};

/// Appends `r`, and with `load_type_byte` newer ChampSim's u8 load_type (written 0): 65 bytes.
inline void append_record(std::vector<std::uint8_t>& out, const Record& r, bool load_type_byte) {
  append_le(out, r.ip, 8);
  out.push_back(r.is_branch), out.push_back(r.taken);
  out.insert(out.end(), r.dst.begin(), r.dst.end());
  out.insert(out.end(), r.src.begin(), r.src.end());
  for (std::uint64_t a : r.stores) append_le(out, a, 8);
  for (std::uint64_t a : r.loads) append_le(out, a, 8);
  if (load_type_byte) out.push_back(0);
}

/// The record in the 64 bytes at `p`.
inline Record read_record(const std::uint8_t* p) {
  Record r;
  r.ip = load_le(p, 8);
  r.is_branch = p[8], r.taken = p[9];
  for (std::size_t i = 0; i < 2; ++i) r.dst[i] = p[10 + i];
  for (std::size_t i = 0; i < 4; ++i) r.src[i] = p[12 + i];
  for (std::size_t i = 0; i < 2; ++i) r.stores[i] = load_le(p + 16 + 8 * i, 8);
  for (std::size_t i = 0; i < 4; ++i) r.loads[i] = load_le(p + 32 + 8 * i, 8);
  return r;
}

}  // namespace axsim::workloads::cpu::champsim_detail
