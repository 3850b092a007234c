// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of the shipped configs through the config fuzz entry point (read_config,
// parse_config, a run on 'tiny'): each is accepted or refused with a ConfigError, never a crash.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::config_fuzz_test {
namespace {

Outcome run_text(const std::string& text) { return run_on(fuzz_config_bytes, text); }

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
  const MutationTally t = run_mutations(
      seed_configs(), 60, [&](const std::string& s) { return m.mutate_text(s); }, run_text,
      [](const std::string& text, const Outcome& o) {
        EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front() << "\ninput:\n" << text;
        // Refusals name the config, the workload ("builtin:tiny: layer ...") or the file read.
        if (!o.accepted && o.mismatches.empty()) {
          EXPECT_FALSE(o.error.empty());
        }
      });
  std::cout << t.cases << " config cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::config_fuzz_test
