// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of the shipped sweep specs through the sweep fuzz entry point
// (load_sweep_spec, each point's config): each is accepted or refused with a ConfigError.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz {
namespace {

Outcome run_text(const std::string& text) {
  return fuzz_sweep_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

TEST(SweepFuzz, SeedsExpand) {
  for (const std::string& s : seed_sweeps()) EXPECT_TRUE(run_text(s).accepted) << run_text(s).error;
}

// Disabled until the sweep spec parser refuses a range axis with "times": 0 (it loops forever in
// SpecParser::add_param; /work/findings/fuzz.md, case sweep-hang-1.json). Run it with
// --gtest_also_run_disabled_tests once the fix lands, then enable it.
TEST(SweepFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(2727);
  int cases = 0, accepted = 0;
  for (const std::string& seed : seed_sweeps()) {
    for (int i = 0; i < 400; ++i, ++cases) {
      std::string text = m.mutate_json(seed);
      for (int k = int(m.below(3)); k > 0; --k) text = m.mutate_json(text);
      if (m.below(5) == 0) {  // raw text damage: truncation or a flipped byte
        std::vector<std::uint8_t> b(text.begin(), text.end());
        b = m.mutate_bytes(std::move(b));
        text.assign(b.begin(), b.end());
      }
      const Outcome o = run_text(text);
      if (!o.accepted) {
        EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
      }
      accepted += o.accepted;
    }
  }
  std::cout << cases << " sweep cases, " << accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz
