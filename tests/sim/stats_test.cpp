// SPDX-License-Identifier: Apache-2.0
// Counter, Average and Histogram values and resets; StatGroup keeps declaration order and
// refuses duplicate names.
#include "sim/stats.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace axsim::sim::stats_test {
namespace {

TEST(Stats, CounterAddsAndResets) {
  Counter c("reads", "accesses", "SRAM reads");
  EXPECT_EQ(c.count(), 0u);
  c.add();
  c.add(41);
  EXPECT_EQ(c.count(), 42u);
  EXPECT_EQ(c.value(), 42.0);
  EXPECT_EQ(c.name(), "reads");
  EXPECT_EQ(c.unit(), "accesses");
  EXPECT_EQ(c.description(), "SRAM reads");
  c.reset();
  EXPECT_EQ(c.count(), 0u);
  EXPECT_EQ(c.value(), 0.0);
}

TEST(Stats, AverageIsWeightedMean) {
  Average a("occupancy", "items", "queue occupancy");
  EXPECT_EQ(a.value(), 0.0);  // no samples: 0, not NaN
  a.sample(2.0);
  a.sample(4.0);
  EXPECT_DOUBLE_EQ(a.value(), 3.0);
  a.sample(10.0, 2);  // (2 + 4 + 20) / 4
  EXPECT_DOUBLE_EQ(a.value(), 6.5);
  EXPECT_EQ(a.count(), 4u);
  a.reset();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.value(), 0.0);
}

TEST(Stats, HistogramBucketsWithOverflowAndMean) {
  Histogram h("latency", "cycles", "request latency", 10.0, 3);
  h.sample(0);
  h.sample(9.99);
  h.sample(10);      // [10, 20)
  h.sample(25, 2);   // [20, 30), weight 2
  h.sample(1000);    // overflow goes to the last bucket
  h.sample(-5);      // negatives go to the first bucket
  EXPECT_EQ(h.buckets(), (std::vector<std::uint64_t>{3, 1, 3}));
  EXPECT_EQ(h.bucket_width(), 10.0);
  EXPECT_DOUBLE_EQ(h.value(), (0 + 9.99 + 10 + 50 + 1000 - 5) / 7.0);
  h.reset();
  EXPECT_EQ(h.buckets(), (std::vector<std::uint64_t>{0, 0, 0}));
  EXPECT_EQ(h.value(), 0.0);
}

TEST(Stats, HistogramHugeSampleGoesToOverflowBucket) {
  // Regression: samples beyond size_t range must land in the overflow bucket, not bucket 0.
  Histogram h("latency", "cycles", "request latency", 1.0, 4);
  h.sample(1e20);
  EXPECT_EQ(h.buckets(), (std::vector<std::uint64_t>{0, 0, 0, 1}));
}

TEST(Stats, HistogramRejectsBadShape) {
  EXPECT_THROW(Histogram("h", "u", "d", 0.0, 3), std::logic_error);
  EXPECT_THROW(Histogram("h", "u", "d", 1.0, 0), std::logic_error);
}

TEST(StatGroup, KeepsDeclarationOrderAcrossKinds) {
  StatGroup g;
  g.counter("zeta", "n", "first");
  g.histogram("alpha", "n", "second", 1.0, 4);
  g.average("mid", "n", "third");
  g.counter("beta", "n", "fourth");
  std::vector<std::string> names;
  for (const Stat* s : g.all()) names.push_back(s->name());
  EXPECT_EQ(names, (std::vector<std::string>{"zeta", "alpha", "mid", "beta"}));
}

TEST(StatGroup, FindReturnsDeclaredStatOrNull) {
  StatGroup g;
  Counter& c = g.counter("hits", "n", "cache hits");
  c.add(3);
  const Stat* found = g.find("hits");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, &c);
  EXPECT_EQ(found->value(), 3.0);
  EXPECT_EQ(g.find("misses"), nullptr);
}

TEST(StatGroup, ReferencesStayValidAsMoreStatsAreDeclared) {
  StatGroup g;
  Counter& first = g.counter("c0", "n", "d");
  for (int i = 1; i < 200; ++i) g.counter(std::to_string(i), "n", "d");
  first.add(5);
  EXPECT_EQ(g.find("c0")->value(), 5.0);
  EXPECT_EQ(g.all().size(), 200u);
}

TEST(StatGroup, ResetClearsEveryStat) {
  StatGroup g;
  Counter& c = g.counter("c", "n", "d");
  Average& a = g.average("a", "n", "d");
  Histogram& h = g.histogram("h", "n", "d", 1.0, 2);
  c.add(3);
  a.sample(7);
  h.sample(1.5);
  g.reset();
  EXPECT_EQ(c.value(), 0.0);
  EXPECT_EQ(a.value(), 0.0);
  EXPECT_EQ(h.buckets(), (std::vector<std::uint64_t>{0, 0}));
  EXPECT_EQ(g.all().size(), 3u);  // reset keeps the declarations
}

TEST(StatGroup, DuplicateNameIsRejected) {
  StatGroup g;
  g.counter("reads", "n", "d");
  EXPECT_THROW(g.counter("reads", "n", "d"), std::logic_error);
  EXPECT_THROW(g.average("reads", "n", "d"), std::logic_error);
  EXPECT_THROW(g.histogram("reads", "n", "d", 1.0, 2), std::logic_error);
  EXPECT_EQ(g.all().size(), 1u);
  try {
    g.counter("reads", "n", "d");
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("internal error (axsim bug)"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace axsim::sim::stats_test
