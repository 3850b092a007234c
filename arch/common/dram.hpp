// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>

#include "arch/common/mem_request.hpp"
#include "sim/channel.hpp"

namespace axsim::arch {

struct DramSpec {
  double bytes_per_cycle = 16;          ///< sustained bandwidth in the DRAM clock
  std::uint64_t latency_cycles = 100;   ///< from the end of a transfer to its response
  std::size_t queue_depth = 8;          ///< requests the controller may have waiting
};

/// Off-chip DRAM as a bandwidth-and-latency server: requests are served in order, each busy for
/// ceil(bytes / bytes_per_cycle) cycles, and answered `latency_cycles` later. It sleeps while
/// a transfer is in progress (woken at its end), so a long transfer costs one event.
class Dram : public sim::Ticked {
 public:
  Dram(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
       const DramSpec& spec);
  sim::Channel<MemRequest>& requests() { return requests_; }
  sim::Channel<MemResponse>& responses() { return responses_; }
  const DramSpec& spec() const { return spec_; }
  /// Connects both channels to the one client that sends requests and takes responses.
  void attach(sim::Ticked* client) {
    requests_.connect(client, this);
    responses_.connect(this, client);
  }
  bool has_work() const override { return in_service_.has_value() || requests_.has_work(); }
  std::string state() const override;

 private:
  bool tick() override;
  void start(const MemRequest& req);

  DramSpec spec_;
  sim::Channel<MemRequest> requests_;
  sim::Channel<MemResponse> responses_;
  std::optional<MemRequest> in_service_;
  sim::Tick done_at_ = 0;
  sim::Counter& bytes_read_;
  sim::Counter& bytes_written_;
  sim::Counter& busy_cycles_;
  sim::Average& queued_;
  sim::Histogram& transfer_cycles_;
  sim::ActionCounts::Id read_64b_, write_64b_;
};

}  // namespace axsim::arch
