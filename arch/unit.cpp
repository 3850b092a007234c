// SPDX-License-Identifier: Apache-2.0
#include "arch/unit.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::arch {

const StatDecl& find_stat_decl(const std::vector<StatDecl>& decls, const std::string& component,
                               const std::string& name) {
  for (const StatDecl& d : decls)
    if (d.component == component && d.name == name) return d;
  sim::assertion_failed(("undeclared stat " + component + "." + name).c_str(), __FILE__, __LINE__);
}

sim::Counter& declared_counter(sim::Component& owner, const std::vector<StatDecl>& decls,
                               const std::string& name) {
  const StatDecl& d = find_stat_decl(decls, owner.type(), name);
  return owner.stats().counter(d.name, d.unit, d.doc);
}

namespace {
std::vector<UnitInfo>& registry() {
  static std::vector<UnitInfo> units;
  return units;
}
}  // namespace

bool UnitRegistry::add(UnitInfo info) {
  auto& units = registry();
  AXSIM_ASSERT(find(info.type) == nullptr);
  units.push_back(std::move(info));
  std::sort(units.begin(), units.end(),
            [](const UnitInfo& a, const UnitInfo& b) { return a.type < b.type; });
  return true;
}

const UnitInfo* UnitRegistry::find(const std::string& type) {
  for (const UnitInfo& u : registry())
    if (u.type == type) return &u;
  return nullptr;
}

const std::vector<UnitInfo>& UnitRegistry::all() { return registry(); }

std::unique_ptr<UnitSpec> UnitInfo::parse(sim::Params& p, const ParseContext& ctx) const {
  ParamReader reader(p, params);
  std::unique_ptr<UnitSpec> spec = read(reader, ctx);
  reader.finish();
  return spec;
}

}  // namespace axsim::arch
