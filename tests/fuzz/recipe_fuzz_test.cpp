// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of valid recipes through the fuzz entry point (parse_recipe, then for_layer
// on every layer of LeNet-5): each is accepted or refused with a ConfigError, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::recipe_fuzz_test {
namespace {

TEST(RecipeFuzz, SeedsParse) {
  for (const std::string& r : seed_recipes()) {
    const Outcome o = run_on(fuzz_recipe_bytes, r);
    EXPECT_TRUE(o.accepted) << o.error;
  }
}

TEST(RecipeFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(4242);
  const MutationTally t = run_mutations(
      seed_recipes(), 1000, [&](const std::string& s) { return m.mutate_text(s); },
      [](const std::string& text) { return run_on(fuzz_recipe_bytes, text); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " recipe cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::recipe_fuzz_test
