// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/channel_scheduler.hpp"

#include <algorithm>

namespace axsim::arch::dram {

ChannelScheduler::ChannelScheduler(const DdrSpec& spec) : spec_(spec) {
  const auto& o = spec.org;
  ranks_.resize(std::size_t(o.ranks));
  for (std::size_t i = 0; i < ranks_.size(); ++i) {
    Rank& r = ranks_[i];
    r.banks.resize(std::size_t(o.banks()));
    r.group_act.assign(std::size_t(o.bank_groups), -kNever);
    r.group_col.assign(std::size_t(o.bank_groups), -kNever);
    r.group_wr_end.assign(std::size_t(o.bank_groups), -kNever);
    // Ranks refresh in turn, spread over tREFI, so they do not all stop at once.
    r.refresh_due = spec.t.refi * Cycle(i + 1) / o.ranks;
  }
}

// ---- background state: a rank is active while any of its banks holds an open row ----

void ChannelScheduler::account(Rank& r, Cycle until) {
  if (until <= r.state_since) return;
  const auto cycles = std::uint64_t(until - r.state_since);
  (r.open_banks > 0 ? counts_.active_rank_cycles : counts_.precharged_rank_cycles) += cycles;
  r.state_since = until;
}

void ChannelScheduler::account_idle(Rank& r, Cycle until) {
  if (until <= r.state_since) return;
  if (spec_.powerdown_idle_cycles == 0) return account(r, until);
  const Cycle down = std::clamp(r.idle_from + spec_.powerdown_idle_cycles, r.state_since, until);
  account(r, down);
  const auto cycles = std::uint64_t(until - down);
  (r.open_banks > 0 ? counts_.active_powerdown_rank_cycles
                    : counts_.precharged_powerdown_rank_cycles) += cycles;
  r.state_since = until;
}

void ChannelScheduler::apply_closes(Rank& r, Cycle now) {
  std::sort(r.closes.begin(), r.closes.end());
  std::size_t n = 0;
  while (n < r.closes.size() && r.closes[n] <= now) open_changed(r, -1, r.closes[n++]);
  r.closes.erase(r.closes.begin(), r.closes.begin() + std::ptrdiff_t(n));
}

void ChannelScheduler::open_changed(Rank& r, int delta, Cycle at) {
  if (queue_.empty()) account_idle(r, at);  // a close while idle: power-down may have begun
  else account(r, at);
  r.open_banks += delta;
}

// ---- timing: the earliest cycle each command may issue ----

Cycle ChannelScheduler::earliest_act(const Rank& r, const Location& l) const {
  const auto& t = spec_.t;
  Cycle e = std::max({r.banks[std::size_t(l.flat_bank(spec_.org))].next_act, r.last_act + t.rrd_s,
                      r.group_act[std::size_t(l.bank_group)] + t.rrd_l, r.refresh_until,
                      r.ready_at});
  if (r.faw.size() == 4) e = std::max(e, r.faw.front() + t.faw);
  return e;
}

Cycle ChannelScheduler::earliest_column(const Rank& r, const Location& l, bool write) const {
  const auto& t = spec_.t;
  const auto g = std::size_t(l.bank_group);
  const Bank& b = r.banks[std::size_t(l.flat_bank(spec_.org))];
  Cycle e = std::max({write ? b.next_wr : b.next_rd, r.last_col + t.ccd_s, r.group_col[g] + t.ccd_l,
                      bus_free_ - (write ? t.cwl : t.cl), r.ready_at});
  if (write) return std::max(e, r.last_rd + t.cl + spec_.burst_cycles() + 2 - t.cwl);
  return std::max({e, r.last_wr_end + t.wtr_s, r.group_wr_end[g] + t.wtr_l});
}

Cycle ChannelScheduler::next_command_cycle(const Burst& b) const {
  const Rank& r = ranks_[std::size_t(b.loc.rank)];
  const Bank& bank = r.banks[std::size_t(b.loc.flat_bank(spec_.org))];
  if (bank.open_row == std::int64_t(b.loc.row)) return earliest_column(r, b.loc, b.write);
  if (bank.open_row < 0) return earliest_act(r, b.loc);
  return std::max(bank.next_pre, r.ready_at);
}

bool ChannelScheduler::hit_queued(const Location& l, std::int64_t row, std::size_t skip) const {
  for (std::size_t i = 0; i < queue_.size(); ++i)
    if (i != skip && queue_[i].loc.rank == l.rank && queue_[i].loc.bank_group == l.bank_group &&
        queue_[i].loc.bank == l.bank && std::int64_t(queue_[i].loc.row) == row)
      return true;
  return false;
}

// ---- commands ----

void ChannelScheduler::issue_act(Rank& r, const Location& l, Cycle now) {
  const auto& t = spec_.t;
  Bank& b = r.banks[std::size_t(l.flat_bank(spec_.org))];
  apply_closes(r, now);
  open_changed(r, +1, now);
  b.open_row = l.row;
  b.hits = 0;
  b.next_act = now + t.rc;
  b.next_pre = now + t.ras;
  b.next_rd = b.next_wr = now + t.rcd;
  r.last_act = r.group_act[std::size_t(l.bank_group)] = now;
  r.faw.push_back(now);
  if (r.faw.size() > 4) r.faw.pop_front();
  ++counts_.activates;
}

// A precharge at `at` (now, or later for an auto-precharge): the row is gone for scheduling at
// once, the background state changes at `at`.
void ChannelScheduler::issue_pre(Rank& r, Bank& b, Cycle at) {
  b.open_row = -1;
  b.next_act = std::max(b.next_act, at + spec_.t.rp);
  r.closes.push_back(at);
  ++counts_.precharges;
}

void ChannelScheduler::issue_column(std::size_t index, Cycle now, const OnBurst& on_burst) {
  const auto& t = spec_.t;
  const Burst burst = queue_[index];
  const Location& l = burst.loc;
  Rank& r = ranks_[std::size_t(l.rank)];
  Bank& b = r.banks[std::size_t(l.flat_bank(spec_.org))];
  const auto g = std::size_t(l.bank_group);
  const Cycle start = now + (burst.write ? t.cwl : t.cl), end = start + spec_.burst_cycles();
  r.last_col = r.group_col[g] = now;
  if (burst.write) {
    r.last_wr_end = r.group_wr_end[g] = end;
    b.next_pre = std::max(b.next_pre, end + t.wr);
    ++counts_.writes;
  } else {
    r.last_rd = now;
    b.next_pre = std::max(b.next_pre, now + t.rtp);
    ++counts_.reads;
  }
  ++(b.hits == 0 ? counts_.row_misses : counts_.row_hits);
  ++b.hits;
  bus_free_ = end;
  counts_.data_bus_cycles += std::uint64_t(spec_.burst_cycles());
  queue_.erase(queue_.begin() + std::ptrdiff_t(index));
  if (!spec_.open_page && !hit_queued(l, b.open_row, queue_.size())) issue_pre(r, b, b.next_pre);
  on_burst(burst, end);
}

void ChannelScheduler::issue_refresh(Rank& r, Cycle now) {
  apply_closes(r, now);
  account(r, now);
  r.refresh_until = now + spec_.t.rfc;
  for (Bank& b : r.banks) b.next_act = std::max(b.next_act, r.refresh_until);
  r.refresh_due += spec_.t.refi;
  r.refresh_pending = false;
  ++counts_.refreshes;
}

// A rank whose refresh is due closes its banks (one precharge per cycle), then refreshes.
bool ChannelScheduler::refresh_command(Cycle now) {
  for (Rank& r : ranks_) {
    if (!r.refresh_pending && now >= r.refresh_due) r.refresh_pending = true;
    if (!r.refresh_pending) continue;
    Cycle ref_at = r.refresh_until;
    bool open = false;
    for (Bank& b : r.banks) {
      if (b.open_row >= 0 && b.next_pre <= now) {
        apply_closes(r, now);
        issue_pre(r, b, now);
        return true;
      }
      open |= b.open_row >= 0;
      ref_at = std::max(ref_at, b.next_act);
    }
    if (!open && ref_at <= now) return issue_refresh(r, now), true;
  }
  return false;
}

// First ready: the oldest burst whose row is open and whose column command may issue now,
// unless its bank has served row_hit_cap hits while a request for another row waits there.
bool ChannelScheduler::column_command(Cycle now, const OnBurst& on_burst) {
  // Which banks have a queued burst for a row other than the open one (one pass).
  const auto banks = std::size_t(spec_.org.banks());
  conflicts_.assign(ranks_.size() * banks, 0);
  for (const Burst& q : queue_) {
    const auto bank = std::size_t(q.loc.flat_bank(spec_.org));
    const std::int64_t open = ranks_[std::size_t(q.loc.rank)].banks[bank].open_row;
    if (open >= 0 && open != std::int64_t(q.loc.row))
      conflicts_[std::size_t(q.loc.rank) * banks + bank] = 1;
  }
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    const Burst& q = queue_[i];
    const Rank& r = ranks_[std::size_t(q.loc.rank)];
    const auto bank = std::size_t(q.loc.flat_bank(spec_.org));
    const Bank& b = r.banks[bank];
    if (r.refresh_pending || b.open_row != std::int64_t(q.loc.row)) continue;
    if (b.hits >= std::uint32_t(spec_.row_hit_cap) && conflicts_[std::size_t(q.loc.rank) * banks + bank])
      continue;
    if (earliest_column(r, q.loc, q.write) > now) continue;
    issue_column(i, now, on_burst);
    return true;
  }
  return false;
}

