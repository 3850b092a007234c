// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of valid recipes through the fuzz entry point (parse_recipe, then for_layer
// on every layer of LeNet-5): each is accepted or refused with a ConfigError, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz {
namespace {

TEST(RecipeFuzz, SeedsParse) {
  for (const std::string& r : seed_recipes()) {
    const Outcome o = fuzz_recipe_bytes(reinterpret_cast<const std::uint8_t*>(r.data()), r.size());
    EXPECT_TRUE(o.accepted) << o.error;
  }
}

TEST(RecipeFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(4242);
  int cases = 0, accepted = 0;
  for (const std::string& seed : seed_recipes()) {
    for (int i = 0; i < 1000; ++i, ++cases) {
      std::string text = m.mutate_json(seed);
      for (int k = int(m.below(3)); k > 0; --k) text = m.mutate_json(text);
      if (m.below(5) == 0) {  // raw text damage: truncation or a flipped byte
        std::vector<std::uint8_t> b(text.begin(), text.end());
        b = m.mutate_bytes(std::move(b));
        text.assign(b.begin(), b.end());
      }
      const Outcome o =
          fuzz_recipe_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
      if (!o.accepted) {
        EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
      }
      accepted += o.accepted;
    }
  }
  std::cout << cases << " recipe cases, " << accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz
