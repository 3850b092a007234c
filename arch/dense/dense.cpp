// SPDX-License-Identifier: Apache-2.0
// The dense baseline accelerator: the "comparably provisioned dense accelerator" that the
// sparse units are compared with (EIE Section VI, SCNN's DCNN). See docs/units/dense.md.
#include <algorithm>

#include "arch/common/unit_spec.hpp"
#include "arch/dense/controller.hpp"
#include "arch/dense/dense_params.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::dense {

namespace {

class DenseUnit : public Unit {
 public:
  DenseUnit(sim::Simulation& sim, const std::string& name, const DenseSpec& spec)
      : Unit(sim.ctx(), nullptr, name, "dense"),
        spec_(spec),
        clock_(*sim.find_clock(spec.clock)),
        dram_(sim.ctx(), this, *sim.find_clock(spec.dram_clock), spec.dram),
        weights_(sim.ctx(), this, "weight_buffer", spec.weight_buffer),
        inputs_(sim.ctx(), this, "input_buffer", spec.input_buffer),
        outputs_(sim.ctx(), this, "output_buffer", spec.output_buffer),
        pe_(sim.ctx(), this, clock_, spec, buffers()),
        controller_(sim.ctx(), this, clock_, spec, buffers(), dram_, pe_) {}

  void start_layer(const workloads::Layer& layer) override {
    output_.assign(layer.shape.output_count(), 0);
    controller_.start_layer(layer, output_);
  }
  void check_layer(const workloads::Layer& layer) const override {
    plan_tiles(layer.name, layer.shape, spec_);
  }
  bool layer_done() const override { return controller_.done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  sim::Tick layer_ticks() const override {
    return controller_.finish_tick() - controller_.start_tick();
  }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override {
    return double(spec_.pe_rows) * spec_.pe_cols * spec_.macs_per_pe;
  }

 private:
  Buffers buffers() { return {weights_, inputs_, outputs_}; }
  DenseSpec spec_;
  const sim::ClockDomain& clock_;
  Dram dram_;
  SramBuffer<std::int8_t> weights_, inputs_;
  SramBuffer<std::int32_t> outputs_;
  PeArray pe_;
  Controller controller_;
  std::vector<std::int32_t> output_;
};

UnitInfo registration() {
  UnitInfo u = dense_info();
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<DenseSpec, DenseUnit>>(read_dense(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::dense
