// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "arch/common/cache/cache_params.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cache {

namespace {
constexpr std::uint32_t kWritebackTag = 0xFFFFFFFFu;  ///< a write-back's response is dropped

sim::ChannelSpec port_channel(const CacheSpec& s) {
  sim::ChannelSpec c;
  c.capacity = s.queue_depth;
  c.latency_cycles = 1;
  c.items_per_cycle = s.ports;  // a port takes, and returns, `ports` requests a cycle
  return c;
}
}  // namespace

Cache::Cache(sim::SimContext& ctx, sim::Component* parent, const std::string& name,
             const sim::ClockDomain& clock, const CacheSpec& spec, std::uint32_t upstream_ports)
    : Ticked(ctx, parent, name, "common.cache", clock),
      spec_(spec),
      parallel_(spec.lookup == "parallel"),
      prediction_(spec.way_prediction == "mru"    ? Prediction::kMru
                  : spec.way_prediction == "way0" ? Prediction::kWay0
                                                  : Prediction::kNone),
      mru_(spec.way_prediction == "mru" ? spec.sets() : 0, 0),
      tags_(spec.sets(), spec.ways, spec.line_bytes),
      policy_(ReplacementPolicies::make(spec.replacement, spec.policy, *this)),
      mshrs_(spec.mshrs),
      read_hits_(declared_counter(*this, "read_hits")),
      read_misses_(declared_counter(*this, "read_misses")),
      write_hits_(declared_counter(*this, "write_hits")),
      write_misses_(declared_counter(*this, "write_misses")),
      mshr_merges_(declared_counter(*this, "mshr_merges")),
      mshr_full_cycles_(declared_counter(*this, "mshr_full_cycles")),
      fills_(declared_counter(*this, "fills")),
      writebacks_(declared_counter(*this, "writebacks")),
      swaps_(declared_counter(*this, "swaps")),
      swap_blocked_cycles_(declared_counter(*this, "swap_blocked_cycles")),
      hits_by_way_(stats().histogram("hits_by_way", cache_stat("hits_by_way").unit,
                                     cache_stat("hits_by_way").doc, 1, spec.ways)),
      predicted_right_(declared_counter(*this, "way_predictions_right")),
      predicted_wrong_(declared_counter(*this, "way_predictions_wrong")),
      distinct_lines_(declared_counter(*this, "distinct_lines")),
      top_lines_share_(stats().average("top3pct_lines_access_share", "fraction",
                                       cache_stat("top3pct_lines_access_share").doc)),
      lines_for_60pct_(stats().average("line_fraction_for_60pct", "fraction",
                                       cache_stat("line_fraction_for_60pct").doc)) {
  AXSIM_ASSERT(upstream_ports > 0);
  for (std::uint32_t p = 0; p < upstream_ports; ++p) {
    const std::string n = upstream_ports == 1 ? "" : std::to_string(p);
    Port port;
    port.requests = std::make_unique<sim::Channel<MemRequest>>(ctx, this, "requests" + n, clock,
                                                               port_channel(spec));
    port.responses = std::make_unique<sim::Channel<MemResponse>>(ctx, this, "responses" + n, clock,
                                                                 port_channel(spec));
    ports_.push_back(std::move(port));
  }
  declare_costs();
}

void Cache::declare_costs() {
  SramSpec data;
  data.capacity_bytes = spec_.capacity_bytes;
  data.width_bits = spec_.data_width_bits;
  data.element_bits = 8;
  data.banks = spec_.ways;  // an access reads one way's subarray
  data_ = std::make_unique<SramPort>(*this, data, SramPort::Actions{"data_read", "data_write"});
  SramSpec tag;
  tag.width_bits = spec_.ways * spec_.tag_bits();
  tag.capacity_bytes = (std::uint64_t(spec_.sets()) * tag.width_bits + 7) / 8;
  tag.element_bits = tag.width_bits;
  tag_ = std::make_unique<SramPort>(*this, tag, SramPort::Actions{"tag_read", "tag_write"});
  set_area_um2(sim::Cost{data_->costs().area_um2.value + tag_->costs().area_um2.value,
                         "data subarrays: " + data_->costs().area_um2.source +
                             "; tags: " + tag_->costs().area_um2.source});
  set_leakage_mw(sim::Cost{data_->costs().leakage_mw.value + tag_->costs().leakage_mw.value,
                           "data subarrays and tags, SRAM model"});
  way_mm_.assign(spec_.ways, 0.0);
  if (spec_.near_way_pitches <= 0) return;
  // The subarrays sit in a row leading away from the port, each a square of its area.
  const double side_mm = std::sqrt(data_->costs().area_um2.value / spec_.ways) / 1000.0;
  const sim::Cost per_bit_mm = tech().wire_pj(1, 1.0);
  for (std::uint32_t w = 0; w < spec_.ways; ++w) {
    way_mm_[w] = (spec_.near_way_pitches + w) * side_mm;
    wire_.push_back(actions().declare(
        "wire_way" + std::to_string(w),
        sim::Cost{per_bit_mm.value * way_mm_[w] * spec_.wire_activity,
                  fmt::format("{} x {:.4f} mm ({:g} subarray sides of {:.4f} mm) x activity {:g}",
                              per_bit_mm.source, way_mm_[w], spec_.near_way_pitches + w, side_mm,
                              spec_.wire_activity)}));
  }
}

