// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>
#include <vector>

#include "arch/common/cache/cache_spec.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::cache {

/// The declarations of a cache level's keys, with `defaults` as their defaults.
ParamTable cache_param_rows(const CacheSpec& defaults);
/// Reads them through `r` (whose table is cache_param_rows()) and finishes it.
CacheSpec read_cache(ParamReader r);

/// What "common.cache" components report (stats come from here: one declaration each).
std::vector<StatDecl> cache_stat_decls();
/// The replacement policies' own stats (declared by each policy on its cache).
std::vector<StatDecl> policy_stat_decls();
/// The energy actions of a cache with `ways` ways and the per-way wire model.
std::vector<ActionDecl> cache_action_decls(std::uint32_t ways);
/// The declaration named `name`, of the cache or of a policy (an internal error if none).
const StatDecl& cache_stat(const std::string& name);
/// A counter `name` on `owner`, as declared.
inline sim::Counter& declared_counter(sim::Component& owner, const std::string& name) {
  const StatDecl& d = cache_stat(name);
  return owner.stats().counter(d.name, d.unit, d.doc);
}

}  // namespace axsim::arch::cache
