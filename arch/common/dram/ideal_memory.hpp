// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <optional>

#include "arch/common/dram/dram.hpp"

namespace axsim::arch {

/// An ideal memory (model "ideal"), not a DRAM: requests are served in order, each busy for
/// ceil(bytes / bytes_per_cycle) cycles and answered `latency_cycles` later. No banks, rows,
/// refresh or energy. Unit tests use it for hand-traced timing; users to isolate compute.
class IdealMemory : public Dram {
 public:
  IdealMemory(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
              const DramSpec& spec);
  std::uint64_t bandwidth_delay_bytes() const override {
    return std::uint64_t(double(spec_.latency_cycles) * spec_.bytes_per_cycle);
  }
  bool has_work() const override { return in_service_.has_value() || requests_.has_work(); }
  std::string state() const override;

 private:
  bool tick() override;
  void start(const MemRequest& req);

  IdealMemorySpec spec_;
  std::optional<MemRequest> in_service_;
  sim::Tick done_at_ = 0;
  sim::Counter& bytes_read_;
  sim::Counter& bytes_written_;
  sim::Counter& busy_cycles_;
};

}  // namespace axsim::arch
