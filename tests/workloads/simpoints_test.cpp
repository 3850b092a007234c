// SPDX-License-Identifier: Apache-2.0
// SimPoint-style sampling: the basic-block vector parser, the choice of simpoints on vectors
// whose phases are known, warm-up windows, the windows file, and a sampled trace's windows
// written and read back window by window.
#include "workloads/cpu/simpoints.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sim/error.hpp"

namespace axsim::workloads::cpu::simpoints_test {
namespace {

using ::testing::HasSubstr;

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

// Twelve intervals of 100 instructions: blocks 1-2 run in intervals 0-5 and 9-11 (phase A),
// blocks 3-4 in intervals 6-8 (phase B).
std::string two_phases() {
  std::string bb;
  for (int i = 0; i < 12; ++i) bb += (i >= 6 && i < 9) ? "T:3:60 :4:40 \n" : "T:1:50 :2:50 \n";
  return bb;
}

TEST(SimPoints, TwoPhasesGiveTwoSimpointsWeightedByTheirIntervals) {
  const BbvProfile p = parse_bbv(bytes(two_phases()), "two.bb");
  ASSERT_EQ(p.intervals.size(), 12u);
  EXPECT_EQ(p.instructions[0], 100u);
  SimPointOptions o;
  o.interval = 100, o.max_k = 4, o.warmup = 30;
  const SimPoints s = choose_simpoints(p, o);
  EXPECT_EQ(s.k, 2u);
  // Equal vectors tie: each cluster's first interval is its simpoint, interval 0 for phase A
  // (no room for a warm-up before it) and interval 6 for phase B (30 instructions before it).
  ASSERT_EQ(s.windows.size(), 3u);
  EXPECT_EQ(s.windows[0].first, 0u);
  EXPECT_EQ(s.windows[0].role, "simpoint");
  EXPECT_DOUBLE_EQ(s.windows[0].weight, 0.75);
  EXPECT_EQ(s.windows[1].first, 570u);
  EXPECT_EQ(s.windows[1].count, 30u);
  EXPECT_EQ(s.windows[1].role, "warmup");
  EXPECT_EQ(s.windows[1].weight, 0);
  EXPECT_EQ(s.windows[2].first, 600u);
  EXPECT_EQ(s.windows[2].count, 100u);
  EXPECT_DOUBLE_EQ(s.windows[2].weight, 0.25);
  // Same seed, same choice; the windows file reads back.
  const SimPoints again = choose_simpoints(p, o);
  EXPECT_EQ(again.label, s.label);
  const std::string json = simpoints_json(s, o);
  const std::vector<CpuWindow> w = parse_simpoint_windows(bytes(json), "s.json");
  ASSERT_EQ(w.size(), s.windows.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    EXPECT_EQ(w[i].first, s.windows[i].first);
    EXPECT_EQ(w[i].count, s.windows[i].count);
    EXPECT_EQ(w[i].role, s.windows[i].role);
  }
}

TEST(SimPoints, OnePhaseGivesOneSimpointOfWeightOne) {
  std::string bb;
  for (int i = 0; i < 8; ++i) bb += "T:1:10 :2:90 \n";
  SimPointOptions o;
  o.interval = 100;
  const SimPoints s = choose_simpoints(parse_bbv(bytes(bb), "one.bb"), o);
  EXPECT_EQ(s.k, 1u);
  ASSERT_EQ(s.windows.size(), 1u);
  EXPECT_EQ(s.windows[0].weight, 1.0);
}

TEST(SimPoints, DamageIsRefusedNamingTheLineOrPath) {
  EXPECT_THAT(error_of([] { parse_bbv(bytes("T:1:5 \nX\n"), "a.bb"); }),
              HasSubstr("a.bb: line 2: expected a vector line"));
  EXPECT_THAT(error_of([] { parse_bbv(bytes("T:0:5 \n"), "a.bb"); }),
              HasSubstr("line 1: block id 0"));
  EXPECT_THAT(error_of([] { parse_bbv(bytes("T:1:0 \n"), "a.bb"); }), HasSubstr("a count of 0"));
  EXPECT_THAT(error_of([] { parse_bbv(bytes("T:1:5x"), "a.bb"); }),
              HasSubstr("expected the end of the line"));
  // CRLF line ends and a last line without one are read.
  EXPECT_EQ(parse_bbv(bytes("T:1:5 :2:5\r\nT:1:7"), "crlf.bb").instructions.back(), 7u);
  SimPointOptions o;
  o.interval = 10;
  EXPECT_THAT(
      error_of([&] { choose_simpoints(parse_bbv(bytes("T:1:15 \nT:2:10 \n"), "b.bb"), o); }),
      HasSubstr("interval 0 holds 15 instructions"));
  EXPECT_THAT(error_of([] { parse_bbv(bytes(""), "a.bb"); }), HasSubstr("a.bb: no intervals"));
  const auto windows = [](const std::string& j) {
    return error_of([&] { parse_simpoint_windows(bytes(j), "w.json"); });
  };
  EXPECT_THAT(windows("{}"), HasSubstr("w.json: /axsim_simpoints"));
  EXPECT_THAT(
      windows(
          R"({"axsim_simpoints": 1, "windows": [{"first": 5, "count": 0, "weight": 1, "role": "simpoint"}]})"),
      HasSubstr("/windows/0/count"));
  EXPECT_THAT(
      windows(
          R"({"axsim_simpoints": 1, "windows": [{"first": 5, "count": 9, "weight": 2, "role": "simpoint"}]})"),
      HasSubstr("/windows/0/weight"));
  EXPECT_THAT(
      windows(
          R"({"axsim_simpoints": 1, "windows": [{"first": 5, "count": 9, "weight": 1, "role": "x"}]})"),
      HasSubstr("/windows/0/role"));
  EXPECT_THAT(
      windows(
          R"({"axsim_simpoints": 1, "windows": [{"first": 5, "count": 9, "weight": 0, "role": "warmup"},
                          {"first": 10, "count": 9, "weight": 1, "role": "simpoint"}]})"),
      HasSubstr("/windows/1/first: overlaps"));
}

