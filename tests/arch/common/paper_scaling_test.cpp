// SPDX-License-Identifier: Apache-2.0
// Paper-relative scaling: the paper's configuration gets the paper's figures exactly; other
// sizes scale them and the source says by how much and why.
#include "arch/common/paper_scaling.hpp"

#include <gtest/gtest.h>

#include <string>

namespace axsim::arch {
namespace {

TEST(PaperScaling, FactorOneIsThePaperFigure) {
  const sim::Cost paper{12.5, "Table II"};
  const sim::Cost c = paper_relative(paper, 1.0, "anything");
  EXPECT_EQ(c.value, 12.5);
  EXPECT_EQ(c.source, "Table II");
}

TEST(PaperScaling, OtherFactorsScaleAndSaySo) {
  const sim::Cost c = paper_relative({10.0, "Table II"}, size_ratio(2048, 4096), "the capacity");
  EXPECT_EQ(c.value, 5.0);
  EXPECT_EQ(c.source, "Table II; x0.5 for the capacity");
}

TEST(PaperScaling, SramRatioFollowsTheRule) {
  const sim::TechTable t =
      sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json");
  const SramSpec paper{32768, 32, 16, 1};
  EXPECT_EQ(sram_energy_ratio(t, paper, paper), 1.0);
  const SramSpec bigger{4 * 32768, 32, 16, 1};
  EXPECT_EQ(sram_energy_ratio(t, bigger, paper),
            t.sram(4 * 32768, 32).read_pj.value / t.sram(32768, 32).read_pj.value);
  EXPECT_GT(sram_energy_ratio(t, bigger, paper), 1.0);
}

TEST(PaperScaling, ScaledSumAddsPartsAndListsThem) {
  ScaledSum sum;
  sum.add("ram", {100.0, "T4 ram"}, 0.5);
  sum.add("other", {7.0, "T4 other"}, 1.0);
  EXPECT_EQ(sum.total().value, 57.0);
  EXPECT_EQ(sum.total().source, "ram: T4 ram x0.5; other: T4 other");
}

}  // namespace
}  // namespace axsim::arch
