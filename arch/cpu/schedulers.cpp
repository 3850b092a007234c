// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/schedulers.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::arch::cpu {

std::uint32_t InOrderWindow::select(std::uint64_t cycle, IssuePort& port) {
  std::uint32_t looked = 0;
  for (std::uint32_t n = 0; n < width_ && !q_.empty(); ++n) {
    ++looked;
    if (!port.try_issue(*q_.front(), cycle, 0)) break;
    q_.pop_front();
  }
  return looked;
}

void InOrderWindow::squash(std::uint64_t from_seq, std::uint64_t) {
  while (!q_.empty() && q_.back()->seq >= from_seq) q_.pop_back();
}

std::uint32_t ReservationStations::select(std::uint64_t cycle, IssuePort& port) {
  std::uint32_t issued = 0;
  std::erase_if(rs_, [&](Uop* u) {
    if (issued >= width_ || !port.try_issue(*u, cycle, 0)) return false;
    ++issued;
    return true;
  });
  return 0;
}

void ReservationStations::squash(std::uint64_t from_seq, std::uint64_t) {
  while (!rs_.empty() && rs_.back()->seq >= from_seq) rs_.pop_back();
}

BlockWindows::BlockWindows(const BlockSpec& spec) : spec_(spec), windows_(spec.windows) {}

bool BlockWindows::has_room(const Uop& u) const {
  if (u.block == current_) return true;  // blocks are split at window_entries
  if (in_flight_.size() >= spec_.block_rob) return false;
  for (std::uint32_t w = 0; w < windows_.size(); ++w)
    if (free(w)) return true;
  return false;
}

void BlockWindows::insert(Uop& u) {
  if (u.block != current_) {
    current_ = u.block;
    std::uint32_t w = next_window_;
    while (!free(w)) w = (w + 1) % std::uint32_t(windows_.size());
    next_window_ = (w + 1) % std::uint32_t(windows_.size());
    std::erase(age_, w);
    age_.push_back(w);
    windows_[w].block = u.block;
    windows_[w].in_order = u.replayed;
    in_flight_.push_back(u.block);
  }
  const auto w = std::uint32_t(std::find_if(windows_.begin(), windows_.end(),
                                            [&](const Window& x) { return x.block == u.block; }) -
                               windows_.begin());
  AXSIM_ASSERT(w < windows_.size());
  u.window = w;
  // The compiler's list schedule: higher priority first, ties in program order, and never ahead
  // of an instruction it depends on (a value it reads; memory order for loads and stores).
  std::deque<Uop*>& q = windows_[w].uops;
  const auto depends_on = [&](const Uop& v) {
    return std::find(u.producers.begin(), u.producers.end(), v.seq) != u.producers.end() ||
           ((u.is_load() || u.is_store()) && v.is_store()) || (u.is_store() && v.is_load());
  };
  auto at = q.end();
  while (at != q.begin() && (*std::prev(at))->priority < u.priority && !depends_on(**std::prev(at)))
    --at;
  q.insert(at, &u);
}

std::uint32_t BlockWindows::issue_from(Window& w, std::uint32_t cluster, std::uint64_t cycle,
                                       IssuePort& port) {
  std::uint32_t slots = 0;
  for (auto it = w.uops.begin(); it != w.uops.end() && slots < spec_.skipahead; ++slots) {
    if (port.try_issue(**it, cycle, cluster)) {
      it = w.uops.erase(it);
      continue;
    }
    if (w.in_order) return slots + 1;
    ++it;
  }
  return slots;
}

std::uint32_t BlockWindows::select(std::uint64_t cycle, IssuePort& port) {
  std::uint32_t looked = 0;
  const std::uint32_t per_cluster =
      std::max<std::uint32_t>(1, std::uint32_t(windows_.size()) / std::max(spec_.clusters, 1u));
  for (std::uint32_t w : age_) {
    Window& win = windows_[w];
    if (!win.uops.empty())
      looked += issue_from(win, std::min(w / per_cluster, spec_.clusters - 1), cycle, port);
  }
  // Windows whose block has issued and is no longer dispatching leave the age order.
  std::erase_if(age_, [&](std::uint32_t w) { return free(w); });
  return looked;
}

void BlockWindows::squash(std::uint64_t from_seq, std::uint64_t from_block) {
  for (Window& w : windows_) {
    while (!w.uops.empty() && w.uops.back()->seq >= from_seq) w.uops.pop_back();
    if (w.block != kNoSeq && w.block >= from_block) w = Window{};
  }
  while (!in_flight_.empty() && in_flight_.back() >= from_block) in_flight_.pop_back();
  std::erase_if(age_, [&](std::uint32_t w) { return windows_[w].block == kNoSeq; });
  current_ = kNoSeq;
}

void BlockWindows::committed(const Uop& u) {
  if (!in_flight_.empty() && in_flight_.front() == u.block) in_flight_.pop_front();
}

std::size_t BlockWindows::waiting() const {
  std::size_t n = 0;
  for (const Window& w : windows_) n += w.uops.size();
  return n;
}

std::uint32_t BlockWindows::busy_windows() const {
  return std::uint32_t(std::count_if(windows_.begin(), windows_.end(),
                                     [](const Window& w) { return !w.uops.empty(); }));
}

std::unique_ptr<Scheduler> make_scheduler(const CoreSpec& spec) {
  if (spec.kind == "ooo")
    return std::make_unique<ReservationStations>(spec.window, spec.front.width);
  if (spec.kind == "cgooo") return std::make_unique<BlockWindows>(spec.blocks);
  return std::make_unique<InOrderWindow>(spec.window, spec.front.width);
}

}  // namespace axsim::arch::cpu
