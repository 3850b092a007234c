// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of the shipped tech tables and of an SRAM cost table through their fuzz entry
// points: each is accepted or refused with a ConfigError naming the file, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::tech_fuzz_test {
namespace {

TEST(TechFuzz, SeedsLoadAndPrice) {
  for (const std::string& s : seed_tech_tables()) {
    const Outcome o = run_on(fuzz_tech_bytes, s);
    EXPECT_TRUE(o.accepted) << o.error;
  }
  for (const std::string& s : seed_sram_tables()) {
    const Outcome o = run_on(fuzz_sram_table_bytes, s);
    EXPECT_TRUE(o.accepted) << o.error;
  }
}

TEST(TechFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(1616);
  const MutationTally t = run_mutations(
      seed_tech_tables(), 300, [&](const std::string& s) { return m.mutate_text(s); },
      [](const std::string& text) { return run_on(fuzz_tech_bytes, text); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_FALSE(o.error.empty());
        }
      });
  std::cout << t.cases << " tech cases, " << t.accepted << " accepted\n";
}

TEST(SramTableFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(2222);
  const MutationTally t = run_mutations(
      seed_sram_tables(), 2000, [&](const std::string& s) { return m.mutate_text(s); },
      [](const std::string& text) { return run_on(fuzz_sram_table_bytes, text); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " SRAM table cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::tech_fuzz_test
