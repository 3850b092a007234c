// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/ddr_dram.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::arch::dram {

DdrDram::DdrDram(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                 const DramSpec& spec)
    : Dram(ctx, parent, "common.dram", clock, spec.queue_depth, 1),
      spec_(spec.ddr),
      map_(spec.ddr.org, spec.ddr.mapping),
      channels_(std::size_t(spec.ddr.org.channels), ChannelScheduler(spec.ddr)),
      max_transfers_(spec.queue_depth),
      bytes_read_(stats().counter("bytes_read", "bytes", "bytes read from DRAM")),
      bytes_written_(stats().counter("bytes_written", "bytes", "bytes written to DRAM")),
      row_hits_(stats().counter("row_hits", "bursts", "column commands to an already open row")),
      row_misses_(stats().counter("row_misses", "bursts",
                                  "first column command after an activate")),
      row_conflicts_(stats().counter("row_conflicts", "precharges",
                                     "precharges that closed a row another request needed")),
      refreshes_(stats().counter("refreshes", "commands", "all-bank refreshes, all ranks")),
      data_bus_cycles_(stats().counter("data_bus_cycles", "cycles",
                                       "DRAM cycles a data bus carried a burst, all channels")),
      latency_(stats().histogram("request_latency_cycles", "cycles",
                                 "from acceptance to response per request (32-cycle buckets)",
                                 32, 64)) {
  AXSIM_ASSERT(map_.error().empty());  // the config parser checked the mapping
  set_area_um2({0, "off-chip DRAM: no on-die area"});
  set_leakage_mw({0, "DRAM background power is counted per cycle as standby actions"});
  declare_energy();
}

// DRAMPower's command energies (Chandrasekar et al., DSD 2011 / DRAMPower tool) per rank, from
// each supply's datasheet currents: mA x V x ns = pJ.
void DdrDram::declare_energy() {
  const auto& t = spec_.t;
  const double tck_ns = double(t.tck_ps) / 1000.0, devices = spec_.org.devices_per_rank;
  double act = 0, rd = 0, wr = 0, ref = 0, act_bg = 0, pre_bg = 0, act_pd = 0, pre_pd = 0;
  for (const DdrSupply& s : spec_.supplies) {
    const double k = s.volts * tck_ns * devices;
    act += k * (s.idd0_ma * t.rc - s.idd3n_ma * t.ras - s.idd2n_ma * (t.rc - t.ras));
    rd += k * (s.idd4r_ma - s.idd3n_ma) * spec_.burst_cycles();
    wr += k * (s.idd4w_ma - s.idd3n_ma) * spec_.burst_cycles();
    ref += k * (s.idd5b_ma - s.idd2n_ma) * t.rfc;
    act_bg += k * s.idd3n_ma;
    pre_bg += k * s.idd2n_ma;
    act_pd += k * s.idd3p_ma;
    pre_pd += k * s.idd2p_ma;
  }
  const std::string src = " of " + spec_.part + " x" + std::to_string(spec_.org.devices_per_rank) +
                          " (DRAMPower method; currents: " + spec_.source + ")";
  act_ = actions().declare("activate", {act, "(IDD0·tRC − IDD3N·tRAS − IDD2N·(tRC−tRAS))·VDD" + src});
  read_ = actions().declare("read_burst", {rd, "(IDD4R − IDD3N)·VDD·tBurst" + src});
  write_ = actions().declare("write_burst", {wr, "(IDD4W − IDD3N)·VDD·tBurst" + src});
  refresh_ = actions().declare("refresh", {ref, "(IDD5B − IDD2N)·VDD·tRFC" + src});
  active_bg_ = actions().declare("active_standby_cycle", {act_bg, "IDD3N·VDD·tCK per rank" + src});
  precharged_bg_ =
      actions().declare("precharged_standby_cycle", {pre_bg, "IDD2N·VDD·tCK per rank" + src});
  active_pd_ =
      actions().declare("active_powerdown_cycle", {act_pd, "IDD3P·VDD·tCK per rank" + src});
  precharged_pd_ =
      actions().declare("precharged_powerdown_cycle", {pre_pd, "IDD2P·VDD·tCK per rank" + src});
}

bool DdrDram::has_work() const {
  return !transfers_.empty() || !responses_due_.empty() || requests_.has_work();
}

