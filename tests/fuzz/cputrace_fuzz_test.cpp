// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of CPU traces, packed, raw and ChampSim's, through their fuzz entry point: each is read or
// refused with a ConfigError naming the file, never a crash.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::cputrace_fuzz_test {
namespace {

std::string seed(const std::string& name) {
  std::ifstream in(std::string(AXSIM_SOURCE_DIR) + "/tests/fuzz/corpus/cputrace/" + name,
                   std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(CpuTraceFuzz, SeedsReadAndMutationsAreReadOrRefused) {
  const std::vector<std::string> seeds = {seed("loop.axct"),        seed("loop.raw"),
                                          seed("loop.champsim.xz"), seed("loop_windows.axct"),
                                          seed("loop.bb"),          seed("loop.sp.json")};
  for (const std::string& s : seeds) {
    ASSERT_FALSE(s.empty());
    EXPECT_TRUE(run_on(fuzz_cputrace_bytes, s).accepted);
  }
  Mutator m(7171);
  const MutationTally t = run_mutations(
      seeds, 1000,
      [&](const std::string& s) {
        const std::vector<std::uint8_t> b = m.mutate_bytes({s.begin(), s.end()});
        return std::string(b.begin(), b.end());
      },
      [](const std::string& bytes) { return run_on(fuzz_cputrace_bytes, bytes); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz."), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " CPU trace cases, " << t.accepted << " accepted\n";
}

}  // namespace
}  // namespace axsim::fuzz::cputrace_fuzz_test
