// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <deque>
#include <vector>

#include "arch/common/dram/address_map.hpp"
#include "arch/common/dram/channel_scheduler.hpp"
#include "arch/common/dram/dram.hpp"

namespace axsim::arch::dram {

/// A cycle-level DDR memory (a preset's device on `channels` channels): each request is split
/// into bursts by the address map, queued per channel and scheduled by that channel's
/// ChannelScheduler; it is answered when its last burst's data have moved, plus the interface
/// latency. The component sleeps until the next cycle a command can issue, and an idle memory
/// sleeps until a request arrives: the refreshes and background time of an idle stretch are
/// computed when it wakes (or when the phase settles), at the cycles they would have happened.
/// Energy is DRAMPower's: per command from the datasheet IDD currents, plus background.
class DdrDram : public Dram {
 public:
  DdrDram(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
          const DramSpec& spec);
  std::uint64_t bandwidth_delay_bytes() const override {
    return std::uint64_t(spec_.peak_bytes_per_cycle() * spec_.idle_read_cycles());
  }
  bool has_work() const override;
  std::string state() const override;
  void settle() override;

 private:
  struct Transfer {
    MemRequest req;
    std::uint64_t first_burst = 0, bursts = 0, split = 0, done = 0;
    Cycle data_end = 0, accepted = 0;
    std::uint32_t id = 0;
  };
  struct Response {
    Cycle at = 0;
    MemResponse resp;
  };
  bool tick() override;
  void accept();
  void split_bursts();
  void on_burst(const Burst& b, Cycle data_end);
  std::size_t find(std::uint32_t id) const;  ///< index of the transfer with `id`
  void flush_counts();
  void declare_energy();

  DdrSpec spec_;
  AddressMap map_;
  std::vector<ChannelScheduler> channels_;
  std::deque<Transfer> transfers_;   ///< accepted, not yet answered (in arrival order)
  std::deque<Response> responses_due_;
  std::uint32_t next_id_ = 0;
  std::size_t max_transfers_;
  sim::Counter& bytes_read_;
  sim::Counter& bytes_written_;
  sim::Counter& row_hits_;
  sim::Counter& row_misses_;
  sim::Counter& row_conflicts_;
  sim::Counter& refreshes_;
  sim::Counter& data_bus_cycles_;
  sim::Histogram& latency_;
  sim::ActionCounts::Id act_, read_, write_, refresh_, active_bg_, precharged_bg_;
  sim::ActionCounts::Id active_pd_, precharged_pd_;
};

}  // namespace axsim::arch::dram
