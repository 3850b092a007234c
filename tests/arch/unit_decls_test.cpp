// SPDX-License-Identifier: Apache-2.0
// Each unit's registration data describes the hardware it builds: every stat and energy action
// that a shipped config's components report is declared (same name, unit and description), and
// every declaration is reported by one of them. Parsing each shipped config through the
// declared table also checks that every declared param is read.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "arch/unit.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch::unit_decls_test {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

struct Built {
  std::set<Key> stats;
  std::set<std::pair<std::string, std::string>> actions;
};

// Adds what one build of `type` from `params` reports, leaving out channels and the ticks every
// ticked component has.
void add_built(const nlohmann::json& params, const std::string& name, const std::string& type,
               const sim::TechTable& tech, Built& out) {
  sim::Simulation sim(&tech, 1, 100000);
  sim.add_clock("core", 1000);
  sim::Diagnostics diag;
  sim::Params p = sim::Params::from_json(std::make_shared<nlohmann::json>(params), name, diag);
  const std::unique_ptr<UnitSpec> spec = UnitRegistry::find(type)->parse(p, {{"core"}, "core"});
  diag.throw_if_any();
  const std::unique_ptr<Unit> unit = spec->build(sim, type);
  for (const sim::Component* c : sim.ctx().components) {
    if (c->type() == "channel") continue;
    for (const sim::Stat* s : c->stats().all())
      if (s->name() != "ticks")
        out.stats.insert({c->type(), s->name(), s->unit(), s->description()});
    for (const auto& a : c->actions().all()) out.actions.insert({c->type(), a.name});
  }
}

// Builds the unit of configs/<name> as shipped and, if it has a DRAM, again with the ideal
// memory on the core clock: the declarations cover both memory models.
Built build(const std::string& name, const std::string& type) {
  const std::string dir = std::string(AXSIM_SOURCE_DIR) + "/configs/";
  std::ifstream in(dir + name);
  const nlohmann::json config = nlohmann::json::parse(in);
  EXPECT_EQ(config["unit"]["type"], type);
  nlohmann::json params = config["unit"]["params"];
  const sim::TechTable tech = sim::TechTable::load(dir + config["tech"].get<std::string>());
  Built out;
  add_built(params, name, type, tech, out);
  if (params.contains("dram")) {
    params["dram"] = {{"model", "ideal"}, {"clock", "core"}};
    add_built(params, name, type, tech, out);
  }
  return out;
}

void expect_declared(const std::string& type, const std::vector<std::string>& configs) {
  const UnitInfo& info = *UnitRegistry::find(type);
  std::set<Key> declared_stats;
  for (const StatDecl& s : info.stats) declared_stats.insert({s.component, s.name, s.unit, s.doc});
  std::set<std::pair<std::string, std::string>> declared_actions;
  for (const ActionDecl& a : info.actions) declared_actions.insert({a.component, a.name});
  EXPECT_EQ(declared_stats.size(), info.stats.size()) << "a stat is declared twice";
  std::set<Key> seen_stats;
  std::set<std::pair<std::string, std::string>> seen_actions;
  for (const std::string& config : configs) {
    const Built b = build(config, type);
    for (const Key& k : b.stats)
      EXPECT_TRUE(declared_stats.count(k))
          << config << ": undeclared stat " << std::get<0>(k) << "." << std::get<1>(k) << " ("
          << std::get<2>(k) << ", \"" << std::get<3>(k) << "\")";
    for (const auto& a : b.actions)
      EXPECT_TRUE(declared_actions.count(a))
          << config << ": undeclared action " << a.first << "." << a.second;
    seen_stats.insert(b.stats.begin(), b.stats.end());
    seen_actions.insert(b.actions.begin(), b.actions.end());
  }
  for (const Key& k : declared_stats)
    EXPECT_TRUE(seen_stats.count(k))
        << "declared stat never built: " << std::get<0>(k) << "." << std::get<1>(k);
  for (const auto& a : declared_actions)
    EXPECT_TRUE(seen_actions.count(a))
        << "declared action never built: " << a.first << "." << a.second;
}

TEST(UnitDeclarations, DenseMatchesItsHardware) {
  expect_declared("dense", {"dense.json", "dcnn.json", "dcnn_opt.json"});
}
TEST(UnitDeclarations, EieMatchesItsHardware) { expect_declared("eie", {"eie.json"}); }
TEST(UnitDeclarations, ScnnMatchesItsHardware) { expect_declared("scnn", {"scnn.json"}); }
TEST(UnitDeclarations, CpuMatchesItsHardware) {
  expect_declared("cpu", {"cpu_holiswap.json", "cpu_lru.json", "cpu_ino.json", "cpu_ooo.json",
                          "cpu_cgooo.json"});
}

TEST(UnitDeclarations, EveryUnitDeclaresParamsStatsAndActions) {
  for (const UnitInfo& u : UnitRegistry::all()) {
    EXPECT_FALSE(u.params.empty()) << u.type;
    EXPECT_FALSE(u.stats.empty()) << u.type;
    EXPECT_FALSE(u.actions.empty()) << u.type;
    for (const ParamDecl& d : u.params) EXPECT_FALSE(d.doc.empty()) << u.type << "." << d.name;
  }
}

}  // namespace
}  // namespace axsim::arch::unit_decls_test
