// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/load_store_queue.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "arch/cpu/cpu_stats.hpp"
#include "arch/cpu/structure_costs.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cpu {

namespace {
constexpr std::uint32_t kStoreTag = 0x80000000u;
constexpr std::uint32_t kAddressBits = 48;
constexpr std::uint32_t kDataBits = 64;

bool overlaps(const MemRequest& a, const MemRequest& b) {
  return a.address < b.address + b.bytes && b.address < a.address + a.bytes;
}
bool covers(const MemRequest& s, const MemRequest& l) {
  return s.address <= l.address && l.address + l.bytes <= s.address + s.bytes;
}
}  // namespace

LoadStoreQueue::LoadStoreQueue(sim::SimContext& ctx, sim::Component* parent, const LsqSpec& spec)
    : Component(ctx, parent, "lsq", "cpu.lsq"),
      spec_(spec),
      wait_(spec.wait_entries, 0),
      forwarded_(declared_counter(*this, cpu_component_stats(), "forwarded")),
      violations_(declared_counter(*this, cpu_component_stats(), "order_violations")),
      waited_(declared_counter(*this, cpu_component_stats(), "predicted_dependences")) {
  const TableCosts lq =
      spec.load_queue ? cam_costs(tech(), spec.load_entries, kAddressBits, 16, 2, "load queue")
                      : TableCosts{{0, "no load queue"},
                                   {0, "no load queue"},
                                   {0, "no load queue"},
                                   {0, "no load queue"},
                                   {0, "no load queue"}};
  const TableCosts sq =
      cam_costs(tech(), spec.store_entries, kAddressBits, kDataBits, 2, "store queue");
  lq_search_ = actions().declare("lq_search", lq.search_pj);
  lq_write_ = actions().declare("lq_write", lq.write_pj);
  sq_search_ = actions().declare("sq_search", sq.search_pj);
  sq_write_ = actions().declare("sq_write", sq.write_pj);
  sq_read_ = actions().declare("sq_read", sq.read_pj);
  set_area_um2({lq.area_um2.value + sq.area_um2.value, lq.area_um2.source});
  set_leakage_mw({lq.leakage_mw.value + sq.leakage_mw.value, lq.leakage_mw.source});
}

void LoadStoreQueue::connect(sim::Channel<MemRequest>& req, sim::Channel<MemResponse>& resp) {
  req_ = &req, resp_ = &resp;
}

void LoadStoreQueue::reset() {
  loads_.clear();
  stores_.clear();
  out_.clear();
}

bool LoadStoreQueue::has_room(const Uop& u) const {
  return (!u.is_load() || loads_.size() < spec_.load_entries) &&
         (!u.is_store() || stores_.size() < spec_.store_entries);
}

void LoadStoreQueue::allocate(Uop& u) {
  if (u.is_load()) loads_.push_back({&u, 0, kNoSeq});
  if (u.is_store()) stores_.push_back({u.seq, &u, {}, 0, false});
}

bool LoadStoreQueue::must_wait(const Uop& load) const { return wait_[wait_index(load.pc)] != 0; }

LoadStoreQueue::LoadIssue LoadStoreQueue::issue_load(Uop& u, std::uint64_t cycle) {
  if (cycle >= next_clear_) {  // the wait table is cleared now and then
    std::fill(wait_.begin(), wait_.end(), 0);
    next_clear_ = cycle + spec_.wait_clear_cycles;
  }
  auto entry = std::find_if(loads_.begin(), loads_.end(),
                            [&](const LoadEntry& l) { return l.u->seq == u.seq; });
  AXSIM_ASSERT(entry != loads_.end());
  // Each load access takes the youngest older store that overlaps it.
  std::vector<std::uint64_t> from(u.mem.size(), kNoSeq), merged(u.mem.size(), kNoSeq);
  for (std::size_t i = 0; i < u.mem.size(); ++i) {
    if (u.mem[i].write) continue;
    for (auto s = stores_.rbegin(); s != stores_.rend(); ++s) {
      if (s->seq >= u.seq) continue;
      if (s->u != nullptr && s->u->issued == kNever) {  // address unknown
        if (must_wait(u)) {
          waited_.add();
          return {};
        }
        continue;
      }
      const std::vector<MemRequest>& sm = s->u != nullptr ? s->u->mem : s->mem;
      const auto hit = std::find_if(sm.begin(), sm.end(), [&](const MemRequest& m) {
        return m.write && overlaps(m, u.mem[i]);
      });
      if (hit == sm.end()) continue;
      const bool data = s->u == nullptr || (s->u->done != kNever && s->u->done <= cycle);
      if (!data) return {};  // waits for the store's data
      // A store that covers the access forwards it; one that covers part of it gives its bytes
      // and the L1-D the rest (a byte merge).
      if (covers(*hit, u.mem[i]))
        from[i] = s->seq;
      else
        merged[i] = s->seq;
      break;
    }
  }
  actions().add(sq_search_);  // the search that let it go
  LoadIssue r{true, 0};
  const std::uint32_t tag = next_tag_;
  next_tag_ = next_tag_ + 1 >= kStoreTag ? 1 : next_tag_ + 1;
  for (std::size_t i = 0; i < u.mem.size(); ++i) {
    if (u.mem[i].write) continue;
    if (from[i] != kNoSeq) {
      forwarded_.add();
      actions().add(sq_read_);
      entry->forwarded_from =
          entry->forwarded_from == kNoSeq ? from[i] : std::max(entry->forwarded_from, from[i]);
      continue;
    }
    if (merged[i] != kNoSeq)
      entry->forwarded_from =
          entry->forwarded_from == kNoSeq ? merged[i] : std::max(entry->forwarded_from, merged[i]);
    MemRequest m = u.mem[i];
    m.tag = tag;
    out_.push_back(m);
    ++r.sent;
  }
  entry->tag = r.sent > 0 ? tag : 0;
  if (spec_.load_queue) actions().add(lq_write_);
  return r;
}

