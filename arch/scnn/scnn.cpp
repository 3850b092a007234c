// SPDX-License-Identifier: Apache-2.0
// SCNN (Parashar et al., ISCA 2017): compressed-sparse convolutions on an 8 x 8 PE grid with the
// PT-IS-CP-sparse dataflow. See docs/units/scnn.md.
#include <algorithm>
#include <fmt/format.h>
#include <memory>

#include "arch/common/unit_spec.hpp"
#include "arch/scnn/scnn_params.hpp"
#include "arch/scnn/sequencer.hpp"
#include "arch/layer_unit.hpp"
#include "sim/error.hpp"

namespace axsim::arch::scnn {

namespace {

class ScnnUnit : public LayerUnit {
 public:
  ScnnUnit(sim::Simulation& sim, const std::string& name, const ScnnSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "scnn"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        dram_(make_dram(sim, this, spec.dram)) {
    std::vector<ScnnPe*> raw;
    for (int k = 0; k < spec.pes(); ++k) {
      pes_.push_back(std::make_unique<ScnnPe>(sim.ctx(), this, k, clock_, spec));
      raw.push_back(pes_.back().get());
    }
    ppu_ = std::make_unique<PostProcessor>(sim.ctx(), this, clock_, spec, raw);
    seq_ = std::make_unique<Sequencer>(sim.ctx(), this, clock_, spec, *dram_, std::move(raw), *ppu_);
  }

  std::vector<std::string> accepted_formats() const override { return {"scnn"}; }
  void check_layer(const workloads::Layer& layer) const override {
    if (layer.shape.kind == workloads::LayerKind::kLstm)
      throw sim::ConfigError("layer " + layer.name + ": SCNN runs conv and fc layers, not lstm");
    const int width = std::min(spec_.data_bits, 31);
    if (layer.fixed_point.weight_bits < 1 || layer.fixed_point.weight_bits > width ||
        layer.input_bits > width)
      throw sim::ConfigError(fmt::format(
          "layer {}: weights of {} bits and activations of {} bits, the multipliers take {} "
          "(data_bits)", layer.name, layer.fixed_point.weight_bits, layer.input_bits, width));
    if (layer.fixed_point.accumulate != workloads::FixedPoint::Accumulate::kExact)
      throw sim::ConfigError("layer " + layer.name + ": SCNN's accumulators sum exactly (its "
                             "trace asks for a product shift)");
    output_group_size(layer, spec_);
  }
  void start_layer(const workloads::Layer& layer) override {
    plans_.clear();
    for (const Band& b : plan_bands(layer, spec_)) plans_.push_back(plan_layer(layer, spec_, &b));
    output_.assign(layer.shape.output_count(), 0);
    seq_->start_layer(plans_, output_, layer.relu_after);
  }
  bool layer_done() const override { return seq_->done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  std::uint64_t layer_ops(const workloads::Layer&) const override {
    std::uint64_t ops = 0;
    for (const auto& pe : pes_) ops += pe->useful_products();
    return ops;
  }
  sim::Tick layer_ticks() const override { return seq_->finish_tick() - seq_->start_tick(); }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override { return double(spec_.pes()) * spec_.f * spec_.i; }
  /// A lane per PE.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{std::uint32_t(pes_.size()), {}};
    const std::uint64_t end = seq_->finish_tick() / clock_.period_ps();
    for (const auto& pe : pes_) stack.sum.add(pe->cycle_stack(end));
    return stack;
  }

 private:
  ScnnSpec spec_;
  const sim::ClockDomain& clock_;
  std::unique_ptr<Dram> dram_;
  std::vector<std::unique_ptr<ScnnPe>> pes_;
  std::unique_ptr<PostProcessor> ppu_;
  std::unique_ptr<Sequencer> seq_;
  std::vector<LayerPlan> plans_;
  std::vector<std::int32_t> output_;
};

UnitInfo registration() {
  UnitInfo u = scnn_info();
  u.formats = {"scnn"};
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<ScnnSpec, ScnnUnit>>(read_scnn(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::scnn
