// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "arch/cpu/uop.hpp"

namespace axsim::arch::cpu {

/// What a scheduler asks the core when it picks instructions: issue `u` now if its operands are
/// ready, a unit of its class (in `cluster`) is free and, for a load, the load queue lets it.
class IssuePort {
 public:
  virtual ~IssuePort() = default;
  virtual bool try_issue(Uop& u, std::uint64_t cycle, std::uint32_t cluster) = 0;
};

/// The part of a core that holds dispatched instructions until they issue: an in-order window,
/// reservation stations, or CG-OoO's block windows. Instructions stay in the core's reorder
/// buffer (their addresses are stable) until they commit.
class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual bool has_room(const Uop& u) const = 0;
  virtual void insert(Uop& u) = 0;
  /// Issues what it can this cycle through `port`; returns the entries it looked at (the
  /// in-order window's head, CG-OoO's Skipahead slots; 0 for reservation stations).
  virtual std::uint32_t select(std::uint64_t cycle, IssuePort& port) = 0;
  /// Drops `from_seq` and younger (CG-OoO: from_seq starts block `from_block`).
  virtual void squash(std::uint64_t from_seq, std::uint64_t from_block) = 0;
  /// A result is broadcast to waiting instructions (counts the wake-up).
  virtual void wake_up(const Uop& producer) = 0;
  /// An instruction committed (blocks leave the block reorder buffer).
  virtual void committed(const Uop&) {}
  virtual std::size_t waiting() const = 0;
  /// Windows holding instructions (CG-OoO; 1 otherwise).
  virtual std::uint32_t busy_windows() const { return 1; }
};

}  // namespace axsim::arch::cpu
