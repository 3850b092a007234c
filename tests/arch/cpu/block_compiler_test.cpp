// SPDX-License-Identifier: Apache-2.0
// CG-OoO's compiler pass over a block: which destinations are local, and the list schedule's
// priorities (longest path to the block's end, loads and stores kept in order).
#include "arch/cpu/block_compiler.hpp"

#include <gtest/gtest.h>

namespace axsim::arch::cpu::block_compiler_test {
namespace {

using workloads::cpu::InsnClass;

Uop uop(std::uint64_t seq, InsnClass cls, std::uint64_t dst, std::vector<std::uint64_t> producers,
        bool load = false, bool store = false) {
  Uop u;
  u.seq = seq, u.index = std::uint32_t(seq), u.cls = cls, u.dst = dst;
  u.producers = std::move(producers);
  u.has_load = load, u.has_store = store;
  return u;
}

TEST(BlockCompiler, ADestinationWrittenAgainInTheBlockIsLocal) {
  CoreSpec spec;
  spec.kind = "cgooo";
  BlockCompiler c(spec);
  // r1 = ...; r1 = r1 + 1; r2 = r1: the first r1 is local, the second r1 and r2 global.
  const std::vector<Uop> b = {uop(0, InsnClass::kAlu, 0b10, {}), uop(1, InsnClass::kAlu, 0b10, {0}),
                              uop(2, InsnClass::kAlu, 0b100, {1})};
  c.learn({&b[0], &b[1], &b[2]});
  EXPECT_EQ(c.local_mask(0), 0b10u);
  EXPECT_EQ(c.local_mask(1), 0u);
  EXPECT_EQ(c.local_mask(2), 0u);
}

TEST(BlockCompiler, AtMostLrfEntriesLocalsABlock) {
  CoreSpec spec;
  spec.blocks.lrf_entries = 1;
  BlockCompiler c(spec);
  // r1 and r2 are each written twice: only the first local (r1's) fits.
  const std::vector<Uop> b = {uop(0, InsnClass::kAlu, 0b110, {}),
                              uop(1, InsnClass::kAlu, 0b110, {})};
  c.learn({&b[0], &b[1]});
  EXPECT_EQ(c.local_mask(0), 0b10u);
}

TEST(BlockCompiler, PriorityIsTheLongestPathToTheBlocksEnd) {
  CoreSpec spec;
  BlockCompiler c(spec);
  // 0: a load feeding a multiply (1) feeding an add (2); 3: an independent add; 4: a store that
  // must stay after the load (memory order) and reads the add.
  const std::vector<Uop> b = {
      uop(0, InsnClass::kLoad, 0b10, {}, true), uop(1, InsnClass::kMultiply, 0b100, {0}),
      uop(2, InsnClass::kAlu, 0b1000, {1}), uop(3, InsnClass::kAlu, 0b10000, {}),
      uop(4, InsnClass::kStore, 0, {2}, false, true)};
  c.learn({&b[0], &b[1], &b[2], &b[3], &b[4]});
  EXPECT_EQ(c.priority(4), spec.alu_cycles);
  EXPECT_EQ(c.priority(3), spec.alu_cycles);
  EXPECT_EQ(c.priority(2), 2 * spec.alu_cycles);
  EXPECT_EQ(c.priority(1), spec.mul_cycles + 2 * spec.alu_cycles);
  EXPECT_EQ(c.priority(0),
            spec.alu_cycles + BlockCompiler::kLoadCycles + spec.mul_cycles + 2 * spec.alu_cycles);
  // A static is learned once: a second run of other blocks does not change it.
  const std::vector<Uop> again = {uop(3, InsnClass::kDivide, 0, {})};
  c.learn({&again[0]});
  EXPECT_EQ(c.priority(3), spec.alu_cycles);
  spec.blocks.list_schedule = false;
  EXPECT_EQ(BlockCompiler(spec).priority(0), 0u);
}

}  // namespace
}  // namespace axsim::arch::cpu::block_compiler_test