// Then first come: the oldest burst that needs its bank opened (or, on a conflict, closed).
// A row that queued bursts still hit is not closed until it has served row_hit_cap of them.
bool ChannelScheduler::row_command(Cycle now) {
  for (const Burst& q : queue_) {
    Rank& r = ranks_[std::size_t(q.loc.rank)];
    Bank& b = r.banks[std::size_t(q.loc.flat_bank(spec_.org))];
    if (r.refresh_pending || b.open_row == std::int64_t(q.loc.row)) continue;
    if (b.open_row < 0) {
      if (earliest_act(r, q.loc) > now) continue;
      issue_act(r, q.loc, now);
      return true;
    }
    if (std::max(b.next_pre, r.ready_at) > now) continue;
    if (b.hits < std::uint32_t(spec_.row_hit_cap) && hit_queued(q.loc, b.open_row, queue_.size()))
      continue;
    apply_closes(r, now);
    issue_pre(r, b, now);
    ++counts_.row_conflicts;
    return true;
  }
  return false;
}

Cycle ChannelScheduler::step(Cycle now, const OnBurst& on_burst) {
  if (queue_.empty()) return kNever;
  if (now < cmd_free_) return cmd_free_;
  for (Rank& r : ranks_) apply_closes(r, now);
  if (refresh_command(now) || column_command(now, on_burst) || row_command(now)) {
    cmd_free_ = now + 1;
    if (queue_.empty())  // idle from the end of the last data transfer
      for (Rank& r : ranks_) r.idle_from = std::max(cmd_free_, bus_free_);
    return now + 1;
  }
  Cycle next = kNever;
  for (const Rank& r : ranks_) next = std::min(next, r.refresh_pending ? now + 1 : r.refresh_due);
  for (const Burst& q : queue_) next = std::min(next, next_command_cycle(q));
  return std::max(next, now + 1);
}

