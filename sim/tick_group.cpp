// SPDX-License-Identifier: Apache-2.0
#include "sim/tick_group.hpp"

#include <iterator>

#include "sim/error.hpp"

namespace axsim::sim {

void TickGroup::request(Member* member, Tick edge) {
  // Wakes mostly land on the last pending cycle (the next one): search from the back.
  auto it = cycles_.end();
  while (it != cycles_.begin() && std::prev(it)->at > edge) --it;
  if (it != cycles_.begin() && std::prev(it)->at == edge) {
    std::prev(it)->members.push_back(member);
  } else {
    std::vector<Member*> list;
    if (!spare_.empty()) list = std::move(spare_.back()), spare_.pop_back();
    list.push_back(member);
    cycles_.insert(it, Cycle{edge, std::move(list)});
  }
  if (!running_) schedule(edge);
}

void TickGroup::schedule(Tick at) {
  if (at >= scheduled_) return;
  scheduled_ = at;
  queue_.schedule(at, Priority::kTick, this);
}

void TickGroup::process(std::uint32_t /*tag*/) {
  const Tick t = queue_.now();
  if (t != scheduled_) return;  // superseded by an earlier event
  scheduled_ = kTickNever;
  AXSIM_ASSERT(!cycles_.empty() && cycles_.front().at == t);
  running_ = true;
  // Wakes for t join the end of this cycle's list (index 0: later cycles sort after it).
  for (std::size_t i = 0; i < cycles_.front().members.size(); ++i)
    cycles_.front().members[i]->run_tick(t);
  running_ = false;
  std::vector<Member*> done = std::move(cycles_.front().members);
  cycles_.erase(cycles_.begin());
  done.clear();
  spare_.push_back(std::move(done));
  if (!cycles_.empty()) schedule(cycles_.front().at);
}

}  // namespace axsim::sim
