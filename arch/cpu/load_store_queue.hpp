// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "arch/cpu/uop.hpp"
#include "sim/channel.hpp"
#include "sim/component.hpp"

namespace axsim::arch::cpu {

struct LsqSpec {
  std::uint32_t load_entries = 64;
  std::uint32_t store_entries = 32;
  std::uint32_t mem_ports = 1;        ///< L1-D requests sent a cycle
  std::uint32_t forward_cycles = 2;   ///< a load served by an older store
  std::uint32_t wait_entries = 1024;  ///< memory-dependence wait table (by load pc)
  std::uint32_t wait_clear_cycles = 16384;
  /// An address-searched load queue (out-of-order cores). An in-order core issues loads after
  /// every older store, so it has no order to check: its loads only search the store buffer.
  bool load_queue = true;
};

/// The load and store queues ("cpu.lsq"), in program order, between a core and the L1-D.
/// A load issues once its address is known: each of its line accesses takes the data of the
/// youngest older store that overlaps it, once that store's data is ready: all of it when the
/// store covers the access (store-to-load forwarding), else the store's bytes merged with the
/// L1-D's; an access no older store overlaps goes to the L1-D. An older
/// store whose address is not known yet is passed speculatively, unless the load's pc is marked in
/// the wait table (a memory-dependence predictor after the Alpha 21264's), then the load waits.
/// When a store's address becomes known, a younger load that already read an older value is a
/// memory-order violation: the core squashes from it, and its pc is marked. Stores write the L1-D
/// after they commit, in order; their entries free when the L1-D acknowledges.
class LoadStoreQueue : public sim::Component {
 public:
  LoadStoreQueue(sim::SimContext& ctx, sim::Component* parent, const LsqSpec& spec);
  void connect(sim::Channel<MemRequest>& req, sim::Channel<MemResponse>& resp);
  void reset();
  bool has_room(const Uop& u) const;
  /// Enters `u` (at dispatch, in program order; `u` stays put until it commits or is squashed).
  void allocate(Uop& u);
  struct LoadIssue {
    bool issued = false;
    std::uint32_t sent = 0;  ///< L1-D requests (0: every access forwarded)
  };
  /// Issues `u`'s load accesses, or says it must wait.
  LoadIssue issue_load(Uop& u, std::uint64_t cycle);
  /// `u`'s store address is known: the seq of the oldest younger load that read too early, or
  /// kNoSeq.
  std::uint64_t issue_store(const Uop& u);
  /// Takes the L1-D's responses: the loads whose last access was answered.
  void take_responses(std::vector<std::uint64_t>& finished_loads);
  void commit(const Uop& u);
  void squash(std::uint64_t from_seq);  ///< drops `from_seq` and younger (none committed)
  void send(std::uint64_t cycle);
  bool has_unsent() const { return !out_.empty(); }
  bool drained() const { return loads_.empty() && stores_.empty() && out_.empty(); }
  std::string state() const;

 private:
  struct LoadEntry {
    Uop* u = nullptr;
    std::uint32_t tag = 0;                  ///< of its requests in flight (0: none)
    std::uint64_t forwarded_from = kNoSeq;  ///< youngest store it read from
  };
  struct StoreEntry {
    std::uint64_t seq = 0;
    Uop* u = nullptr;  ///< until it commits
    std::vector<MemRequest> mem;
    std::uint32_t unacked = 0;
    bool committed = false;
  };
  bool must_wait(const Uop& load) const;
  std::uint32_t wait_index(std::uint64_t pc) const {
    return std::uint32_t((pc ^ (pc >> 12)) % spec_.wait_entries);
  }

  LsqSpec spec_;
  sim::Channel<MemRequest>* req_ = nullptr;
  sim::Channel<MemResponse>* resp_ = nullptr;
  std::deque<LoadEntry> loads_;
  std::deque<StoreEntry> stores_;
  std::deque<MemRequest> out_;
  std::vector<std::uint8_t> wait_;
  std::uint64_t next_clear_ = 0;
  std::uint32_t next_tag_ = 1;
  sim::Counter &forwarded_, &violations_, &waited_;
  sim::ActionCounts::Id lq_search_, sq_search_, lq_write_, sq_write_, sq_read_;
};

}  // namespace axsim::arch::cpu
