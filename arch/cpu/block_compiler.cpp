// SPDX-License-Identifier: Apache-2.0
#include "arch/cpu/block_compiler.hpp"

#include <algorithm>

namespace axsim::arch::cpu {

std::uint32_t BlockCompiler::latency(const Uop& u) const {
  using workloads::cpu::InsnClass;
  std::uint32_t cycles = spec_.alu_cycles;
  if (u.cls == InsnClass::kMultiply) cycles = spec_.mul_cycles;
  if (u.cls == InsnClass::kDivide) cycles = spec_.div_cycles;
  if (u.cls == InsnClass::kFloat || u.cls == InsnClass::kVector) cycles = spec_.fp_cycles;
  return u.is_load() ? cycles + kLoadCycles : cycles;
}

void BlockCompiler::learn(const std::vector<const Uop*>& block) {
  const std::size_t n = block.size();
  if (n == 0) return;
  // Locals: written again later in the block, the first lrf_entries in program order.
  std::vector<std::uint64_t> local(n, 0);
  std::uint64_t later = 0;
  for (std::size_t i = n; i-- > 0;) {
    local[i] = block[i]->dst & later;
    later |= block[i]->dst;
  }
  std::uint32_t locals = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t keep = 0;
    for (std::uint64_t d = local[i]; d != 0 && locals < spec_.blocks.lrf_entries; d &= d - 1)
      keep |= d & -d, ++locals;
    local[i] = keep;
  }
  // Heights: the longest path to the block's end through the values each instruction feeds.
  const std::uint64_t first = block.front()->seq;
  std::vector<std::uint32_t> height(n, 0);
  for (std::size_t i = n; i-- > 0;) {
    height[i] += latency(*block[i]);
    for (std::uint64_t p : block[i]->producers)
      if (p >= first && p - first < i) height[p - first] = std::max(height[p - first], height[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t index = block[i]->index;
    if (index >= plans_.size()) plans_.resize(index + 1);
    Plan& plan = plans_[index];
    if (plan.learned) continue;
    plan = {local[i], height[i], true};
  }
}

}  // namespace axsim::arch::cpu
