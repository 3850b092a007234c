// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/dram.hpp"

namespace axsim::arch {

Dram::Dram(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
           const sim::ClockDomain& clock, std::size_t queue_depth, std::uint64_t response_latency)
    : Ticked(ctx, parent, "dram", type, clock),
      requests_(ctx, this, "req", clock, {queue_depth, 1, 1}),
      responses_(ctx, this, "resp", clock, {queue_depth, response_latency, 1}) {}

}  // namespace axsim::arch
