// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/scnn/scnn_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::scnn {

/// SCNN's registration data: params, stats, actions and docs (read is set by scnn.cpp).
UnitInfo scnn_info();
/// Reads the params through scnn_info().params.
ScnnSpec read_scnn(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::scnn
