// SPDX-License-Identifier: Apache-2.0
// dLAC (Venkatesh, Nurvitadhi, Marr, ICASSP 2017): convolutions and fc layers as matrix products
// on a grid of floating-point PEs, ternary weights as adds and subtracts, zero operands skipped.
// See docs/units/dlac.md for the model, its assumptions and its validation.
#include <memory>

#include "arch/common/unit_spec.hpp"
#include "arch/dlac/dlac_params.hpp"
#include "arch/dlac/grid.hpp"
#include "arch/dlac/layer_image.hpp"
#include "arch/layer_unit.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch::dlac {

namespace {

class DlacUnit : public LayerUnit {
 public:
  DlacUnit(sim::Simulation& sim, const std::string& name, const DlacSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "dlac"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        grid_(std::make_unique<DlacGrid>(sim.ctx(), this, clock_, spec)) {}

  std::vector<std::string> accepted_formats() const override { return {"dense"}; }
  void check_layer(const workloads::Layer& layer) const override { check_runnable(layer, spec_); }
  void start_layer(const workloads::Layer& layer) override {
    prepared_ = std::make_unique<DlacLayer>(prepare_layer(layer, spec_));
    output_.assign(prepared_->shape.output_count(), 0);
    grid_->start_layer(*prepared_, output_);
  }
  bool layer_done() const override { return grid_->done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  std::optional<workloads::FloatFormat> output_float_format() const override { return spec_.format; }
  /// Terms the PEs executed (an add, or a product and its add).
  std::uint64_t layer_ops(const workloads::Layer&) const override { return grid_->executed(); }
  sim::Tick layer_ticks() const override { return grid_->finish_tick() - grid_->start_tick(); }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override { return double(spec_.pes()) * spec_.lanes; }
  /// A lane per PE.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{std::uint32_t(grid_->pes().size()), {}};
    for (const auto& pe : grid_->pes()) stack.sum.add(pe->cycle_stack());
    return stack;
  }

 private:
  DlacSpec spec_;
  const sim::ClockDomain& clock_;
  std::unique_ptr<DlacGrid> grid_;
  std::unique_ptr<DlacLayer> prepared_;
  std::vector<std::int32_t> output_;
};

UnitInfo registration() {
  UnitInfo u = dlac_info();
  u.formats = {"dense"};
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<DlacSpec, DlacUnit>>(read_dlac(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::dlac
