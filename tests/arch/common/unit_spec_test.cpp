// SPDX-License-Identifier: Apache-2.0
// SpecOf: the one UnitSpec every unit's parser returns; build() constructs the unit from the
// parsed spec, once per call. Checked through the registered units (no unit of its own, so the
// test does not depend on the Unit interface's methods).
#include "arch/common/unit_spec.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace axsim::arch::unit_spec_test {
namespace {

TEST(SpecOf, EveryRegisteredUnitBuildsFromItsSpec) {
  const nlohmann::json dram = {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 16}, {"latency_cycles", 10}};
  const nlohmann::json buffer = {{"capacity_bytes", 4096}};
  const nlohmann::json params[] = {
      {{"pe_rows", 2},
       {"pe_cols", 2},
       {"weight_buffer", buffer},
       {"input_buffer", buffer},
       {"output_buffer", buffer},
       {"dram", dram}},
      {{"spmat_sram", {{"capacity_bytes", 4096}, {"width_bits", 64}}},
       {"ptr_sram", {{"capacity_bytes", 1024}, {"pointer_bits", 16}}},
       {"act_sram", {{"capacity_bytes", 2048}, {"width_bits", 64}}}},
      {{"dram", dram}},
  };
  const char* const types[] = {"dense", "eie", "scnn"};
  for (int k = 0; k < 3; ++k) {
    sim::TechTable tech = sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/" +
                                               (k == 2 ? "16nm" : "45nm") + ".json");
    sim::Simulation sim(&tech, 1, 1000);
    sim.add_clock("core", 1000);
    sim::Diagnostics diag;
    sim::Params p =
        sim::Params::from_json(std::make_shared<nlohmann::json>(params[k]), "t.json", diag);
    const std::unique_ptr<UnitSpec> spec =
        UnitRegistry::find(types[k])->parse(p, {{"core"}, "core"});
    ASSERT_TRUE(diag.empty()) << types[k] << ": " << diag.messages().front();
    const std::unique_ptr<Unit> a = spec->build(sim, std::string(types[k]) + "_a");
    const std::unique_ptr<Unit> b = spec->build(sim, std::string(types[k]) + "_b");
    EXPECT_EQ(a->path(), std::string(types[k]) + "_a");
    EXPECT_EQ(b->path(), std::string(types[k]) + "_b");
    EXPECT_EQ(a->type(), types[k]);
  }
}

}  // namespace
}  // namespace axsim::arch::unit_spec_test
