// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "arch/common/dram/mem_request.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::arch::cpu {

inline constexpr std::uint64_t kNever = ~std::uint64_t{0};
inline constexpr std::uint64_t kNoSeq = ~std::uint64_t{0};

/// One dynamic instruction on its way through a core: what the front end decoded from the trace
/// and the back end's state for it. Registers are bit masks of the trace's register ids (< 64).
struct Uop {
  // Decoded by the front end.
  std::uint64_t seq = 0;    ///< program order
  std::uint32_t index = 0;  ///< the static instruction
  std::uint64_t pc = 0;
  workloads::cpu::InsnClass cls = workloads::cpu::InsnClass::kOther;
  std::uint64_t src = 0, dst = 0;                 ///< registers read and written
  std::uint64_t first_block = 0, last_block = 0;  ///< the fetch blocks it needs
  bool mispredicted = false;                      ///< fetch waits for it to resolve
  bool ends_block = false;      ///< a branch: the last instruction of a basic block
  std::vector<MemRequest> mem;  ///< its accesses split at line boundaries (address, bytes)

  // Back-end state.
  std::vector<std::uint64_t> producers;  ///< seq of the in-flight writer of each source
  std::uint64_t block = 0;               ///< CG-OoO: the block (sequence number) it belongs to
  std::uint64_t local_dst = 0;           ///< CG-OoO: destinations kept in the window's LRF
  std::uint64_t local_src = 0;           ///< CG-OoO: sources read from the window's LRF
  std::uint32_t window = 0;              ///< CG-OoO: its block window
  std::uint32_t priority = 0;            ///< CG-OoO: list-scheduling priority in its block
  bool replayed = false;                 ///< fetched again after a squash
  std::uint64_t earliest = 0;            ///< first cycle it may issue (dispatch + issue_cycles)
  std::uint64_t issued = kNever;         ///< cycle it issued
  std::uint64_t done = kNever;           ///< cycle its result is ready (kNever: not known)
  std::uint32_t loads_pending = 0;       ///< load requests not yet answered
  bool has_load = false, has_store = false;

  bool is_load() const { return has_load; }
  bool is_store() const { return has_store; }
};

}  // namespace axsim::arch::cpu
