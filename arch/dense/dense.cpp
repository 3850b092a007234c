// SPDX-License-Identifier: Apache-2.0
// The dense baseline accelerator: the "comparably provisioned dense accelerator" that the
// sparse units are compared with (EIE Section VI, SCNN's DCNN). See docs/units/dense.md.
#include <algorithm>
#include <fmt/format.h>

#include "arch/common/dram_params.hpp"
#include "arch/dense/controller.hpp"
#include "arch/layer_unit.hpp"
#include "sim/error.hpp"

namespace axsim::arch::dense {

namespace {

class DenseUnit : public LayerUnit {
 public:
  DenseUnit(sim::Simulation& sim, const std::string& name, const DenseSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "dense"),
        spec_(spec),
        clock_(*sim.find_clock(spec.clock)),
        dram_(sim.ctx(), this, *sim.find_clock(spec.dram_clock), spec.dram),
        weights_(sim.ctx(), this, "weight_buffer", spec.weight_buffer),
        inputs_(sim.ctx(), this, "input_buffer", spec.input_buffer),
        outputs_(sim.ctx(), this, "output_buffer", spec.output_buffer),
        pe_(sim.ctx(), this, clock_, spec, buffers()),
        controller_(sim.ctx(), this, clock_, spec, buffers(), dram_, pe_) {}

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

 private:
  Buffers buffers() { return {weights_, inputs_, outputs_}; }
  // DRAM compression (DCNN-opt) reads the weights in SCNN's zero-run format from the trace.
  std::string weight_format() const {
    return spec_.dram_compression == DramCompression::kZeroRle ? "scnn" : "dense";
  }
  DenseSpec spec_;
  const sim::ClockDomain& clock_;
  Dram dram_;
  SramBuffer<std::int16_t> weights_, inputs_;
  SramBuffer<std::int32_t> outputs_;
  PeArray pe_;
  Controller controller_;
  std::vector<std::int32_t> output_;
  std::unique_ptr<WeightImage> image_;
};

class DenseUnitSpec : public UnitSpec {
 public:
  explicit DenseUnitSpec(DenseSpec spec) : spec_(std::move(spec)) {}
  std::unique_ptr<Unit> build(sim::Simulation& sim, const std::string& name) const override {
    return std::make_unique<DenseUnit>(sim, name, spec_);
  }

 private:
  DenseSpec spec_;
};

// `keeps_activations` (input buffer only) is returned through `keeps` when given.
SramSpec parse_sram(sim::Params p, std::uint32_t element_bits, bool* keeps = nullptr) {
  SramSpec s;
  if (keeps != nullptr) *keeps = p.optional_bool("keeps_activations", false);
  s.capacity_bytes = static_cast<std::uint64_t>(p.required_int("capacity_bytes", 1024, 1LL << 30));
  s.width_bits = static_cast<std::uint32_t>(p.optional_int("width_bits", 128, 8, 4096));
  s.element_bits = element_bits;
  s.banks = static_cast<std::uint32_t>(p.optional_int("banks", 1, 1, 4096));
  if (s.width_bits % 8 != 0) p.error("width_bits", "expected a multiple of 8");
  if (s.capacity_bytes % s.banks != 0) p.error("banks", "expected a divisor of capacity_bytes");
  p.reject_unused();
  return s;
}

// The options that change what the int8 datapath is costed as, not what it computes.
void parse_costing(sim::Params& p, DenseSpec& s) {
  s.mac_energy = p.optional_string("mac_energy", "mac_int8");
  s.zero_gating = p.optional_bool("zero_gating", false);
  s.gated_mac_energy = p.optional_string("gated_mac_energy", "mac_gated");
  if (s.mac_energy.empty()) p.error("mac_energy", "expected a tech-table key, got \"\"");
  if (s.gated_mac_energy.empty())
    p.error("gated_mac_energy", "expected a tech-table key, got \"\"");
  s.dram_compression = p.optional_choice("dram_compression", "none", {"none", "zero_rle"}) ==
                               "zero_rle"
                           ? DramCompression::kZeroRle
                           : DramCompression::kNone;
  s.data_bits = static_cast<int>(p.optional_int("data_bits", 8, 8, 32));
  s.output_dram_bits = static_cast<int>(p.optional_int("output_dram_bits", 32, 8, 32));
}

std::unique_ptr<UnitSpec> parse_dense(sim::Params& p, const ParseContext& ctx) {
  DenseSpec s;
  s.clock = ctx.unit_clock;
  s.pe_rows = static_cast<int>(p.required_int("pe_rows", 1, 1024));
  s.pe_cols = static_cast<int>(p.required_int("pe_cols", 1, 1024));
  s.macs_per_pe = static_cast<int>(p.optional_int("macs_per_pe", 1, 1, 256));
  s.dataflow = p.optional_choice("dataflow", "output_stationary",
                                 {"output_stationary", "weight_stationary"}) ==
                       "weight_stationary"
                   ? Dataflow::kWeightStationary
                   : Dataflow::kOutputStationary;
  parse_costing(p, s);
  s.weight_buffer = parse_sram(p.child("weight_buffer"), std::uint32_t(s.data_bits));
  s.input_buffer = parse_sram(p.child("input_buffer"), std::uint32_t(s.data_bits), &s.resident_activations);
  s.output_buffer = parse_sram(p.child("output_buffer"), 32);
  const DramParams dram = parse_dram(p.child("dram"), ctx);
  s.dram_clock = dram.clock, s.dram = dram.spec;
  p.reject_unused();
  return std::make_unique<DenseUnitSpec>(s);
}

}  // namespace

AXSIM_REGISTER_UNIT({"dense",
                     "dense baseline: PE grid x MAC lanes, weight/input/output SRAM, DRAM; "
                     "output- or weight-stationary",
                     "comparably provisioned dense accelerator (EIE Sec. VI, SCNN's DCNN)",
                     parse_dense,
                     {"dense", "scnn"}});

}  // namespace axsim::arch::dense
