// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "arch/common/cache/cache_spec.hpp"
#include "arch/common/cache/replacement.hpp"
#include "arch/common/cache/tag_array.hpp"
#include "arch/common/dram/mem_request.hpp"
#include "arch/common/sram_port.hpp"
#include "sim/channel.hpp"

namespace axsim::arch::cache {

/// One cache level on the engine ("common.cache"): set-associative, write-back and
/// write-allocate, with MSHRs that merge requests to a missing line, a replacement policy
/// chosen by name, and optionally each way's data subarray at its own distance from the port
/// (the L1's wire model). Requesters send MemRequests of at most one line on their port's
/// request channel and get a MemResponse (their tag) on its response channel: a hit's
/// response is visible hit_cycles after its send, a miss's one cycle after the fill. The cache
/// takes up to `ports` requests a cycle over its ports, and each port's channels carry `ports`
/// items a cycle each way. A write of a whole line (an upper level's write-back) that misses is
/// placed without a fetch. Misses and write-backs go to the level below (another cache's port or
/// the DRAM).
class Cache : public sim::Ticked {
 public:
  Cache(sim::SimContext& ctx, sim::Component* parent, const std::string& name,
        const sim::ClockDomain& clock, const CacheSpec& spec, std::uint32_t upstream_ports);
  sim::Channel<MemRequest>& requests(std::uint32_t port) { return *ports_[port].requests; }
  sim::Channel<MemResponse>& responses(std::uint32_t port) { return *ports_[port].responses; }
  /// Connects port `port` to the component that sends its requests and takes its responses.
  void connect_upstream(std::uint32_t port, sim::Ticked* client);
  /// Where misses and write-backs go: a lower cache's port, or a DRAM (already connected to
  /// this cache as its client).
  void connect_downstream(sim::Channel<MemRequest>& requests,
                          sim::Channel<MemResponse>& responses) {
    down_requests_ = &requests, down_responses_ = &responses;
  }
  const CacheSpec& spec() const { return spec_; }
  /// The distance from the port to way `way`'s subarray (0 without the wire model).
  double way_distance_mm(std::uint32_t way) const { return way_mm_[way]; }
  bool has_work() const override;
  std::string state() const override;
  /// Computes the phase's hot-line statistics from the lines accessed and forgets them.
  void settle() override;

 protected:
  bool tick() override;

 private:
  struct Port {
    std::unique_ptr<sim::Channel<MemRequest>> requests;
    std::unique_ptr<sim::Channel<MemResponse>> responses;
    std::deque<MemResponse> ready;  ///< due, waiting for room in the response channel
  };
  struct Target {
    std::uint32_t port = 0;
    MemRequest req;
  };
  struct Mshr {
    bool busy = false;
    std::uint64_t line = 0;
    std::vector<Target> targets;
  };
  struct Pending {  ///< a response to send at `cycle` (ordered by cycle, then seq)
    std::uint64_t cycle, seq;
    std::uint32_t port;
    MemResponse resp;
    bool operator>(const Pending& o) const {
      return cycle != o.cycle ? cycle > o.cycle : seq > o.seq;
    }
  };

  void take_fills(std::uint64_t cycle);
  void fill(Mshr& m, std::uint64_t cycle);
  void deliver(std::uint64_t cycle);
  bool accept(std::uint64_t cycle);
  /// Handles one request; false (nothing changed) when it must wait for an MSHR.
  bool try_access(std::uint32_t port, const MemRequest& req, std::uint64_t cycle);
  void hit(std::uint32_t port, const MemRequest& req, std::uint32_t set, std::uint32_t way,
           std::uint64_t cycle);
  bool miss(std::uint32_t port, const MemRequest& req, std::uint64_t line, std::uint64_t cycle);
  /// Places `line` in `set` (evicting, and writing back a dirty victim); returns its way.
  std::uint32_t place(std::uint64_t line, std::uint32_t set, bool dirty);
  void swap(std::uint32_t set, std::uint32_t way, std::uint64_t cycle);
  void respond(std::uint32_t port, const MemRequest& req, std::uint64_t cycle);
  void send_down(const MemRequest& req);
  void flush_down();
  void wire_bits(std::uint32_t way, std::uint64_t bits);
  std::uint64_t data_words(std::uint64_t bytes) const;
  void declare_costs();

  CacheSpec spec_;
  bool parallel_;  ///< every way's data read with the tags (lookup "parallel")
  enum class Prediction { kNone, kMru, kWay0 } prediction_;
  std::vector<std::uint8_t> mru_;  ///< per set, its most recently used way (kMru)
  /// The way whose data a predicted read of `set` reads with the tags; -1 without prediction.
  int predicted_way(std::uint32_t set) const;
  TagArray tags_;
  std::unique_ptr<ReplacementPolicy> policy_;
  std::vector<Port> ports_;
  std::vector<Mshr> mshrs_;
  sim::Channel<MemRequest>* down_requests_ = nullptr;
  sim::Channel<MemResponse>* down_responses_ = nullptr;
  std::deque<MemRequest> outbox_;  ///< downstream requests waiting for channel room
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending_;
  std::uint64_t seq_ = 0;
  std::uint64_t blocked_until_ = 0;  ///< a swap holds the ports until this cycle
  std::uint32_t next_port_ = 0;      ///< round-robin start
  bool waiting_for_mshr_ = false;
  std::uint64_t mshr_wait_since_ = 0;
  std::unordered_map<std::uint64_t, std::uint64_t> line_accesses_;  ///< this phase's
  std::vector<double> way_mm_;
  std::unique_ptr<SramPort> data_, tag_;
  std::vector<sim::ActionCounts::Id> wire_;  ///< per way: one bit moved to or from it

  sim::Counter &read_hits_, &read_misses_, &write_hits_, &write_misses_, &mshr_merges_,
      &mshr_full_cycles_, &fills_, &writebacks_, &swaps_, &swap_blocked_cycles_;
  sim::Histogram& hits_by_way_;
  sim::Counter &predicted_right_, &predicted_wrong_;
  sim::Counter& distinct_lines_;
  sim::Average &top_lines_share_, &lines_for_60pct_;
};

}  // namespace axsim::arch::cache