void Cache::connect_upstream(std::uint32_t port, sim::Ticked* client) {
  ports_[port].requests->connect(client, this);
  ports_[port].responses->connect(this, client);
}

bool Cache::tick() {
  const std::uint64_t cycle = clock().cycle_at(now()).n;
  take_fills(cycle);
  const bool more = accept(cycle);
  deliver(cycle);
  flush_down();
  if (more) return true;
  if (!pending_.empty()) wake_at(clock().to_ticks({pending_.top().cycle}));
  return false;
}

void Cache::take_fills(std::uint64_t cycle) {
  if (down_responses_ == nullptr) return;
  while (const auto r = down_responses_->try_recv()) {
    if (r->write) continue;  // a write-back was taken
    AXSIM_ASSERT(r->tag < mshrs_.size() && mshrs_[r->tag].busy);
    fill(mshrs_[r->tag], cycle);
    if (waiting_for_mshr_) mshr_full_cycles_.add(cycle - mshr_wait_since_);
    waiting_for_mshr_ = false;
  }
}

void Cache::fill(Mshr& m, std::uint64_t cycle) {
  bool dirty = false;
  for (const Target& t : m.targets) dirty |= t.req.write;
  const std::uint32_t set = tags_.set_of_line(m.line);
  place(m.line, set, dirty);
  fills_.add();
  for (const Target& t : m.targets) respond(t.port, t.req, cycle);
  m.busy = false;
  m.targets.clear();
  progress();
}

std::uint32_t Cache::place(std::uint64_t line, std::uint32_t set, bool dirty) {
  int way = tags_.free_way(set);
  if (way == TagArray::kMiss) {
    way = int(policy_->victim(set));
    const TagArray::Entry& victim = tags_.at(set, std::uint32_t(way));
    if (victim.dirty) {
      data_->read_words(data_words(spec_.line_bytes));
      wire_bits(std::uint32_t(way), spec_.line_bytes * 8ull);
      send_down({spec_.line_bytes, true, kWritebackTag, victim.line * spec_.line_bytes});
      writebacks_.add();
    }
  }
  tags_.at(set, std::uint32_t(way)) = {line, true, dirty};
  tag_->write_words(1);
  data_->write_words(data_words(spec_.line_bytes));
  wire_bits(std::uint32_t(way), spec_.line_bytes * 8ull);
  policy_->on_fill(set, std::uint32_t(way));
  if (prediction_ == Prediction::kMru) mru_[set] = std::uint8_t(way);
  return std::uint32_t(way);
}

// Up to `ports` requests a cycle, taken round-robin from the ports' heads (a head that waits
// for an MSHR holds its port for the cycle). True when a request is left for the next cycle.
bool Cache::accept(std::uint64_t cycle) {
  if (cycle < blocked_until_) {
    bool queued = false;
    for (const Port& p : ports_) queued |= p.requests->has_work();  // arrived or in flight
    if (queued) wake_at(clock().to_ticks({blocked_until_}));
    return false;
  }
  const auto n = std::uint32_t(ports_.size());
  std::vector<bool> stalled(n, false);
  std::uint32_t accepted = 0;
  for (bool any = true; any && accepted < spec_.ports && cycle >= blocked_until_;) {
    any = false;
    for (std::uint32_t i = 0; i < n && accepted < spec_.ports && cycle >= blocked_until_; ++i) {
      const std::uint32_t p = (next_port_ + i) % n;
      const MemRequest* req = stalled[p] ? nullptr : ports_[p].requests->peek();
      if (req == nullptr) continue;
      if (!try_access(p, *req, cycle)) {
        if (!waiting_for_mshr_) mshr_wait_since_ = cycle;
        waiting_for_mshr_ = true;  // a fill wakes this cache
        stalled[p] = true;
        continue;
      }
      ports_[p].requests->try_recv();
      ++accepted, any = true;
    }
  }
  next_port_ = (next_port_ + 1) % n;
  bool more = false;
  for (std::uint32_t p = 0; p < n; ++p) {
    if (ports_[p].requests->peek() == nullptr)
      ports_[p].requests->try_recv();  // takes nothing; wakes this cache when one lands
    else if (!stalled[p])
      more = true;
  }
  if (more && cycle + 1 < blocked_until_) {
    wake_at(clock().to_ticks({blocked_until_}));
    return false;
  }
  return more;
}

