// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of the shipped sweep specs through the sweep fuzz entry point
// (load_sweep_spec, each point's config): each is accepted or refused with a ConfigError.
#include <gtest/gtest.h>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::sweep_fuzz_test {
namespace {

Outcome run_text(const std::string& text) { return run_on(fuzz_sweep_bytes, text); }

TEST(SweepFuzz, SeedsExpand) {
  for (const std::string& s : seed_sweeps()) EXPECT_TRUE(run_text(s).accepted) << run_text(s).error;
}

#ifdef AXSIM_SANITIZED  // half the cases: the fuzz.sweep libFuzzer run covers the reader too
constexpr int kPerSpec = 200;
#else
constexpr int kPerSpec = 400;
#endif

TEST(SweepFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(2727);
  const MutationTally t = run_mutations(
      seed_sweeps(), kPerSpec, [&](const std::string& s) { return m.mutate_text(s); }, run_text,
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.json"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " sweep cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::sweep_fuzz_test
