// SPDX-License-Identifier: Apache-2.0
// SCNN (Parashar et al., ISCA 2017): compressed-sparse convolutions on an 8 x 8 PE grid with the
// PT-IS-CP-sparse dataflow. See docs/units/scnn.md.
#include <memory>

#include "arch/common/dram_params.hpp"
#include "arch/common/unit_spec.hpp"
#include "arch/scnn/sequencer.hpp"
#include "arch/unit.hpp"

namespace axsim::arch::scnn {

namespace {

class ScnnUnit : public Unit {
 public:
  ScnnUnit(sim::Simulation& sim, const std::string& name, const ScnnSpec& spec)
      : Unit(sim.ctx(), nullptr, name, "scnn"),
        spec_(spec),
        clock_(*sim.find_clock(spec.clock)),
        dram_(sim.ctx(), this, *sim.find_clock(spec.dram_clock), spec.dram) {
    std::vector<ScnnPe*> raw;
    for (int k = 0; k < spec.pes(); ++k) {
      pes_.push_back(std::make_unique<ScnnPe>(sim.ctx(), this, k, clock_, spec));
      raw.push_back(pes_.back().get());
    }
    seq_ = std::make_unique<Sequencer>(sim.ctx(), this, clock_, spec, dram_, std::move(raw));
  }

  void check_layer(const workloads::Layer& layer) const override { output_group_size(layer, spec_); }
  void start_layer(const workloads::Layer& layer) override {
    plan_ = std::make_unique<LayerPlan>(plan_layer(layer, spec_));
    output_.assign(layer.shape.output_count(), 0);
    seq_->start_layer(*plan_, output_, layer.relu_after);
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

 private:
  ScnnSpec spec_;
  const sim::ClockDomain& clock_;
  Dram dram_;
  std::vector<std::unique_ptr<ScnnPe>> pes_;
  std::unique_ptr<Sequencer> seq_;
  std::unique_ptr<LayerPlan> plan_;
  std::vector<std::int32_t> output_;
};

int param(sim::Params& p, const char* key, int fallback, int lo, int hi) {
  return static_cast<int>(p.optional_int(key, fallback, lo, hi));
}

std::unique_ptr<UnitSpec> parse_scnn(sim::Params& p, const ParseContext& ctx) {
  ScnnSpec s;
  s.clock = ctx.unit_clock;
  s.pe_rows = param(p, "pe_rows", s.pe_rows, 1, 64);
  s.pe_cols = param(p, "pe_cols", s.pe_cols, 1, 64);
  s.f = param(p, "f", s.f, 1, 64);
  s.i = param(p, "i", s.i, 1, 64);
  s.acc_banks = param(p, "acc_banks", s.acc_banks, 1, 65536);
  s.bank_entries = param(p, "bank_entries", s.bank_entries, 1, 1 << 20);
  s.bank_queue_depth = param(p, "bank_queue_depth", s.bank_queue_depth, 0, 1024);
  s.weight_fifo_entries = param(p, "weight_fifo_entries", s.weight_fifo_entries, 1, 1 << 20);
  s.iaram_bytes = std::uint64_t(p.optional_int("iaram_bytes", std::int64_t(s.iaram_bytes), 64, 1LL << 32));
  s.oaram_bytes = std::uint64_t(p.optional_int("oaram_bytes", std::int64_t(s.oaram_bytes), 64, 1LL << 32));
  s.data_bits = param(p, "data_bits", s.data_bits, 4, 32);
  s.index_bits = param(p, "index_bits", s.index_bits, 1, 16);
  s.accumulator_bits = param(p, "accumulator_bits", s.accumulator_bits, 8, 64);
  s.halo_sums_per_cycle = param(p, "halo_sums_per_cycle", s.halo_sums_per_cycle, 1, 1024);
  s.ppu_outputs_per_cycle = param(p, "ppu_outputs_per_cycle", s.ppu_outputs_per_cycle, 1, 1024);
  const DramParams dram = parse_dram(p.child("dram"), ctx);
  s.dram_clock = dram.clock, s.dram = dram.spec;
  p.reject_unused();
  return std::make_unique<SpecOf<ScnnSpec, ScnnUnit>>(s);
}

}  // namespace

AXSIM_REGISTER_UNIT({"scnn",
                     "SCNN: PT-IS-CP-sparse convolutions, 8x8 PEs with FxI Cartesian-product "
                     "multipliers, scatter crossbar into banked accumulators, halo exchange",
                     "Parashar et al., SCNN, ISCA 2017 (papers.md 2)", parse_scnn});

}  // namespace axsim::arch::scnn
