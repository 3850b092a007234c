// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "arch/layer_unit.hpp"
#include "sim/error.hpp"
#include "sim/simulation.hpp"

namespace axsim::test {

/// One unit of `type` built from `params` in a fresh simulation with one clock, "core".
struct UnitBench {
  sim::TechTable tech;
  sim::Simulation sim{&tech, 1, 100000};
  std::unique_ptr<arch::LayerUnit> unit;  ///< every unit built here runs layers

  /// `node` names the tech table (configs/tech/<node>.json).
  UnitBench(const std::string& type, const nlohmann::json& params, sim::Tick period_ps = 1000,
            const std::string& node = "45nm")
      : tech(sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/" + node + ".json")) {
    sim.add_clock("core", period_ps);
    sim::Diagnostics diag;
    sim::Params p = sim::Params::from_json(std::make_shared<nlohmann::json>(params), "test.json", diag);
    auto spec = arch::UnitRegistry::find(type)->parse(p, {{"core"}, "core"});
    diag.throw_if_any();
    std::unique_ptr<arch::Unit> built = spec->build(sim, type);
    unit.reset(dynamic_cast<arch::LayerUnit*>(built.release()));
  }
  /// Runs one layer; returns its cycles.
  std::uint64_t run(const workloads::Layer& layer) {
    unit->start_layer(layer);
    sim.run_phase([&] { return unit->layer_done(); }, unit->clock());
    return unit->layer_ticks() / unit->clock().period_ps();
  }
};

}  // namespace axsim::test
