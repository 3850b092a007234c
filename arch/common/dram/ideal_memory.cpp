// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/ideal_memory.hpp"

#include <algorithm>
#include <cmath>

namespace axsim::arch {

IdealMemory::IdealMemory(sim::SimContext& ctx, sim::Component* parent,
                         const sim::ClockDomain& clock, const DramSpec& spec)
    : Dram(ctx, parent, "common.ideal_memory", clock, spec.queue_depth, spec.ideal.latency_cycles),
      spec_(spec.ideal),
      bytes_read_(stats().counter("bytes_read", "bytes", "bytes read from memory")),
      bytes_written_(stats().counter("bytes_written", "bytes", "bytes written to memory")),
      busy_cycles_(stats().counter("busy_cycles", "cycles", "cycles spent transferring")) {
  set_area_um2({0, "ideal off-chip memory: no on-die area"});
  set_leakage_mw({0, "ideal memory: no energy model"});
}

void IdealMemory::start(const MemRequest& req) {
  const auto cycles = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(double(req.bytes) / spec_.bytes_per_cycle)));
  (req.write ? bytes_written_ : bytes_read_).add(req.bytes);
  busy_cycles_.add(cycles);
  in_service_ = req;
  done_at_ = now() + clock().to_ticks({cycles});
  progress();
}

bool IdealMemory::tick() {
  if (in_service_ && now() >= done_at_) {
    if (!responses_.try_send({in_service_->tag, in_service_->write})) return false;
    in_service_.reset();
  }
  if (!in_service_) {
    if (auto req = requests_.try_recv()) start(*req);
  }
  if (in_service_) wake_at(done_at_);
  return false;
}

std::string IdealMemory::state() const {
  return in_service_ ? "serving tag " + std::to_string(in_service_->tag) + " until tick " +
                           std::to_string(done_at_) + ", " + requests_.state() + " waiting"
                     : "idle, " + requests_.state() + " waiting";
}

}  // namespace axsim::arch
