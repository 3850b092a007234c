// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "arch/common/dram/dram.hpp"

namespace axsim::arch {

/// A component's side of its DRAM: it connects the component to the DRAM's request and response
/// channels (the component is woken by responses and by free request slots), sends requests
/// at once or through an unbounded outbox, counts the reads and writes outstanding (requested
/// and not yet answered) and routes each response, with its tag, to the owner's handler.
class DramClient {
 public:
  DramClient(sim::Ticked& owner, Dram& dram);
  /// Sends now if the request channel has room; false (nothing counted) if it is full.
  bool try_send(const MemRequest& req);
  /// Queues a request behind those already queued; flush() sends them in order.
  void enqueue(const MemRequest& req);
  /// Sends queued requests while the channel takes them; true if any was sent.
  bool flush();
  /// Calls on_response(const MemResponse&) for every response that arrived; true if any did.
  template <class F>
  bool take_responses(F&& on_response) {
    bool any = false;
    while (const auto r = dram_.responses().try_recv()) {
      --(r->write ? writes_ : reads_);
      on_response(*r);
      any = true;
    }
    return any;
  }
  std::uint64_t outstanding_reads() const { return reads_; }
  std::uint64_t outstanding_writes() const { return writes_; }
  std::size_t queued() const { return outbox_.size(); }
  /// Drops queued requests and the counts and frees the address space (a new layer; the
  /// DRAM must be idle).
  void reset();
  /// Places a tensor of `bytes` in DRAM after the last one placed since reset(), at a 1 MiB
  /// boundary, and returns its base address (tensors never share a DRAM row).
  std::uint64_t allocate(std::uint64_t bytes);
  std::uint64_t bandwidth_delay_bytes() const { return dram_.bandwidth_delay_bytes(); }
  std::string state() const;

 private:
  Dram& dram_;
  std::deque<MemRequest> outbox_;
  std::uint64_t reads_ = 0, writes_ = 0;  ///< sent or queued, not yet answered
  std::uint64_t next_free_ = 0;           ///< the first address allocate() may hand out
};

}  // namespace axsim::arch
