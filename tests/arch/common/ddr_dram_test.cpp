// SPDX-License-Identifier: Apache-2.0
// The cycle-level DRAM against what its timing parameters imply: sustained bandwidth, the idle
// and conflict latencies, the refresh share, FR-FCFS order, tRRD / tFAW, energy by the DRAMPower
// formulas, and determinism.
#include <gtest/gtest.h>

#include <vector>

#include "arch/common/dram/channel_scheduler.hpp"
#include "arch/common/dram/traffic.hpp"

namespace axsim::arch::dram::ddr_dram_test {
namespace {

DramSpec preset(const std::string& name) {
  DramSpec s;
  s.model = name;
  s.queue_depth = 64;
  s.ddr = *find_ddr_preset(name);
  return s;
}

// Cycles a response spends in the request and response channels (one each).
constexpr double kChannelCycles = 2;

class EveryPreset : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryPreset, LongSequentialReadsSustainPeakLessRefresh) {
  const DramSpec s = preset(GetParam());
  const TrafficResult r = run_traffic(s, {"sequential", 40000, 64, false, 64, 1});
  const double refresh_share = double(s.ddr.t.rfc) / s.ddr.t.refi;
  const double expected = r.peak_gbps * (1 - refresh_share);
  EXPECT_NEAR(r.bandwidth_gbps / expected, 1.0, 0.03)
      << r.bandwidth_gbps << " GB/s of " << r.peak_gbps;
  EXPECT_GT(r.row_hits, r.reads * 9 / 10);  // a row is opened once and read out
}

TEST_P(EveryPreset, RefreshTakesItsShareOfTime) {
  const DramSpec s = preset(GetParam());
  const TrafficResult r = run_traffic(s, {"sequential", 40000, 64, false, 64, 1});
  const double share = double(r.refresh_cycles) / double(r.cycles);
  EXPECT_NEAR(share, double(s.ddr.t.rfc) / s.ddr.t.refi, 0.01);
}

TEST_P(EveryPreset, AnIdleReadToAClosedBankCostsTrcdPlusClPlusTheBurst) {
  DramSpec s = preset(GetParam());
  s.ddr.open_page = false;
  const TrafficResult r = run_traffic(s, {"random", 200, 64, false, 1, 3});
  const auto& t = s.ddr.t;
  const int bursts = int((64 + s.ddr.org.burst_bytes() - 1) / s.ddr.org.burst_bytes());
  const double expected = t.rcd + t.cl + s.ddr.burst_cycles() * bursts +
                          s.ddr.interface_latency_cycles + kChannelCycles;
  // Refreshes delay some of the 200 reads; the median read costs exactly the expectation.
  EXPECT_EQ(r.median_latency_cycles, expected);
}

TEST_P(EveryPreset, ARowConflictAddsThePrecharge) {
  DramSpec s = preset(GetParam());
  const TrafficResult r = run_traffic(s, {"row_conflict", 200, 32, false, 1, 1});
  const auto& t = s.ddr.t;
  const double expected = t.rp + t.rcd + t.cl + s.ddr.burst_cycles() +
                          s.ddr.interface_latency_cycles + kChannelCycles;
  EXPECT_EQ(r.median_latency_cycles, expected);
  EXPECT_GE(r.activates, 199u);
}

TEST_P(EveryPreset, StreamingEnergyFollowsTheDramPowerFormulas) {
  const DramSpec s = preset(GetParam());
  const TrafficResult r = run_traffic(s, {"sequential", 20000, 64, false, 64, 1});
  // The read current above active standby per burst, one ACT-PRE pair per activate, the
  // refresh current above precharged standby over tRFC; background is the rest.
  const auto& t = s.ddr.t;
  double read_pj = 0, act_pj = 0, ref_pj = 0;
  for (const DdrSupply& v : s.ddr.supplies) {
    const double k = v.volts * double(t.tck_ps) * 1e-3 * s.ddr.org.devices_per_rank;
    read_pj += k * (v.idd4r_ma - v.idd3n_ma) * s.ddr.burst_cycles();
    act_pj += k * (v.idd0_ma * t.rc - v.idd3n_ma * t.ras - v.idd2n_ma * (t.rc - t.ras));
    ref_pj += k * (v.idd5b_ma - v.idd2n_ma) * t.rfc;
  }
  const double commands = read_pj * double(r.reads) + act_pj * double(r.activates) +
                          ref_pj * double(r.refreshes);
  EXPECT_NEAR(r.energy_pj - r.background_pj, commands, 1e-9 * commands);
  EXPECT_GT(r.background_pj, 0.0);
  EXPECT_GT(r.refreshes, 0u);
  // Every cycle of every rank is in one standby state or the other.
  EXPECT_EQ(r.standby_rank_cycles,
            r.end_cycle * std::uint64_t(s.ddr.org.ranks * s.ddr.org.channels));
}

INSTANTIATE_TEST_SUITE_P(Presets, EveryPreset,
                         ::testing::Values("ddr3_1600", "ddr4_2400", "lpddr4_3200"));

TEST(DdrEnergy, Ddr3StreamingAndRandomReadsPerBit) {
  // Core energy of the 4Gb x8 part by hand (Micron IDD at 1.5 V, 8 devices): a read burst is
  // (157 - 38) mA x 1.5 V x 5 ns x 8 = 7.14 nJ per 512 bits = 13.9 pJ/bit; an activate
  // (55 x 39 - 38 x 28 - 32 x 11) mA.cycles x 1.25 ns x 1.5 V x 8 = 10.9 nJ.
  const TrafficResult seq = run_traffic(preset("ddr3_1600"), {"sequential", 20000, 64, false, 64, 1});
  const double seq_commands = (7140.0 * double(seq.reads) + 10935.0 * double(seq.activates)) /
                              (8.0 * double(seq.bytes));
  EXPECT_NEAR(seq_commands, 13.95 + 10935.0 / (8.0 * 8192), 0.2);
  DramSpec closed = preset("ddr3_1600");
  closed.ddr.open_page = false;
  const TrafficResult rnd = run_traffic(closed, {"random", 2000, 64, false, 16, 5});
  // Every random read opens its row (a refresh can close one before it is read: a few more).
  EXPECT_NEAR(double(rnd.activates), double(rnd.reads), 0.01 * double(rnd.reads));
  EXPECT_GT(rnd.pj_per_bit, seq.pj_per_bit * 1.8);
}

TEST(DdrOrganization, TwoChannelsOfTwoRanksDoubleTheBandwidth) {
  DramSpec s = preset("ddr4_2400");
  s.ddr.org.channels = 2;
  s.ddr.org.ranks = 2;
  const TrafficResult r = run_traffic(s, {"sequential", 40000, 64, false, 64, 1});
  const double share = double(s.ddr.t.rfc) / s.ddr.t.refi;
  EXPECT_NEAR(r.peak_gbps, 2 * 19.2, 0.1);
  EXPECT_NEAR(r.bandwidth_gbps / (r.peak_gbps * (1 - share)), 1.0, 0.03);
  EXPECT_EQ(r.standby_rank_cycles, r.end_cycle * 4);
}

TEST(DdrDeterminism, SameSeedSameResult) {
  const TrafficSpec t{"random", 3000, 128, false, 32, 9};
  const TrafficResult a = run_traffic(preset("ddr4_2400"), t);
  const TrafficResult b = run_traffic(preset("ddr4_2400"), t);
  EXPECT_EQ(a.cycles, b.cycles);
  EXPECT_EQ(a.energy_pj, b.energy_pj);
  EXPECT_EQ(a.activates, b.activates);
}

// ---- the scheduler alone ----

struct Scheduled {
  std::vector<std::uint32_t> order;  ///< bursts by request id, in data order
  std::vector<Cycle> ends;
};

Scheduled drain(ChannelScheduler& ch, Cycle until) {
  Scheduled out;
  const ChannelScheduler::OnBurst on = [&](const Burst& b, Cycle end) {
    out.order.push_back(b.request);
    out.ends.push_back(end);
  };
  for (Cycle c = 0; c < until && !ch.empty(); ++c) ch.step(c, on);
  return out;
}

TEST(ChannelScheduler, ActivatesAreSpacedByTrrdAndFourPerTfaw) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");  // tRRD 5, tFAW 24, 8 banks
  ChannelScheduler ch(s);
  for (int b = 0; b < 8; ++b) {
    Location l;
    l.bank = b;
    ch.push({l, false, std::uint32_t(b)});
  }
  const Scheduled got = drain(ch, 1000);
  const std::vector<Cycle> acts = {0, 5, 10, 15, 24, 29, 34, 39};
  ASSERT_EQ(got.ends.size(), acts.size());
  for (std::size_t i = 0; i < acts.size(); ++i)
    EXPECT_EQ(got.ends[i], acts[i] + s.t.rcd + s.t.cl + s.burst_cycles()) << i;
  EXPECT_EQ(ch.counts().activates, 8u);
}

