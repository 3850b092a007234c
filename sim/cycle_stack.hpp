// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace axsim::sim {

/// Where a lane's cycles went (docs/results-schema.md, `cycle_stacks`).
enum class CycleCategory : std::uint8_t {
  kCompute,     ///< the lane did its work (a MAC, a product vector issued)
  kMemoryWait,  ///< waited for operands from a memory (DRAM, an SRAM read, a buffer load)
  kQueueFull,   ///< blocked by a full queue or FIFO (its own, or one that stalls its feeder)
  kBarrier,     ///< finished its share, waiting for the slowest lane
  kDrain,       ///< outputs draining (accumulators, pipeline, write-back)
  kIdle,        ///< nothing to do: no input for it
};
inline constexpr std::size_t kCycleCategories = 6;
inline constexpr std::array<std::string_view, kCycleCategories> kCycleCategoryNames = {
    "compute", "memory_wait", "queue_full", "barrier", "drain", "idle"};

/// The cycles of one lane (a PE, or a unit's single datapath) split by category. The lane
/// charges its cycles in order: `charge_to(c, cat)` gives every cycle from the last charge up
/// to c (exclusive) to `cat`, so the categories of a lane started at s and closed at e sum to
/// e - s exactly. A lane that charged past the phase's end (its last cycle is the one the phase
/// ended in) gives the excess back from its last category.
class CycleStack {
 public:
  void start(std::uint64_t cycle) {
    counts_.fill(0);
    at_ = cycle;
    last_ = CycleCategory::kIdle;
  }
  void charge_to(std::uint64_t cycle, CycleCategory cat) {
    if (cycle <= at_) return;
    counts_[std::size_t(cat)] += cycle - at_;
    at_ = cycle;
    last_ = cat;
  }
  /// Ends the lane at `cycle`: the rest goes to `rest`; returns false when it had charged more
  /// than one category's worth past the end (a bookkeeping error the caller reports).
  bool close(std::uint64_t cycle, CycleCategory rest) {
    if (at_ <= cycle) {
      charge_to(cycle, rest);
      return true;
    }
    std::uint64_t& last = counts_[std::size_t(last_)];
    if (at_ - cycle > last) return false;
    last -= at_ - cycle;
    at_ = cycle;
    return true;
  }
  std::uint64_t at() const { return at_; }
  const std::array<std::uint64_t, kCycleCategories>& counts() const { return counts_; }
  /// Adds another lane's counts (the unit's stack is the sum over its lanes).
  void add(const CycleStack& other) {
    for (std::size_t i = 0; i < kCycleCategories; ++i) counts_[i] += other.counts_[i];
  }

 private:
  std::array<std::uint64_t, kCycleCategories> counts_{};
  std::uint64_t at_ = 0;
  CycleCategory last_ = CycleCategory::kIdle;
};

/// What a sleeping lane's cycles count as, by the state of whatever it waits on (a controller):
/// the controller marks each change of its state at the cycle it happens; a lane that wakes
/// charges the cycles it slept through by the marks. A mark at the cycle of the last one
/// replaces it (only that cycle's own state counts), so lanes must charge only cycles before
/// the current one.
class CycleTimeline {
 public:
  void start(std::uint64_t cycle, CycleCategory cat) {
    marks_.clear();
    marks_.push_back({cycle, cat});
  }
  void mark(std::uint64_t cycle, CycleCategory cat) {
    if (marks_.back().cycle == cycle)
      marks_.back().cat = cat;
    else if (marks_.back().cat != cat)
      marks_.push_back({cycle, cat});
  }
  /// Charges `lane` up to `until` by the marks; `cursor` (0 at the lane's start) remembers
  /// where the lane's last charge ended, so each mark is passed once per lane.
  void charge(CycleStack& lane, std::size_t& cursor, std::uint64_t until) const {
    while (lane.at() < until) {
      while (cursor + 1 < marks_.size() && marks_[cursor + 1].cycle <= lane.at()) ++cursor;
      const std::uint64_t end =
          cursor + 1 < marks_.size() ? std::min(until, marks_[cursor + 1].cycle) : until;
      lane.charge_to(end, marks_[cursor].cat);
    }
  }

 private:
  struct Mark {
    std::uint64_t cycle;
    CycleCategory cat;
  };
  std::vector<Mark> marks_{{0, CycleCategory::kIdle}};
};

/// A phase's stack: the sum over `lanes` lanes, so the counts add up to lanes x phase cycles.
struct PhaseCycleStack {
  std::uint32_t lanes = 0;  ///< 0: the unit reports no stack
  CycleStack sum;
};

}  // namespace axsim::sim
