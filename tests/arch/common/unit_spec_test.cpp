// SPDX-License-Identifier: Apache-2.0
// SpecOf: one UnitSpec for every unit, building the unit from its parsed spec.
#include "arch/common/unit_spec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace axsim::arch {
namespace {

struct ToySpec {
  std::string clock = "core";
  int lanes = 3;
};

/// A unit that only records what it was built from.
class ToyUnit : public Unit {
 public:
  ToyUnit(sim::Simulation& sim, const std::string& name, const ToySpec& spec)
      : Unit(sim.ctx(), nullptr, name, "toy"), spec_(spec), clock_(*sim.find_clock(spec.clock)) {}
  void start_layer(const workloads::Layer&) override {}
  void check_layer(const workloads::Layer&) const override {}
  bool layer_done() const override { return true; }
  const std::vector<std::int32_t>& layer_output() const override { return out_; }
  sim::Tick layer_ticks() const override { return 0; }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override { return spec_.lanes; }

 private:
  ToySpec spec_;
  const sim::ClockDomain& clock_;
  std::vector<std::int32_t> out_;
};

TEST(SpecOf, BuildsTheUnitFromItsSpec) {
  sim::TechTable tech;
  sim::Simulation sim(&tech, 1, 1000);
  sim.add_clock("core", 1000);
  ToySpec s;
  s.lanes = 5;
  const SpecOf<ToySpec, ToyUnit> spec(s);
  EXPECT_EQ(spec.spec().lanes, 5);
  const std::unique_ptr<Unit> a = spec.build(sim, "toy_a");
  const std::unique_ptr<Unit> b = spec.build(sim, "toy_b");
  EXPECT_EQ(a->path(), "toy_a");
  EXPECT_EQ(b->path(), "toy_b");
  EXPECT_EQ(a->peak_macs_per_cycle(), 5.0);
}

}  // namespace
}  // namespace axsim::arch