void DdrDram::accept() {
  const std::uint64_t burst = spec_.org.burst_bytes();
  while (transfers_.size() < max_transfers_) {
    const auto req = requests_.try_recv();
    if (!req) break;
    Transfer t;
    t.req = *req;
    t.first_burst = req->address / burst;
    t.bursts = (req->address + std::max<std::uint64_t>(req->bytes, 1) - 1) / burst - t.first_burst + 1;
    t.id = next_id_++;
    t.accepted = Cycle(clock().cycle_at(now()).n);
    (req->write ? bytes_written_ : bytes_read_).add(req->bytes);
    transfers_.push_back(t);
  }
}

// Bursts enter their channel's queue in request order; a full queue stops the split there.
void DdrDram::split_bursts() {
  const std::uint64_t burst = spec_.org.burst_bytes();
  for (Transfer& t : transfers_) {
    while (t.split < t.bursts) {
      const Location loc = map_.locate((t.first_burst + t.split) * burst);
      ChannelScheduler& ch = channels_[std::size_t(loc.channel)];
      if (ch.full()) return;
      ch.push({loc, t.req.write, t.id});
      ++t.split;
    }
  }
}

std::size_t DdrDram::find(std::uint32_t id) const {
  for (std::size_t i = 0; i < transfers_.size(); ++i)
    if (transfers_[i].id == id) return i;
  AXSIM_ASSERT(false);
  return 0;
}

void DdrDram::on_burst(const Burst& b, Cycle data_end) {
  const std::size_t index = find(b.request);
  Transfer* t = &transfers_[index];
  ++t->done;
  t->data_end = std::max(t->data_end, data_end);
  if (t->done < t->bursts) return;
  const Response r{t->data_end + spec_.interface_latency_cycles, {t->req.tag, t->req.write}};
  latency_.sample(double(r.at - t->accepted));
  auto pos = std::upper_bound(responses_due_.begin(), responses_due_.end(), r,
                              [](const Response& a, const Response& b2) { return a.at < b2.at; });
  responses_due_.insert(pos, r);
  transfers_.erase(transfers_.begin() + std::ptrdiff_t(index));
}

void DdrDram::flush_counts() {
  for (ChannelScheduler& ch : channels_) {
    const ChannelCounts& c = ch.counts();
    actions().add(act_, c.activates);
    actions().add(read_, c.reads);
    actions().add(write_, c.writes);
    actions().add(refresh_, c.refreshes);
    actions().add(active_bg_, c.active_rank_cycles);
    actions().add(precharged_bg_, c.precharged_rank_cycles);
    actions().add(active_pd_, c.active_powerdown_rank_cycles);
    actions().add(precharged_pd_, c.precharged_powerdown_rank_cycles);
    row_hits_.add(c.row_hits);
    row_misses_.add(c.row_misses);
    row_conflicts_.add(c.row_conflicts);
    refreshes_.add(c.refreshes);
    data_bus_cycles_.add(c.data_bus_cycles);
    ch.reset_counts();
  }
}

bool DdrDram::tick() {
  const Cycle now_c = Cycle(clock().cycle_at(now()).n);
  while (!responses_due_.empty() && responses_due_.front().at <= now_c) {
    if (!responses_.try_send(responses_due_.front().resp)) break;  // woken when it has room
    responses_due_.pop_front();
    progress();
  }
  accept();
  for (ChannelScheduler& ch : channels_)
    if (ch.empty()) ch.catch_up(now_c);
  split_bursts();
  Cycle next = kNever;
  const auto on_burst_fn = [this](const Burst& b, Cycle end) { on_burst(b, end); };
  bool freed = false;
  for (ChannelScheduler& ch : channels_) {
    const std::size_t before = ch.queued();
    next = std::min(next, ch.step(now_c, on_burst_fn));
    freed |= ch.queued() != before;
  }
  if (freed) progress();
  flush_counts();
  // A freed queue slot lets waiting bursts in next cycle; a due response goes at its cycle.
  if (freed) next = std::min(next, now_c + 1);
  if (!responses_due_.empty()) next = std::min(next, std::max(responses_due_.front().at, now_c + 1));
  if (next < kNever) wake_at(clock().to_ticks({std::uint64_t(next)}));
  return false;
}

void DdrDram::settle() {
  const Cycle now_c = Cycle(clock().cycle_at(now()).n);
  for (ChannelScheduler& ch : channels_)
    if (ch.empty()) ch.catch_up(now_c);
  flush_counts();
}

std::string DdrDram::state() const {
  std::string queued;
  for (const ChannelScheduler& ch : channels_) queued += std::to_string(ch.queued()) + " ";
  return std::to_string(transfers_.size()) + " transfers in progress, bursts queued per channel: " +
         queued + ", " + std::to_string(responses_due_.size()) + " responses due, " +
         requests_.state() + " waiting";
}

}  // namespace axsim::arch::dram
