// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of the shipped configs through the config fuzz entry point (read_config,
// parse_config, a run on 'tiny'): each is accepted or refused with a ConfigError, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz {
namespace {

Outcome run_text(const std::string& text) {
  return fuzz_config_bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

TEST(ConfigFuzz, SeedsRun) {
  // dense.json runs 'tiny' as is; the sparse configs' recipes need a real model ("reference"
  // activations) or their unit's encoding, so on 'tiny' they are refused with a ConfigError.
  const std::vector<std::string> seeds = seed_configs();
  EXPECT_TRUE(run_text(seeds.front()).accepted) << run_text(seeds.front()).error;
  for (const std::string& c : seeds) {
    const Outcome o = run_text(c);
    EXPECT_TRUE(o.accepted || !o.error.empty());
    EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
  }
}

TEST(ConfigFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(1414);
  int cases = 0, accepted = 0;
  for (const std::string& seed : seed_configs()) {
    for (int i = 0; i < 60; ++i, ++cases) {
      std::string text = m.mutate_json(seed);
      for (int k = int(m.below(3)); k > 0; --k) text = m.mutate_json(text);
      if (m.below(5) == 0) {  // raw text damage: truncation or a flipped byte
        std::vector<std::uint8_t> b(text.begin(), text.end());
        b = m.mutate_bytes(std::move(b));
        text.assign(b.begin(), b.end());
      }
      const Outcome o = run_text(text);
      EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front() << "\ninput:\n" << text;
      // Refusals name the config, the workload ("builtin:tiny: layer ...") or the file read.
      if (!o.accepted && o.mismatches.empty()) {
        EXPECT_FALSE(o.error.empty());
      }
      accepted += o.accepted;
    }
  }
  std::cout << cases << " config cases, " << accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz
