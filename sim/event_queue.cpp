// SPDX-License-Identifier: Apache-2.0
#include "sim/event_queue.hpp"

#include <algorithm>
#include <stdexcept>

namespace axsim::sim {

bool EventQueue::later(const Event& a, const Event& b) {
  if (a.at != b.at) return a.at > b.at;
  if (a.prio != b.prio) return a.prio > b.prio;
  return a.seq > b.seq;
}

void EventQueue::schedule(Tick at, Priority prio, EventHandler* handler, std::uint32_t tag) {
  if (at < now_) throw std::logic_error("event scheduled in the past");
  heap_.push_back({at, static_cast<std::int8_t>(prio), next_seq_++, handler, tag});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

std::uint64_t EventQueue::run() {
  stop_requested_ = false;
  const std::uint64_t start = processed_;
  while (!heap_.empty() && !stop_requested_) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Event ev = heap_.back();
    heap_.pop_back();
    now_ = ev.at;
    if (ev.prio < static_cast<std::int8_t>(Priority::kWatchdog)) last_work_ = ev.at;
    ++processed_;
    ev.handler->process(ev.tag);
  }
  return processed_ - start;
}

}  // namespace axsim::sim
