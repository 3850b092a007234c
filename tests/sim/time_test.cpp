// SPDX-License-Identifier: Apache-2.0
// Frequency parsing and clock-domain arithmetic on the shared picosecond axis.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sim/clock.hpp"
#include "sim/time.hpp"

namespace axsim::sim::time_test {
namespace {

TEST(ParseFrequency, GivesPeriodInPicoseconds) {
  EXPECT_EQ(parse_frequency_period_ps("800MHz"), 1250u);
  EXPECT_EQ(parse_frequency_period_ps("1GHz"), 1000u);
  EXPECT_EQ(parse_frequency_period_ps("200 MHz"), 5000u);
  EXPECT_EQ(parse_frequency_period_ps("1 GHz"), 1000u);
  EXPECT_EQ(parse_frequency_period_ps("200e6Hz"), 5000u);
  EXPECT_EQ(parse_frequency_period_ps("500kHz"), 2'000'000u);
}

TEST(ParseFrequency, RejectsTextWithoutNumber) {
  EXPECT_THROW(parse_frequency_period_ps("fast"), std::invalid_argument);
}

TEST(ParseFrequency, RejectsUnknownUnit) {
  EXPECT_THROW(parse_frequency_period_ps("800"), std::invalid_argument);
  EXPECT_THROW(parse_frequency_period_ps("800 MHzz"), std::invalid_argument);
}

TEST(ParseFrequency, RejectsPeriodThatIsNotWholePicoseconds) {
  try {
    parse_frequency_period_ps("3GHz");  // 333.33 ps
    FAIL() << "3GHz should be rejected";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("whole number of picoseconds"), std::string::npos)
        << e.what();
  }
}

TEST(ParseFrequency, RejectsZeroAndNegative) {
  EXPECT_THROW(parse_frequency_period_ps("0Hz"), std::invalid_argument);
  EXPECT_THROW(parse_frequency_period_ps("-1GHz"), std::invalid_argument);
}

TEST(ClockDomain, EdgeAtOrAfterRoundsUpToOwnPeriod) {
  const ClockDomain core("core", 1000);  // 1 GHz
  const ClockDomain dram("dram", 1250);  // 800 MHz
  EXPECT_EQ(core.edge_at_or_after(0), 0u);
  EXPECT_EQ(dram.edge_at_or_after(0), 0u);
  EXPECT_EQ(core.edge_at_or_after(1), 1000u);
  EXPECT_EQ(dram.edge_at_or_after(1), 1250u);
  EXPECT_EQ(core.edge_at_or_after(1000), 1000u);
  EXPECT_EQ(dram.edge_at_or_after(1000), 1250u);
  EXPECT_EQ(core.edge_at_or_after(1250), 2000u);
  EXPECT_EQ(dram.edge_at_or_after(1250), 1250u);
  EXPECT_EQ(core.edge_at_or_after(4999), 5000u);
  EXPECT_EQ(dram.edge_at_or_after(4999), 5000u);  // the common edge
  EXPECT_EQ(core.edge_at_or_after(5000), 5000u);
  EXPECT_EQ(dram.edge_at_or_after(5001), 6250u);
}

TEST(ClockDomain, CycleAtCountsWholeCycles) {
  const ClockDomain core("core", 1000);
  const ClockDomain dram("dram", 1250);
  EXPECT_EQ(core.cycle_at(0).n, 0u);
  EXPECT_EQ(core.cycle_at(999).n, 0u);
  EXPECT_EQ(core.cycle_at(1000).n, 1u);
  EXPECT_EQ(dram.cycle_at(1249).n, 0u);
  EXPECT_EQ(dram.cycle_at(1250).n, 1u);
  EXPECT_EQ(core.cycle_at(5000).n, 5u);
  EXPECT_EQ(dram.cycle_at(5000).n, 4u);
}

TEST(ClockDomain, ToTicksAndBackAgree) {
  const ClockDomain core("core", 1000);
  const ClockDomain dram("dram", 1250);
  EXPECT_EQ(core.to_ticks({4}), 4000u);
  EXPECT_EQ(dram.to_ticks({4}), 5000u);
  EXPECT_EQ(core.to_ticks({0}), 0u);
  for (std::uint64_t c : {0u, 1u, 7u, 1000u}) {
    EXPECT_EQ(core.cycle_at(core.to_ticks({c})).n, c);
    EXPECT_EQ(dram.cycle_at(dram.to_ticks({c})).n, c);
    EXPECT_EQ(dram.edge_at_or_after(dram.to_ticks({c})), dram.to_ticks({c}));
  }
  EXPECT_DOUBLE_EQ(core.frequency_hz(), 1e9);
  EXPECT_DOUBLE_EQ(dram.frequency_hz(), 8e8);
  EXPECT_EQ(dram.name(), "dram");
  EXPECT_EQ(dram.period_ps(), 1250u);
}

TEST(Cycles, Arithmetic) {
  Cycles a{3}, b{5};
  EXPECT_EQ((a + b).n, 8u);
  EXPECT_EQ((b - a).n, 2u);
  a += b;
  EXPECT_EQ(a.n, 8u);
  EXPECT_LT(b, a);
}

// Issue 14: a clock slower than ~1e-7 Hz made the period overflow to 0 ticks (division by zero in
// cycle_at); NaN, infinities and periods below one tick are refused with the documented range.
TEST(ParseFrequency, RefusesFrequenciesOutsideTheDocumentedRange) {
  for (const char* text : {"1e-7Hz", "1e-30Hz", "999Hz", "nanHz", "infGHz", "-infHz", "0GHz",
                           "-0Hz", "1.5THz", "2000GHz", "1e300GHz", "1e999Hz"}) {
    try {
      parse_frequency_period_ps(text);
      ADD_FAILURE() << text << " should be refused";
    } catch (const std::invalid_argument& e) {
      EXPECT_FALSE(std::string(e.what()).empty()) << text;
    }
  }
  try {
    parse_frequency_period_ps("1e-7Hz");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("1 kHz to 1 THz"), std::string::npos) << e.what();
  }
}

TEST(ParseFrequency, AcceptsTheEndsOfTheRange) {
  EXPECT_EQ(parse_frequency_period_ps("1kHz"), kMaxPeriodPs);
  EXPECT_EQ(parse_frequency_period_ps("1000GHz"), 1u);
}

TEST(ParseFrequency, LongTextIsCutInTheMessage) {
  const std::string text(100'000, '9');
  try {
    parse_frequency_period_ps(text);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_LT(std::string(e.what()).size(), 200u) << e.what();
  }
}

}  // namespace
}  // namespace axsim::sim::time_test
