// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/traffic.hpp"

#include <algorithm>
#include <vector>

#include "arch/common/dram/address_map.hpp"
#include "sim/random.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch::dram {

namespace {

/// Sends the pattern's requests, at most `outstanding` in flight, and times each response.
class Generator : public sim::Ticked {
 public:
  Generator(sim::SimContext& ctx, const sim::ClockDomain& clock, Dram& dram, TrafficSpec t,
            const DdrSpec& ddr)
      : Ticked(ctx, nullptr, "traffic", "test.traffic", clock),
        dram_(dram),
        t_(std::move(t)),
        map_(ddr.org, ddr.mapping),
        rng_(t_.seed) {
    dram.attach(this);
  }
  std::uint64_t first_cycle = 0, last_cycle = 0, latency_sum = 0, done = 0;
  std::vector<std::uint64_t> latencies;

 private:
  std::uint64_t address(std::uint64_t i) {
    const std::uint64_t bytes = t_.request_bytes;
    if (t_.pattern == "random") return rng_.below(map_.capacity_bytes() / bytes) * bytes;
    if (t_.pattern == "row_conflict") {
      Location l;
      l.row = std::uint32_t(1 + (i & 1));
      return map_.address_of(l);
    }
    return i * bytes;
  }
  bool tick() override {
    const std::uint64_t cycle = clock().cycle_at(now()).n;
    while (const auto r = dram_.responses().try_recv()) {
      latency_sum += cycle - sent_at_[r->tag];
      latencies.push_back(cycle - sent_at_[r->tag]);
      ++done;
      last_cycle = cycle;
      progress();
    }
    while (issued_ < t_.requests && issued_ - done < t_.outstanding) {
      const MemRequest req{t_.request_bytes, t_.write, std::uint32_t(issued_), address(issued_)};
      if (!dram_.requests().try_send(req)) break;  // woken when the channel has room
      if (issued_ == 0) first_cycle = cycle;
      sent_at_.push_back(cycle);
      ++issued_;
    }
    return false;  // woken by responses
  }

  Dram& dram_;
  TrafficSpec t_;
  AddressMap map_;
  sim::RandomStream rng_;
  std::uint64_t issued_ = 0;
  std::vector<std::uint64_t> sent_at_;
};

std::uint64_t count_of(const sim::Component& c, const std::string& name) {
  for (const auto& a : c.actions().all())
    if (a.name == name) return a.count;
  return 0;
}

}  // namespace

TrafficResult run_traffic(const DramSpec& spec, const TrafficSpec& traffic) {
  sim::Simulation sim(nullptr, traffic.seed, 1'000'000);
  sim::Component root(sim.ctx(), nullptr, "mem", "test.root");
  const std::unique_ptr<Dram> dram = make_dram(sim, &root, spec);
  Generator gen(sim.ctx(), dram->clock(), *dram, traffic, spec.ddr);
  gen.wake();
  sim.ctx().queue.run();
  dram->settle();
  TrafficResult r;
  r.cycles = gen.last_cycle - gen.first_cycle;
  r.seconds = double(r.cycles) * double(dram->clock().period_ps()) * 1e-12;
  r.bytes = traffic.requests * traffic.request_bytes;
  r.bandwidth_gbps = r.seconds > 0 ? double(r.bytes) / r.seconds * 1e-9 : 0;
  r.peak_gbps = spec.ddr.peak_bytes_per_cycle() / (double(spec.ddr.t.tck_ps) * 1e-3);
  r.mean_latency_cycles = gen.done ? double(gen.latency_sum) / double(gen.done) : 0;
  if (!gen.latencies.empty()) {
    std::sort(gen.latencies.begin(), gen.latencies.end());
    r.median_latency_cycles = double(gen.latencies[gen.latencies.size() / 2]);
  }
  r.activates = count_of(*dram, "activate");
  r.reads = count_of(*dram, "read_burst");
  r.writes = count_of(*dram, "write_burst");
  r.refreshes = count_of(*dram, "refresh");
  r.refresh_cycles = r.refreshes * std::uint64_t(spec.ddr.t.rfc);
  r.standby_rank_cycles =
      count_of(*dram, "active_standby_cycle") + count_of(*dram, "precharged_standby_cycle") +
      count_of(*dram, "active_powerdown_cycle") + count_of(*dram, "precharged_powerdown_cycle");
  r.end_cycle = dram->clock().cycle_at(sim.ctx().queue.now()).n;
  if (const sim::Stat* s = dram->stats().find("row_hits")) r.row_hits = std::uint64_t(s->value());
  for (const auto& a : dram->actions().all()) {
    r.energy_pj += a.energy_pj.value * double(a.count);
    if (a.name.find("standby") != std::string::npos || a.name.find("powerdown") != std::string::npos)
      r.background_pj += a.energy_pj.value * double(a.count);
  }
  r.pj_per_bit = r.bytes ? r.energy_pj / (8.0 * double(r.bytes)) : 0;
  r.events = sim.events_processed();
  return r;
}

}  // namespace axsim::arch::dram
