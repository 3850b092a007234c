// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <deque>
#include <memory>
#include <vector>

#include "arch/cpu/core_spec.hpp"
#include "arch/cpu/scheduler.hpp"

namespace axsim::arch::cpu {

/// The in-order core's instruction window: issue in program order from its head, up to `width`
/// a cycle, stopping at the first instruction that cannot issue.
class InOrderWindow : public Scheduler {
 public:
  InOrderWindow(std::uint32_t entries, std::uint32_t width) : entries_(entries), width_(width) {}
  bool has_room(const Uop&) const override { return q_.size() < entries_; }
  void insert(Uop& u) override { q_.push_back(&u); }
  std::uint32_t select(std::uint64_t cycle, IssuePort& port) override;
  void squash(std::uint64_t from_seq, std::uint64_t from_block) override;
  void wake_up(const Uop&) override {}
  std::size_t waiting() const override { return q_.size(); }

 private:
  std::uint32_t entries_, width_;
  std::deque<Uop*> q_;
};

/// Reservation stations of an out-of-order core: any ready instruction issues, oldest first, up
/// to `width` a cycle.
class ReservationStations : public Scheduler {
 public:
  ReservationStations(std::uint32_t entries, std::uint32_t width)
      : entries_(entries), width_(width) {}
  bool has_room(const Uop&) const override { return rs_.size() < entries_; }
  void insert(Uop& u) override { rs_.push_back(&u); }
  std::uint32_t select(std::uint64_t cycle, IssuePort& port) override;
  void squash(std::uint64_t from_seq, std::uint64_t from_block) override;
  void wake_up(const Uop&) override {}
  std::size_t waiting() const override { return rs_.size(); }

 private:
  std::uint32_t entries_, width_;
  std::vector<Uop*> rs_;  ///< in program order
};

/// CG-OoO's block windows: each block goes to a free window (round robin, so blocks spread over
/// the clusters); windows are served oldest block first; each looks at up to `skipahead` of
/// its instructions from the head a cycle and issues those that are ready (a block fetched again
/// after a squash issues in order). Only true dependences order them: the compiler gives each
/// local value its own LRF register (the core keeps at most lrf_entries locals a block) and
/// global ones are renamed. A window frees when its block has issued and the next block
/// began; a block holds its block-ROB entry until it commits.
class BlockWindows : public Scheduler {
 public:
  explicit BlockWindows(const BlockSpec& spec);
  bool has_room(const Uop& u) const override;
  void insert(Uop& u) override;
  std::uint32_t select(std::uint64_t cycle, IssuePort& port) override;
  void squash(std::uint64_t from_seq, std::uint64_t from_block) override;
  void wake_up(const Uop&) override {}
  void committed(const Uop& u) override;
  std::size_t waiting() const override;
  std::uint32_t busy_windows() const override;

 private:
  struct Window {
    std::deque<Uop*> uops;
    std::uint64_t block = kNoSeq;
    bool in_order = false;
  };
  bool free(std::uint32_t w) const {
    return windows_[w].uops.empty() &&
           (windows_[w].block == kNoSeq || windows_[w].block != current_);
  }
  std::uint32_t issue_from(Window& w, std::uint32_t cluster, std::uint64_t cycle, IssuePort& port);

  BlockSpec spec_;
  std::vector<Window> windows_;
  std::deque<std::uint32_t> age_;        ///< windows by block age
  std::deque<std::uint64_t> in_flight_;  ///< blocks dispatched, not committed
  std::uint64_t current_ = kNoSeq;       ///< the block being dispatched
  std::uint32_t next_window_ = 0;
};

std::unique_ptr<Scheduler> make_scheduler(const CoreSpec& spec);

}  // namespace axsim::arch::cpu
