// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/ese/ese_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::ese {

/// ESE's registration data: params, stats, actions and docs (read is set by ese.cpp).
UnitInfo ese_info();
/// Reads the params through ese_info().params.
EseSpec read_ese(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::ese