TEST(ChannelScheduler, RowHitsGoBeforeAnOlderConflict) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");
  ChannelScheduler ch(s);
  Location row0, row1;
  row1.row = 1;
  ch.push({row0, false, 0});
  drain(ch, 100);  // row 0 open, bank idle
  ch.push({row1, false, 1});
  ch.push({row0, false, 2});
  Location hit = row0;
  hit.column = 1;
  ch.push({hit, false, 3});
  Scheduled got;
  const ChannelScheduler::OnBurst on = [&](const Burst& b, Cycle end) {
    got.order.push_back(b.request);
    got.ends.push_back(end);
  };
  for (Cycle c = 100; c < 400 && !ch.empty(); ++c) ch.step(c, on);
  EXPECT_EQ(got.order, (std::vector<std::uint32_t>{2, 3, 1}));
  EXPECT_EQ(ch.counts().row_conflicts, 1u);
}

TEST(ChannelScheduler, TheHitCapLetsAWaitingConflictThrough) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");
  s.row_hit_cap = 2;
  ChannelScheduler ch(s);
  Location row0, row1;
  row1.row = 1;
  ch.push({row0, false, 0});
  ch.push({row1, false, 1});
  for (std::uint32_t i = 0; i < 4; ++i) {
    Location l = row0;
    l.column = i + 1;
    ch.push({l, false, 2 + i});
  }
  const Scheduled got = drain(ch, 1000);
  // Two row-0 bursts, then the conflict, then the rest of row 0 reopened.
  EXPECT_EQ(got.order, (std::vector<std::uint32_t>{0, 2, 1, 3, 4, 5}));
}

