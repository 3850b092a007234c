// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sram_port.hpp"
#include "arch/unit.hpp"

namespace axsim::arch {

/// What an SRAM object in a unit's params accepts: {"capacity_bytes": ..., "width_bits": ...,
/// "banks": ...}. Every unit declares and reads its SRAMs through these two functions, so the
/// keys mean the same everywhere; a unit adds its own keys (e.g. "pointer_bits") to the rows.
struct SramParamRules {
  std::int64_t min_capacity_bytes = 64;
  std::int64_t max_capacity_bytes = 1LL << 32;
  std::string width_key = "width_bits";  ///< "" when the width is not a key of this SRAM
  std::int64_t default_width_bits = 0;   ///< 0: the width is required
  bool width_multiple_of_8 = false;
  bool banks = false;  ///< accept "banks" (default 1, a divisor of the capacity)
  std::string capacity_doc = "total capacity";
  std::string width_doc = "bits per access: accesses are counted in words of this width";
};

/// The declarations of an SRAM object's keys under `rules`.
ParamTable sram_param_rows(const SramParamRules& rules);

/// Reads those keys through `r` (whose table holds sram_param_rows(rules)); errors go to its
/// Diagnostics. The caller reads its own keys and calls r.finish().
SramSpec read_sram(ParamReader& r, std::uint32_t element_bits, const SramParamRules& rules);

/// An SramBuffer's stats and actions ("common.sram"), for a unit's registration data.
std::vector<StatDecl> sram_buffer_stat_decls();
std::vector<ActionDecl> sram_buffer_action_decls();

}  // namespace axsim::arch
