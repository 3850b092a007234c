// SPDX-License-Identifier: Apache-2.0
#include "sim/provenance.hpp"

#include <gtest/gtest.h>

namespace axsim::sim::provenance_test {
namespace {

TEST(Fnv1aHex, KnownVectors) {
  EXPECT_EQ(fnv1a_hex(""), "cbf29ce484222325");
  EXPECT_EQ(fnv1a_hex("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(fnv1a_hex("foobar"), "85944171f73967e8");
}

TEST(UtcNowIso, IsIso8601WithMilliseconds) {
  const std::string t = utc_now_iso();
  ASSERT_EQ(t.size(), 24u) << t;
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[10], 'T');
  EXPECT_EQ(t[19], '.');
  EXPECT_EQ(t.back(), 'Z');
}

}  // namespace
}  // namespace axsim::sim::provenance_test
