// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sram_port.hpp"
#include "sim/params.hpp"

namespace axsim::arch {

/// What an SRAM object in a unit's params accepts: {"capacity_bytes": ..., "width_bits": ...,
/// "banks": ...}. Every unit reads its SRAMs through parse_sram so the keys mean the same
/// everywhere; a unit reads its own extra keys (e.g. "pointer_bits") from the same object.
struct SramParamRules {
  std::int64_t min_capacity_bytes = 64;
  std::int64_t max_capacity_bytes = 1LL << 32;
  std::string width_key = "width_bits";  ///< "" when the width is not a key of this SRAM
  std::int64_t default_width_bits = 0;   ///< 0: the width is required
  bool width_multiple_of_8 = false;
  bool banks = false;  ///< accept "banks" (default 1, a divisor of the capacity)
};

/// Reads capacity_bytes, the width and banks from `p` (errors go to its Diagnostics). It does
/// not call reject_unused(): the caller reads its own keys, then rejects the rest.
SramSpec parse_sram(sim::Params& p, std::uint32_t element_bits, const SramParamRules& rules);

}  // namespace axsim::arch