// The idle channel's refreshes, command by command, at the cycles step() would have chosen; a
// powered-down rank first exits power-down (tXP). Then the background up to `now`.
void ChannelScheduler::catch_up(Cycle now) {
  for (Rank& r : ranks_) {
    for (;;) {
      const Cycle due = r.refresh_pending ? cmd_free_ : r.refresh_due;
      Cycle t = std::max(due, cmd_free_);
      if (t > now) break;
      if (powered_down(r, t)) t = std::max(t + spec_.t.xp, r.ready_at);
      if (t > now) break;
      account_idle(r, t);
      r.refresh_pending = true;
      for (Bank& b : r.banks) {
        if (b.open_row < 0) continue;
        const Cycle at = std::max(t, b.next_pre);
        if (at > now) break;
        apply_closes(r, at);
        issue_pre(r, b, at);
        t = cmd_free_ = at + 1;
      }
      bool open = false;
      for (const Bank& b : r.banks) open |= b.open_row >= 0, t = std::max(t, b.next_act);
      t = std::max(t, r.refresh_until);
      if (open || t > now) break;
      apply_closes(r, t);
      account(r, t);
      issue_refresh(r, t);
      cmd_free_ = t + 1;
      r.idle_from = r.refresh_until;  // idle again once the refresh is over
    }
    apply_closes(r, now);
    account_idle(r, now);
    if (powered_down(r, now)) r.ready_at = std::max(r.ready_at, now + spec_.t.xp);
  }
}

}  // namespace axsim::arch::dram
