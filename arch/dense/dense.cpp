// SPDX-License-Identifier: Apache-2.0
// The dense baseline accelerator: the "comparably provisioned dense accelerator" that the
// sparse units are compared with (EIE Section VI, SCNN's DCNN). See docs/units/dense.md.
#include <algorithm>
#include <fmt/format.h>

#include "arch/common/unit_spec.hpp"
#include "arch/dense/controller.hpp"
#include "arch/dense/dense_params.hpp"
#include "arch/layer_unit.hpp"
#include "sim/error.hpp"

namespace axsim::arch::dense {

namespace {

class DenseUnit : public LayerUnit {
 public:
  DenseUnit(sim::Simulation& sim, const std::string& name, const DenseSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "dense"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        dram_(make_dram(sim, this, spec.dram)),
        weights_(sim.ctx(), this, "weight_buffer", spec.weight_buffer),
        inputs_(sim.ctx(), this, "input_buffer", spec.input_buffer),
        outputs_(sim.ctx(), this, "output_buffer", spec.output_buffer),
        pe_(sim.ctx(), this, clock_, spec, buffers()),
        controller_(sim.ctx(), this, clock_, spec, buffers(), *dram_, pe_) {}

  std::vector<std::string> accepted_formats() const override { return {weight_format()}; }
  void start_layer(const workloads::Layer& layer) override {
    image_ = std::make_unique<WeightImage>(layer, weight_format());
    output_.assign(image_->shape().output_count(), 0);
    controller_.start_layer(layer, *image_, output_);
  }
  void check_layer(const workloads::Layer& layer) const override {
    const int width = std::min(spec_.data_bits, 16);  // the buffers hold 16-bit values
    if (layer.fixed_point.weight_bits < 1 || layer.fixed_point.weight_bits > width)
      throw sim::ConfigError(fmt::format(
          "layer {}: its weight levels have {} bits, the dense datapath {} (data_bits)", layer.name,
          layer.fixed_point.weight_bits, width));
    if (layer.input_bits > width)
      throw sim::ConfigError(fmt::format("layer {}: its activations have {} bits, the dense "
                                         "datapath {} (data_bits)",
                                         layer.name, layer.input_bits, width));
    if (layer.fixed_point.accumulate != workloads::FixedPoint::Accumulate::kExact)
      throw sim::ConfigError("layer " + layer.name + ": the dense datapath sums exactly (its "
                             "trace asks for a product shift)");
    workloads::LayerShape s = layer.shape.step_shape();
    s.groups = 1;
    plan_tiles(layer.name, s, spec_);
  }
  std::uint64_t layer_ops(const workloads::Layer&) const override {
    return image_ ? image_->shape().macs() : 0;  // a grouped conv's cross-group zeros included
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
  /// One lane: the PE array as a whole.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    return {1, pe_.cycle_stack(controller_.finish_tick() / clock_.period_ps())};
  }

 private:
  Buffers buffers() { return {weights_, inputs_, outputs_}; }
  // DRAM compression (DCNN-opt) reads the weights in SCNN's zero-run format from the trace.
  std::string weight_format() const {
    return spec_.dram_compression == "zero_rle" ? "scnn" : "dense";
  }
  DenseSpec spec_;
  const sim::ClockDomain& clock_;
  std::unique_ptr<Dram> dram_;
  SramBuffer<std::int16_t> weights_, inputs_;
  SramBuffer<std::int32_t> outputs_;
  PeArray pe_;
  Controller controller_;
  std::vector<std::int32_t> output_;
  std::unique_ptr<WeightImage> image_;
};

UnitInfo registration() {
  UnitInfo u = dense_info();
  u.formats = {"dense", "scnn"};  // scnn: with dram_compression (DCNN-opt)
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<DenseSpec, DenseUnit>>(read_dense(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::dense
