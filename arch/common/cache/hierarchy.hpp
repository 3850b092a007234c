// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>

#include "arch/common/cache/cache.hpp"
#include "arch/common/dram/dram.hpp"

namespace axsim::sim {
class Simulation;
}

namespace axsim::arch::cache {

struct HierarchySpec {
  CacheSpec l1i, l1d, l2, l3;
  DramSpec dram;
};

/// A core's memory system: split L1 instruction and data caches over a unified L2 (port 0 the
/// L1-I, port 1 the L1-D), an L3, and the DRAM model, all children of `parent` on `clock`
/// (the DRAM on its own). The core connects itself to the L1s' ports.
class MemoryHierarchy {
 public:
  MemoryHierarchy(sim::Simulation& sim, sim::Component* parent, const sim::ClockDomain& clock,
                  const HierarchySpec& spec);
  Cache& l1i() { return *l1i_; }
  Cache& l1d() { return *l1d_; }
  Cache& l2() { return *l2_; }
  Cache& l3() { return *l3_; }

 private:
  std::unique_ptr<Cache> l1i_, l1d_, l2_, l3_;
  std::unique_ptr<Dram> dram_;
};

}  // namespace axsim::arch::cache
