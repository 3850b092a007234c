// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/dlac/dlac_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::dlac {

/// dLAC's registration data: params, stats, actions and docs (read is set by dlac.cpp).
UnitInfo dlac_info();
/// Reads the params through dlac_info().params.
DlacSpec read_dlac(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::dlac
