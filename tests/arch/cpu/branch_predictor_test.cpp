// SPDX-License-Identifier: Apache-2.0
// The front end's predictors on branch streams whose right answers are known: a loop branch
// the local history learns, nested calls within and beyond the return-address stack, an
// indirect jump alternating between two targets, and the perfect predictor.
#include "arch/cpu/branch_predictor.hpp"

#include <gtest/gtest.h>

#include <string>

namespace axsim::arch::cpu::branch_predictor_test {
namespace {

using workloads::cpu::InsnClass;
using workloads::cpu::StaticInsn;

StaticInsn branch(std::uint64_t pc, InsnClass cls) {
  StaticInsn s;
  s.pc = pc, s.bytes.assign(2, 0), s.cls = cls;
  return s;
}

struct Fixture {
  sim::TechTable tech =
      sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/22nm.json");
  sim::SimContext ctx;
  Fixture() { ctx.tech = &tech; }
};

TEST(BranchPredictor, ALoopBranchIsLearnedFromItsLocalHistory) {
  Fixture f;
  BranchPredictor p(f.ctx, nullptr, {});
  const StaticInsn b = branch(0x1000, InsnClass::kBranchCond);
  int wrong_late = 0;
  for (int period = 0; period < 300; ++period)
    for (int i = 0; i < 10; ++i) {  // taken 9 times back to 0x0f00, then falls through
      const bool wrong = p.mispredicted(b, i < 9 ? 0x0f00 : 0x1002);
      if (period >= 200) wrong_late += wrong;
    }
  EXPECT_EQ(wrong_late, 0);  // an 11-bit history sees the whole period of 10
  EXPECT_EQ(p.stats().find("branches")->value(), 3000);
}

TEST(BranchPredictor, ReturnsArePredictedWithinTheStacksDepth) {
  Fixture f;
  PredictorSpec spec;
  spec.ras_entries = 16;
  BranchPredictor p(f.ctx, nullptr, spec);
  const auto nest = [&](int depth) {
    for (int d = 0; d < depth; ++d)
      p.mispredicted(branch(0x1000 + 0x10 * d, InsnClass::kCall), 0x9000);
    int wrong = 0;
    for (int d = depth - 1; d >= 0; --d)
      wrong += p.mispredicted(branch(0x9100, InsnClass::kReturn), 0x1000 + 0x10 * d + 2);
    return wrong;
  };
  EXPECT_EQ(nest(8), 0);
  EXPECT_EQ(nest(20), 4);  // the four outermost calls fell off the 16-entry stack
}

TEST(BranchPredictor, AnIndirectJumpAlternatingTargetsMissesTheBtbEveryTime) {
  Fixture f;
  BranchPredictor p(f.ctx, nullptr, {});
  const StaticInsn j = branch(0x2000, InsnClass::kJumpIndirect);
  int wrong = 0;
  for (int i = 0; i < 100; ++i) wrong += p.mispredicted(j, i % 2 ? 0x3000 : 0x4000);
  EXPECT_EQ(wrong, 100);  // the BTB holds the last target only
  for (int i = 0; i < 100; ++i) wrong += p.mispredicted(j, 0x4000);
  EXPECT_EQ(wrong, 101);  // then a steady target: wrong once (the BTB held 0x3000), then right
}

TEST(BranchPredictor, ThePerfectPredictorIsNeverWrong) {
  Fixture f;
  PredictorSpec spec;
  spec.kind = "perfect";
  BranchPredictor p(f.ctx, nullptr, spec);
  int wrong = 0;
  for (int i = 0; i < 100; ++i)
    wrong += p.mispredicted(branch(0x1000, InsnClass::kBranchCond), i % 3 ? 0x2000 : 0x1002);
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace axsim::arch::cpu::branch_predictor_test