bool Cache::try_access(std::uint32_t port, const MemRequest& req, std::uint64_t cycle) {
  const std::uint64_t line = tags_.line_of(req.address);
  AXSIM_ASSERT(tags_.line_of(req.address + std::max<std::uint64_t>(req.bytes, 1) - 1) == line);
  const std::uint32_t set = tags_.set_of_line(line);
  const int way = tags_.find(line);
  if (way == TagArray::kMiss && !miss(port, req, line, cycle)) return false;
  tag_->read_words(1);
  ++line_accesses_[line];
  if (const int guess = req.write ? -1 : predicted_way(set); guess >= 0 && way == TagArray::kMiss) {
    data_->read_words(data_words(req.bytes));  // the guess read with the tags, for nothing
    wire_bits(std::uint32_t(guess),
              spec_.address_bits + data_words(req.bytes) * spec_.data_width_bits);
  }
  if (way != TagArray::kMiss) hit(port, req, set, std::uint32_t(way), cycle);
  return true;
}

void Cache::hit(std::uint32_t port, const MemRequest& req, std::uint32_t set, std::uint32_t way,
                std::uint64_t cycle) {
  (req.write ? write_hits_ : read_hits_).add();
  hits_by_way_.sample(way);
  policy_->on_hit(set, way);
  const std::uint64_t words = data_words(req.bytes);
  if (req.write) {
    if (!tags_.at(set, way).dirty) tag_->write_words(1);  // the dirty bit is in the tags
    tags_.at(set, way).dirty = true;
    data_->write_words(words);
  } else {
    data_->read_words(parallel_ ? words * spec_.ways : words);
  }
  // The address goes to the way read (every way in a parallel lookup), the data over its wire.
  for (std::uint32_t w = 0; w < spec_.ways; ++w)
    if (w == way || parallel_) wire_bits(w, spec_.address_bits);
  wire_bits(way, words * spec_.data_width_bits);
  std::uint64_t extra_cycles = 0;
  if (const int guess = req.write ? -1 : predicted_way(set); guess >= 0) {
    if (std::uint32_t(guess) == way) {
      predicted_right_.add();
    } else {  // the guessed way was read for nothing; the hit way is read a cycle later
      predicted_wrong_.add();
      data_->read_words(words);
      wire_bits(std::uint32_t(guess), spec_.address_bits + words * spec_.data_width_bits);
      extra_cycles = 1;
    }
  }
  if (prediction_ == Prediction::kMru) mru_[set] = std::uint8_t(way);
  respond(port, req, cycle + spec_.hit_cycles - 2 + extra_cycles);
  const int hot = policy_->swap_request(set);
  if (hot != ReplacementPolicy::kNoSwap) swap(set, std::uint32_t(hot), cycle);
}

bool Cache::miss(std::uint32_t port, const MemRequest& req, std::uint64_t line,
                 std::uint64_t cycle) {
  const std::uint32_t set = tags_.set_of_line(line);
  auto same = std::find_if(mshrs_.begin(), mshrs_.end(),
                           [&](const Mshr& m) { return m.busy && m.line == line; });
  if (same != mshrs_.end()) {
    if (same->targets.size() >= spec_.targets_per_mshr) return false;
    same->targets.push_back({port, req});
    mshr_merges_.add();
  } else if (req.write && req.bytes == spec_.line_bytes) {
    place(line, set, true);  // a whole line written: nothing to fetch
    respond(port, req, cycle + spec_.hit_cycles - 2);
  } else {
    auto free = std::find_if(mshrs_.begin(), mshrs_.end(), [](const Mshr& m) { return !m.busy; });
    if (free == mshrs_.end()) return false;
    free->busy = true;
    free->line = line;
    free->targets.push_back({port, req});
    send_down(
        {spec_.line_bytes, false, std::uint32_t(free - mshrs_.begin()), line * spec_.line_bytes});
  }
  (req.write ? write_misses_ : read_misses_).add();
  policy_->on_miss(set);
  return true;
}

