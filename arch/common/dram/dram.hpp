// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "arch/common/dram/ddr_spec.hpp"
#include "arch/common/dram/mem_request.hpp"
#include "sim/channel.hpp"

namespace axsim::sim {
class Simulation;
}

namespace axsim::arch {

/// The ideal memory's two numbers (model "ideal"): not a DRAM, a bandwidth-and-latency pipe.
struct IdealMemorySpec {
  double bytes_per_cycle = 16;         ///< in its clock
  std::uint64_t latency_cycles = 100;  ///< from the end of a transfer to its response
};

/// A unit's off-chip memory: `model` is a DDR preset (a cycle-level DRAM, dram::DdrDram) or
/// "ideal" (IdealMemory, for tests and for isolating compute from memory).
struct DramSpec {
  std::string model = "ddr3_1600";
  std::string clock;           ///< "ideal" only: its clock domain (a DRAM runs at its tCK)
  std::size_t queue_depth = 8;  ///< requests the request and response channels hold
  IdealMemorySpec ideal;
  dram::DdrSpec ddr;            ///< the preset with the config's overrides
  bool is_ideal() const { return model == "ideal"; }
};

/// What a unit's controllers see of the memory: a request channel and a response channel.
class Dram : public sim::Ticked {
 public:
  Dram(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
       const sim::ClockDomain& clock, std::size_t queue_depth, std::uint64_t response_latency);
  sim::Channel<MemRequest>& requests() { return requests_; }
  sim::Channel<MemResponse>& responses() { return responses_; }
  /// Connects both channels to the one client that sends requests and takes responses.
  void attach(sim::Ticked* client) {
    requests_.connect(client, this);
    responses_.connect(this, client);
  }
  /// Peak bandwidth times the latency of an idle read: the bytes a streaming client keeps in
  /// flight to hide the latency.
  virtual std::uint64_t bandwidth_delay_bytes() const = 0;

 protected:
  sim::Channel<MemRequest> requests_;
  sim::Channel<MemResponse> responses_;
};

/// Builds the memory `spec` names as a child "dram" of `parent` (a DRAM adds its own clock).
std::unique_ptr<Dram> make_dram(sim::Simulation& sim, sim::Component* parent, const DramSpec& spec);

}  // namespace axsim::arch