TEST(ChannelScheduler, ReadAfterWriteWaitsTwtr) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");
  ChannelScheduler ch(s);
  Location a, b;
  b.column = 1;
  ch.push({a, true, 0});
  ch.push({b, false, 1});
  const Scheduled got = drain(ch, 1000);
  ASSERT_EQ(got.ends.size(), 2u);
  const Cycle write_end = got.ends[0];  // ACT 0, WR at tRCD, data CWL + burst later
  EXPECT_EQ(write_end, s.t.rcd + s.t.cwl + s.burst_cycles());
  EXPECT_EQ(got.ends[1], write_end + s.t.wtr_l + s.t.cl + s.burst_cycles());
}

TEST(ChannelScheduler, ClosedPageClosesARowNobodyElseWants) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");
  s.open_page = false;
  ChannelScheduler ch(s);
  Location a, b;
  b.column = 1;
  ch.push({a, false, 0});
  ch.push({b, false, 1});  // hits the same row: kept open for it
  drain(ch, 1000);
  EXPECT_EQ(ch.counts().activates, 1u);
  EXPECT_EQ(ch.counts().precharges, 1u);
  EXPECT_EQ(ch.counts().row_hits, 1u);
}

TEST(ChannelScheduler, AnIdleChannelPowersDownAndPaysTxpToWake) {
  const DdrSpec s = *find_ddr_preset("ddr3_1600");  // power-down after 64 idle cycles, tXP 5
  ChannelScheduler ch(s);
  Location a;
  ch.push({a, false, 0});
  const Scheduled first = drain(ch, 100);
  ASSERT_EQ(first.ends, (std::vector<Cycle>{s.t.rcd + s.t.cl + s.burst_cycles()}));
  ch.catch_up(1000);  // idle from the end of the burst; the row stays open (open page)
  const Cycle down = first.ends[0] + s.powerdown_idle_cycles;
  EXPECT_EQ(ch.counts().active_powerdown_rank_cycles, std::uint64_t(1000 - down));
  EXPECT_EQ(ch.counts().precharged_powerdown_rank_cycles, 0u);
  Location hit = a;
  hit.column = 1;
  ch.push({hit, false, 1});
  Scheduled second;
  const ChannelScheduler::OnBurst on = [&](const Burst&, Cycle end) { second.ends.push_back(end); };
  for (Cycle c = 1000; c < 1100 && !ch.empty(); ++c) ch.step(c, on);
  EXPECT_EQ(second.ends, (std::vector<Cycle>{1000 + s.t.xp + s.t.cl + s.burst_cycles()}));
}

TEST(ChannelScheduler, WithoutPowerDownAnIdleRankStaysInStandby) {
  DdrSpec s = *find_ddr_preset("ddr3_1600");
  s.powerdown_idle_cycles = 0;
  ChannelScheduler ch(s);
  ch.catch_up(5000);
  EXPECT_EQ(ch.counts().precharged_rank_cycles, 5000u);
  EXPECT_EQ(ch.counts().precharged_powerdown_rank_cycles, 0u);
  ch.catch_up(20000);  // two refreshes due (tREFI 6240), each done at once
  EXPECT_EQ(ch.counts().refreshes, 3u);
  EXPECT_EQ(ch.counts().precharged_rank_cycles, 20000u);
}

}  // namespace
}  // namespace axsim::arch::dram::ddr_dram_test
