// SPDX-License-Identifier: Apache-2.0
// The dense baseline accelerator: the "comparably provisioned dense accelerator" that the
// sparse units are compared with (EIE Section VI, SCNN's DCNN). See docs/units/dense.md.
#include <algorithm>

#include "arch/common/dram_params.hpp"
#include "arch/common/sram_params.hpp"
#include "arch/common/unit_spec.hpp"
#include "arch/dense/controller.hpp"
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

// `keeps_activations` (input buffer only) is returned through `keeps` when given.
SramSpec parse_buffer(sim::Params p, std::uint32_t element_bits, bool* keeps = nullptr) {
  if (keeps != nullptr) *keeps = p.optional_bool("keeps_activations", false);
  SramParamRules rules;
  rules.min_capacity_bytes = 1024, rules.max_capacity_bytes = 1LL << 30;
  rules.default_width_bits = 128, rules.width_multiple_of_8 = true, rules.banks = true;
  const SramSpec s = parse_sram(p, element_bits, rules);
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
  s.weight_buffer = parse_buffer(p.child("weight_buffer"), std::uint32_t(s.data_bits));
  s.input_buffer = parse_buffer(p.child("input_buffer"), std::uint32_t(s.data_bits), &s.resident_activations);
  s.output_buffer = parse_buffer(p.child("output_buffer"), 32);
  const DramParams dram = parse_dram(p.child("dram"), ctx);
  s.dram_clock = dram.clock, s.dram = dram.spec;
  p.reject_unused();
  return std::make_unique<SpecOf<DenseSpec, DenseUnit>>(s);
}

}  // namespace

AXSIM_REGISTER_UNIT({"dense",
                     "dense baseline: PE grid x MAC lanes, weight/input/output SRAM, DRAM; "
                     "output- or weight-stationary",
                     "comparably provisioned dense accelerator (EIE Sec. VI, SCNN's DCNN)",
                     parse_dense});

}  // namespace axsim::arch::dense