TEST(SimPoints, ASampledTraceReadsBackWindowByWindow) {
  const std::string path = (std::filesystem::temp_directory_path() / "axsim_windows.axct").string();
  CpuTraceHeader h;
  h.windows = {{100, 0, 0, "warmup"}, {200, 0, 1, "simpoint"}};
  {
    CpuTraceWriter w(path, h);
    StaticInsn s;
    s.pc = 0x1000, s.bytes = {0x90}, s.cls = InsnClass::kNop;
    w.start_window(0, 100);
    w.add({w.add_static(s), {}});
    w.add({0, {}});
    w.start_window(1, 200);
    w.add({0, {}});
    w.finish();
  }
  CpuTraceReader r(path);
  ASSERT_EQ(r.header().windows.size(), 2u);
  EXPECT_EQ(r.header().windows[0].count, 2u);
  EXPECT_EQ(r.header().windows[1].count, 1u);
  EXPECT_EQ(r.header().windows[1].role, "simpoint");
  DynInsn d;
  int first = 0, second = 0;
  while (r.next(d)) ++first;
  EXPECT_EQ(r.window(), 0u);
  ASSERT_TRUE(r.next_window());
  while (r.next(d)) ++second;
  EXPECT_FALSE(r.next_window());
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 1);
  // Windows out of order are refused by the writer.
  CpuTraceWriter bad(path + ".bad", {});
  bad.start_window(0, 10);
  bad.add({bad.add_static({0x1000, {0x90}, InsnClass::kNop, {}, {}, {}}), {}});
  EXPECT_THAT(error_of([&] { bad.start_window(1, 10); }), HasSubstr("out of order"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace axsim::workloads::cpu::simpoints_test
