// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram.hpp"

#include <cmath>

namespace axsim::arch {

Dram::Dram(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
           const DramSpec& spec)
    : Ticked(ctx, parent, "dram", "common.dram", clock),
      spec_(spec),
      requests_(ctx, this, "req", clock, {spec.queue_depth, 1, 1}),
      responses_(ctx, this, "resp", clock, {spec.queue_depth, spec.latency_cycles, 1}),
      bytes_read_(stats().counter("bytes_read", "bytes", "bytes read from DRAM")),
      bytes_written_(stats().counter("bytes_written", "bytes", "bytes written to DRAM")),
      busy_cycles_(stats().counter("busy_cycles", "cycles", "DRAM cycles spent transferring")),
      queued_(stats().average("queued_requests", "requests",
                              "requests waiting behind each request as it starts")),
      transfer_cycles_(stats().histogram("transfer_cycles", "cycles",
                                         "transfer time per request (64-cycle buckets)", 64, 32)),
      read_64b_(declare_action("read_64b", "dram_access_64b")),
      write_64b_(declare_action("write_64b", "dram_access_64b")) {
  set_area_um2({0, "off-chip DRAM: no on-die area"});
  set_leakage_mw({0, "off-chip DRAM: background power not modeled"});
}

void Dram::start(const MemRequest& req) {
  const auto cycles = static_cast<std::uint64_t>(
      std::ceil(static_cast<double>(req.bytes) / spec_.bytes_per_cycle));
  const std::uint64_t words = (req.bytes + 7) / 8;
  actions().add(req.write ? write_64b_ : read_64b_, words);
  (req.write ? bytes_written_ : bytes_read_).add(req.bytes);
  busy_cycles_.add(std::max<std::uint64_t>(cycles, 1));
  queued_.sample(static_cast<double>(requests_.occupancy()));
  transfer_cycles_.sample(static_cast<double>(cycles));
  in_service_ = req;
  done_at_ = now() + clock().to_ticks({std::max<std::uint64_t>(cycles, 1)});
  progress();
}

bool Dram::tick() {
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

std::string Dram::state() const {
  return in_service_ ? "serving tag " + std::to_string(in_service_->tag) + " until tick " +
                           std::to_string(done_at_) + ", " + requests_.state() + " waiting"
                     : "idle, " + requests_.state() + " waiting";
}

}  // namespace axsim::arch
