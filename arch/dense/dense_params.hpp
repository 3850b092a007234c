// SPDX-License-Identifier: Apache-2.0
#pragma once
#include "arch/dense/dense_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::dense {

/// The dense unit's registration data: params, stats, actions and docs (read is set by dense.cpp).
UnitInfo dense_info();
/// Reads the params through dense_info().params.
DenseSpec read_dense(ParamReader& r, const ParseContext& ctx);

}  // namespace axsim::arch::dense