std::uint64_t LoadStoreQueue::issue_store(const Uop& u) {
  actions().add(sq_write_);
  if (!spec_.load_queue) return kNoSeq;
  actions().add(lq_search_);
  for (const LoadEntry& l : loads_) {
    if (l.u->seq <= u.seq || l.u->issued == kNever) continue;
    if (l.forwarded_from != kNoSeq && l.forwarded_from > u.seq) continue;
    const bool clash = std::any_of(u.mem.begin(), u.mem.end(), [&](const MemRequest& s) {
      return s.write && std::any_of(l.u->mem.begin(), l.u->mem.end(), [&](const MemRequest& m) {
               return !m.write && overlaps(s, m);
             });
    });
    if (!clash) continue;
    violations_.add();
    wait_[wait_index(l.u->pc)] = 1;
    return l.u->seq;  // loads are in program order: the first is the oldest
  }
  return kNoSeq;
}

void LoadStoreQueue::take_responses(std::vector<std::uint64_t>& finished_loads) {
  while (const auto r = resp_->try_recv()) {
    if (r->tag & kStoreTag) {
      auto s = std::find_if(stores_.begin(), stores_.end(), [&](const StoreEntry& e) {
        return e.committed && e.seq == (r->tag & ~kStoreTag);
      });
      AXSIM_ASSERT(s != stores_.end());
      if (--s->unacked == 0 && s == stores_.begin())
        while (!stores_.empty() && stores_.front().committed && stores_.front().unacked == 0)
          stores_.pop_front();
      continue;
    }
    auto l = std::find_if(loads_.begin(), loads_.end(),
                          [&](const LoadEntry& e) { return e.tag == r->tag; });
    if (l == loads_.end()) continue;  // a squashed load's
    if (--l->u->loads_pending == 0) {
      l->tag = 0;
      finished_loads.push_back(l->u->seq);
    }
  }
}

void LoadStoreQueue::commit(const Uop& u) {
  if (u.is_load()) {
    AXSIM_ASSERT(!loads_.empty() && loads_.front().u->seq == u.seq);
    loads_.pop_front();
  }
  if (!u.is_store()) return;
  auto s = std::find_if(stores_.begin(), stores_.end(),
                        [&](const StoreEntry& e) { return e.seq == u.seq; });
  AXSIM_ASSERT(s != stores_.end());
  s->u = nullptr;
  s->committed = true;
  for (const MemRequest& m : u.mem) {
    if (!m.write) continue;
    s->mem.push_back(m);
    MemRequest w = m;
    w.tag = kStoreTag | std::uint32_t(u.seq & ~kStoreTag);
    out_.push_back(w);
    ++s->unacked;
  }
  actions().add(sq_read_);
  // A store whose accesses all were guarded off leaves at once.
  while (!stores_.empty() && stores_.front().committed && stores_.front().unacked == 0)
    stores_.pop_front();
}

void LoadStoreQueue::squash(std::uint64_t from_seq) {
  while (!loads_.empty() && loads_.back().u->seq >= from_seq) loads_.pop_back();
  while (!stores_.empty() && !stores_.back().committed && stores_.back().seq >= from_seq)
    stores_.pop_back();
  // Requests of squashed loads not yet sent are dropped; sent ones are answered and ignored.
  std::erase_if(out_, [&](const MemRequest& m) {
    return !m.write && std::none_of(loads_.begin(), loads_.end(),
                                    [&](const LoadEntry& l) { return l.tag == m.tag; });
  });
}

void LoadStoreQueue::send(std::uint64_t) {
  for (std::uint32_t n = 0; n < spec_.mem_ports && !out_.empty(); ++n) {
    if (!req_->try_send(out_.front())) return;
    out_.pop_front();
  }
}

std::string LoadStoreQueue::state() const {
  return fmt::format("{} loads and {} stores queued, {} requests unsent", loads_.size(),
                     stores_.size(), out_.size());
}

}  // namespace axsim::arch::cpu
