// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of tiny ONNX models through the ONNX fuzz entry point (import, checks, shape
// inference, an executor run, compression, fidelity, the trace read back): each is accepted or
// refused with a ConfigError naming the file, never a crash or another exception.
#include <gtest/gtest.h>

#include <map>

#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"

namespace axsim::fuzz::onnx_fuzz_test {
namespace {

#ifdef AXSIM_SANITIZED  // half the cases: the fuzz.onnx libFuzzer run covers the reader too
constexpr int kPerSeed = 50;
#else
constexpr int kPerSeed = 100;
#endif

TEST(OnnxFuzz, SeedsCompress) {
  for (const std::string& s : seed_onnx_models()) {
    const Outcome o = run_on(fuzz_onnx_bytes, s);
    EXPECT_TRUE(o.accepted) << o.error;
    EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
  }
}

TEST(OnnxFuzz, SeededMutationsAreAcceptedOrRefused) {
  Mutator m(140);
  std::map<std::string, int> refusals;  // the first 70 characters after the file name
  const MutationTally t = run_mutations(
      seed_onnx_models(), kPerSeed, [&](const std::string& s) { return m.mutate_onnx(s); },
      [](const std::string& bytes) { return run_on(fuzz_onnx_bytes, bytes); },
      [&](const std::string&, const Outcome& o) {
        EXPECT_TRUE(o.mismatches.empty()) << o.mismatches.front();
        if (o.accepted) return;
        const std::size_t at = o.error.find("fuzz.onnx");
        EXPECT_NE(at, std::string::npos) << o.error;
        if (at != std::string::npos) ++refusals[o.error.substr(at, 70)];
      });
  std::cout << t.cases << " ONNX cases, " << t.accepted << " accepted, " << refusals.size()
            << " distinct refusals\n";
  EXPECT_EQ(t.cases, 7 * kPerSeed);
  EXPECT_GT(t.accepted, t.cases / 20);  // the mutations do not only break the files
}

}  // namespace
}  // namespace axsim::fuzz::onnx_fuzz_test