void Cache::swap(std::uint32_t set, std::uint32_t way, std::uint64_t cycle) {
  std::swap(tags_.at(set, 0), tags_.at(set, way));
  if (prediction_ == Prediction::kMru)  // the most recently used line moved
    mru_[set] = mru_[set] == 0 ? std::uint8_t(way) : mru_[set] == way ? 0 : mru_[set];
  policy_->on_swap(set, 0, way);
  // Both lines are read and written back in the other subarray, each crossing both wires.
  const std::uint64_t line_bits = spec_.line_bytes * 8ull;
  data_->read_words(2 * data_words(spec_.line_bytes));
  data_->write_words(2 * data_words(spec_.line_bytes));
  tag_->write_words(1);
  wire_bits(0, 2 * line_bits);
  wire_bits(way, 2 * line_bits);
  blocked_until_ = cycle + 1 + spec_.swap_cycles;
  swaps_.add();
  swap_blocked_cycles_.add(spec_.swap_cycles);
}

int Cache::predicted_way(std::uint32_t set) const {
  switch (prediction_) {
    case Prediction::kMru:
      return mru_[set];
    case Prediction::kWay0:
      return 0;
    default:
      return -1;
  }
}

void Cache::respond(std::uint32_t port, const MemRequest& req, std::uint64_t cycle) {
  pending_.push({cycle, seq_++, port, MemResponse{req.tag, req.write}});
}

void Cache::deliver(std::uint64_t cycle) {
  while (!pending_.empty() && pending_.top().cycle <= cycle) {
    ports_[pending_.top().port].ready.push_back(pending_.top().resp);
    pending_.pop();
  }
  for (Port& p : ports_)
    while (!p.ready.empty() && p.responses->try_send(p.ready.front())) p.ready.pop_front();
}

void Cache::send_down(const MemRequest& req) {
  AXSIM_ASSERT(down_requests_ != nullptr);
  outbox_.push_back(req);
}

void Cache::flush_down() {
  while (!outbox_.empty() && down_requests_->try_send(outbox_.front())) outbox_.pop_front();
}

void Cache::wire_bits(std::uint32_t way, std::uint64_t bits) {
  if (!wire_.empty()) actions().add(wire_[way], bits);
}

std::uint64_t Cache::data_words(std::uint64_t bytes) const {
  return std::max<std::uint64_t>(1, sram_words(bytes * 8, spec_.data_width_bits));
}

bool Cache::has_work() const {
  bool busy = !pending_.empty() || !outbox_.empty();
  for (const Mshr& m : mshrs_) busy |= m.busy;
  for (const Port& p : ports_) busy |= !p.ready.empty();
  return busy;
}

std::string Cache::state() const {
  std::size_t busy = 0;
  for (const Mshr& m : mshrs_) busy += m.busy;
  return fmt::format("{}/{} MSHRs busy, {} responses pending, {} requests to send below{}", busy,
                     mshrs_.size(), pending_.size(), outbox_.size(),
                     waiting_for_mshr_ ? ", waiting for an MSHR" : "");
}

void Cache::settle() {
  if (line_accesses_.empty()) return;
  std::vector<std::uint64_t> counts;
  counts.reserve(line_accesses_.size());
  std::uint64_t total = 0;
  for (const auto& [line, n] : line_accesses_) counts.push_back(n), total += n;
  std::sort(counts.begin(), counts.end(), std::greater<>());
  distinct_lines_.add(counts.size());
  const std::size_t top = std::max<std::size_t>(1, (counts.size() * 3 + 99) / 100);
  std::uint64_t top_sum = 0, sum = 0;
  std::size_t lines_60 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i < top) top_sum += counts[i];
    if (10 * sum < 6 * total) sum += counts[i], lines_60 = i + 1;
  }
  top_lines_share_.sample(double(top_sum) / double(total));
  lines_for_60pct_.sample(double(lines_60) / double(counts.size()));
  line_accesses_.clear();
}

}  // namespace axsim::arch::cache
