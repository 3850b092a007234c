// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "arch/common/dram/address_map.hpp"
#include "arch/common/dram/ddr_spec.hpp"

namespace axsim::arch::dram {

using Cycle = std::int64_t;  ///< DRAM clock cycles (signed: "long ago" is a negative time)
constexpr Cycle kNever = INT64_MAX / 4;

/// One burst waiting in a channel's queue; `request` identifies the transfer it belongs to.
struct Burst {
  Location loc;
  bool write = false;
  std::uint32_t request = 0;
};

/// What one channel did, for the Dram's statistics and energy.
struct ChannelCounts {
  std::uint64_t activates = 0, precharges = 0, reads = 0, writes = 0, refreshes = 0;
  std::uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
  std::uint64_t active_rank_cycles = 0, precharged_rank_cycles = 0;  ///< background states
  std::uint64_t active_powerdown_rank_cycles = 0, precharged_powerdown_rank_cycles = 0;
  std::uint64_t data_bus_cycles = 0;
};

/// The command scheduler of one channel, evaluated cycle by cycle: per-bank row buffers and
/// timing state, per-rank tRRD / tFAW / tCCD / tWTR windows and all-bank refresh every tREFI,
/// one command per cycle on the command bus, one burst at a time on the data bus. Requests are
/// chosen FR-FCFS: ready row hits first (at most row_hit_cap while an older request waits on a
/// conflict in that bank), then the oldest request's next command. With a closed-page policy a
/// column command closes its row (auto-precharge) unless a queued burst hits the same row.
/// powerdown_idle_cycles after its queue empties, the channel's ranks power down (IDD2P or
/// IDD3P); the next command to a rank then waits tXP, and so does a refresh.
class ChannelScheduler {
 public:
  /// Called for each column command: its burst and the cycle its data transfer ends.
  using OnBurst = std::function<void(const Burst&, Cycle data_end)>;
  explicit ChannelScheduler(const DdrSpec& spec);

  bool full() const { return queue_.size() >= std::size_t(spec_.queue_depth); }
  bool empty() const { return queue_.empty(); }
  std::size_t queued() const { return queue_.size(); }
  void push(const Burst& b) { queue_.push_back(b); }
  /// Issues at most one command at cycle `now`; returns the next cycle at which a command might
  /// issue (now + 1 after a command, kNever when the queue is empty and no refresh is pending).
  Cycle step(Cycle now, const OnBurst& on_burst);
  /// While the channel is idle (empty queue): the refreshes due until `now` and the background
  /// time up to `now`, exactly as stepping each cycle would have done them.
  void catch_up(Cycle now);
  const ChannelCounts& counts() const { return counts_; }
  void reset_counts() { counts_ = {}; }

 private:
  struct Bank {
    std::int64_t open_row = -1;
    Cycle next_act = 0, next_pre = 0, next_rd = 0, next_wr = 0;
    std::uint32_t hits = 0;  ///< column commands since the row opened
  };
  struct Rank {
    std::vector<Bank> banks;
    std::vector<Cycle> group_act, group_col, group_wr_end;  ///< last per bank group
    Cycle last_act = -kNever, last_col = -kNever, last_rd = -kNever, last_wr_end = -kNever;
    std::deque<Cycle> faw;  ///< the last four activates
    Cycle refresh_due = 0, refresh_until = 0;
    bool refresh_pending = false;
    int open_banks = 0;
    Cycle state_since = 0;      ///< background accounted up to here
    Cycle idle_from = 0;        ///< the channel's queue has been empty since (power-down)
    Cycle ready_at = 0;         ///< no command before this (power-down exit, tXP)
    std::vector<Cycle> closes;  ///< auto-precharges scheduled for later cycles
  };

  bool refresh_command(Cycle now);
  bool column_command(Cycle now, const OnBurst& on_burst);
  bool row_command(Cycle now);
  Cycle earliest_act(const Rank& r, const Location& l) const;
  Cycle earliest_column(const Rank& r, const Location& l, bool write) const;
  Cycle next_command_cycle(const Burst& b) const;
  void issue_act(Rank& r, const Location& l, Cycle now);
  void issue_pre(Rank& r, Bank& bank, Cycle at);
  void issue_column(std::size_t index, Cycle now, const OnBurst& on_burst);
  void issue_refresh(Rank& r, Cycle now);
  bool hit_queued(const Location& l, std::int64_t row, std::size_t skip) const;
  void account(Rank& r, Cycle until);
  /// Background of an idle stretch: standby until powerdown_idle_cycles after idle_from, then
  /// power-down.
  void account_idle(Rank& r, Cycle until);
  bool powered_down(const Rank& r, Cycle at) const {
    return spec_.powerdown_idle_cycles > 0 && at >= r.idle_from + spec_.powerdown_idle_cycles;
  }
  void open_changed(Rank& r, int delta, Cycle at);
  void apply_closes(Rank& r, Cycle now);

  DdrSpec spec_;
  std::vector<Rank> ranks_;
  std::deque<Burst> queue_;
  Cycle bus_free_ = 0;
  Cycle cmd_free_ = 0;  ///< the command bus takes one command per cycle
  std::vector<char> conflicts_;  ///< column_command's scratch: per rank and bank
  ChannelCounts counts_;
};

}  // namespace axsim::arch::dram
