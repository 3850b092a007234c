// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "arch/unit.hpp"

namespace axsim::arch::sparse {

/// The stats of the shared sparse-PE parts under a unit's component types ("eie.ptr_read", ...):
/// `prefix` is the unit's type ("eie").
std::vector<StatDecl> sparse_pe_stats(const std::string& prefix);

}  // namespace axsim::arch::sparse
