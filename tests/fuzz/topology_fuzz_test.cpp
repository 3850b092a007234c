// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of valid topology files through the fuzz entry point: each is accepted or
// refused with a ConfigError naming the file, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::topology_fuzz_test {
namespace {

TEST(TopologyFuzz, SeedsAreAccepted) {
  for (const std::string& s : seed_topologies()) {
    const Outcome o = run_on(fuzz_topology_bytes, s);
    EXPECT_TRUE(o.accepted) << o.error;
  }
}

TEST(TopologyFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(1717);
  const MutationTally t = run_mutations(
      seed_topologies(), 2000, [&](const std::string& s) { return m.mutate_text(s); },
      [](const std::string& text) { return run_on(fuzz_topology_bytes, text); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " topology cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::topology_fuzz_test
