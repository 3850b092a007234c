// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sram_params.hpp"

namespace axsim::arch {

SramSpec parse_sram(sim::Params& p, std::uint32_t element_bits, const SramParamRules& rules) {
  SramSpec s;
  s.capacity_bytes = static_cast<std::uint64_t>(
      p.required_int("capacity_bytes", rules.min_capacity_bytes, rules.max_capacity_bytes));
  s.width_bits = element_bits;
  if (!rules.width_key.empty()) {
    s.width_bits = static_cast<std::uint32_t>(
        rules.default_width_bits > 0
            ? p.optional_int(rules.width_key, rules.default_width_bits, 8, 4096)
            : p.required_int(rules.width_key, 8, 4096));
  }
  s.element_bits = element_bits;
  if (rules.banks) s.banks = static_cast<std::uint32_t>(p.optional_int("banks", 1, 1, 4096));
  if (rules.width_multiple_of_8 && s.width_bits % 8 != 0)
    p.error(rules.width_key, "expected a multiple of 8");
  if (s.capacity_bytes % s.banks != 0) p.error("banks", "expected a divisor of capacity_bytes");
  return s;
}

}  // namespace axsim::arch
