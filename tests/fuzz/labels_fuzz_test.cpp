// SPDX-License-Identifier: Apache-2.0
// Seeded mutations of speech labels and class labels through their fuzz entry point: each is accepted or
// refused with a ConfigError naming the file, never a crash; and frame labels by hand.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "tests/fuzz/mutate.hpp"
#include "workloads/task/class_labels.hpp"
#include "workloads/task/vad_labels.hpp"

namespace axsim::fuzz::labels_fuzz_test {
namespace {

std::string seed_labels(const std::string& name) {
  std::ifstream in(std::string(AXSIM_SOURCE_DIR) + "/tests/fuzz/corpus/labels/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(LabelsFuzz, SeedParsesAndMutationsAreAcceptedOrRefused) {
  const std::vector<std::string> seeds = {seed_labels("eval10.labels.json"), seed_labels("text_lines.labels.json")};
  for (const std::string& s : seeds) EXPECT_TRUE(run_on(fuzz_labels_bytes, s).accepted);
  Mutator m(4242);
  const MutationTally t = run_mutations(
      seeds, 2000, [&](const std::string& s) { return m.mutate_text(s); },
      [](const std::string& text) { return run_on(fuzz_labels_bytes, text); },
      [](const std::string&, const Outcome& o) {
        if (!o.accepted) {
          EXPECT_NE(o.error.find("fuzz.labels.json"), std::string::npos) << o.error;
        }
      });
  std::cout << t.cases << " label cases, " << t.accepted << " accepted\n";
}

TEST(ClassLabels, IndicesWithinTheClasses) {
  const workloads::ClassLabels l = workloads::parse_class_labels(R"({"classes": ["0", "180"], "labels": [1, 0, 1]})", "t");
  EXPECT_EQ(l.classes, std::vector<std::string>({"0", "180"}));
  EXPECT_EQ(l.labels, std::vector<int>({1, 0, 1}));
  for (const char* bad : {R"({"classes": ["0", "180"], "labels": [2]})", R"({"classes": ["0"], "labels": [0]})",
                          R"({"classes": ["0", "180"], "labels": []})", R"({"classes": ["0", 1], "labels": [0]})",
                          R"({"classes": ["0", "180"], "labels": [-1]})", R"({"classes": ["0", "180"], "labels": [0.5]})"})
    EXPECT_THROW(workloads::parse_class_labels(bad, "t"), sim::ConfigError) << bad;
  try {
    workloads::parse_class_labels(R"({"classes": ["0", "180"], "labels": [0, 7]})", "set.labels.json");
    FAIL();
  } catch (const sim::ConfigError& e) {
    EXPECT_STREQ(e.what(), "set.labels.json: /labels/1: expected a class index in [0, 1], got 7");
  }
}

TEST(VadLabels, FramesAreSpeechWhenMostOfTheirSamplesAre) {
  const workloads::VadLabels l = workloads::parse_vad_labels(
      R"({"samples": 100, "speech": [{"start": 10, "end": 30}, {"start": 25, "end": 41}]})", "t");
  // 10 frames of 10 samples: speech covers 10..41, so frames 1, 2, 3 (40 of 40 samples: 4th has 1).
  const std::vector<bool> f = workloads::frame_labels(l, 10);
  EXPECT_EQ(f, std::vector<bool>({false, true, true, true, false, false, false, false, false, false}));
  EXPECT_THROW(workloads::parse_vad_labels(R"({"samples": 10, "speech": [{"start": 5, "end": 11}]})", "t"),
               sim::ConfigError);
  EXPECT_THROW(workloads::parse_vad_labels(R"({"samples": 10, "speech": [{"start": 5, "end": 2}]})", "t"),
               sim::ConfigError);
}

}  // namespace
}  // namespace axsim::fuzz::labels_fuzz_test
