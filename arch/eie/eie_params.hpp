// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/eie/eie_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::eie {

/// EIE's registration data: params, stats, actions and docs (read is set by eie.cpp).
UnitInfo eie_info();
/// Reads the params through eie_info().params.
EieSpec read_eie(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::eie
