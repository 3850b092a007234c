// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/aon_cim/aon_cim_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::aon_cim {

/// AON-CiM's registration data: params, stats, actions and docs (read is set by aon_cim.cpp).
UnitInfo aon_cim_info();
/// Reads the params through aon_cim_info().params.
AonCimSpec read_aon_cim(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::aon_cim
