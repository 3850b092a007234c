// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/hierarchy.hpp"

#include "sim/simulation.hpp"

namespace axsim::arch::cache {

namespace {
void link(Cache& upper, Cache& lower, std::uint32_t port) {
  lower.connect_upstream(port, &upper);
  upper.connect_downstream(lower.requests(port), lower.responses(port));
}
}  // namespace

MemoryHierarchy::MemoryHierarchy(sim::Simulation& sim, sim::Component* parent,
                                 const sim::ClockDomain& clock, const HierarchySpec& spec) {
  sim::SimContext& ctx = sim.ctx();
  l1i_ = std::make_unique<Cache>(ctx, parent, "l1i", clock, spec.l1i, 1);
  l1d_ = std::make_unique<Cache>(ctx, parent, "l1d", clock, spec.l1d, 1);
  l2_ = std::make_unique<Cache>(ctx, parent, "l2", clock, spec.l2, 2);
  l3_ = std::make_unique<Cache>(ctx, parent, "l3", clock, spec.l3, 1);
  dram_ = make_dram(sim, parent, spec.dram);
  link(*l1i_, *l2_, 0);
  link(*l1d_, *l2_, 1);
  link(*l2_, *l3_, 0);
  dram_->attach(l3_.get());
  l3_->connect_downstream(dram_->requests(), dram_->responses());
}

}  // namespace axsim::arch::cache
