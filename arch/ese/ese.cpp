// SPDX-License-Identifier: Apache-2.0
// ESE (Han et al., FPGA 2017): whole sparse LSTM(P) sequences on channels of EIE-like PEs, the
// weights streamed from DRAM. See docs/units/ese.md for the model, its assumptions and its
// validation.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <utility>

#include "arch/common/dram/dram.hpp"
#include "arch/common/unit_spec.hpp"
#include "arch/ese/controller.hpp"
#include "arch/ese/ese_params.hpp"
#include "arch/layer_unit.hpp"
#include "sim/simulation.hpp"
#include "workloads/reference/lstm_sequence.hpp"

namespace axsim::arch::ese {

namespace {

std::uint64_t bits_for(double magnitude) {
  return magnitude < 1 ? 1 : std::uint64_t(std::ceil(std::log2(magnitude + 1))) + 1;
}

class EseUnit : public LayerUnit {
 public:
  EseUnit(sim::Simulation& sim, const std::string& name, const EseSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "ese"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        ticks_(sim.ctx().queue, clock_),
        dram_(make_dram(sim, this, spec.dram)),
        weight_bytes_(stats().counter("weight_bytes_per_pe", "bytes",
                                      "largest share of one PE of both matrices")),
        overflows_(stats().counter("capacity_exceeded", "memories",
                                   "buffers, accumulators or their widths too small for the "
                                   "layer")),
        multipliers_(stats().counter("multipliers", "multipliers",
                                     "multipliers of the design (one per PE, eight per "
                                     "element-wise lane): DSP slices on an FPGA")),
        bram_blocks_(stats().counter("bram36_blocks", "blocks",
                                     "36 Kb block RAMs the weight buffers and the cell buffer "
                                     "take (each memory rounded up to whole blocks)")) {
    std::vector<EsePe*> raw;
    for (int k = 0; k < spec.pes(); ++k) {
      pes_.push_back(std::make_unique<EsePe>(sim.ctx(), this, k, clock_, spec));
      raw.push_back(pes_.back().get());
    }
    stream_ = std::make_unique<WeightStreamer>(sim.ctx(), this, clock_, spec, *dram_);
    elementwise_ = std::make_unique<ElementwiseUnit>(sim.ctx(), this, clock_, spec);
    controller_ = std::make_unique<Controller>(sim.ctx(), this, clock_, spec, raw, *stream_,
                                               *elementwise_);
    for (const auto& pe : pes_) pe->join(ticks_);
    stream_->join(ticks_);
    elementwise_->join(ticks_);
    controller_->join(ticks_);
  }

  std::vector<std::string> accepted_formats() const override { return {"ese"}; }
  void check_layer(const workloads::Layer& layer) const override { check_runnable(layer, spec_); }
  void start_layer(const workloads::Layer& layer) override {
    prepared_ = std::make_unique<EseLayer>(prepare_layer(layer, spec_));
    reference_.reset();
    output_.assign(std::size_t(prepared_->seq_len) * std::size_t(prepared_->rec), 0);
    controller_->start_layer(*prepared_, output_);
    count_capacity(layer, *prepared_);
  }
  bool layer_done() const override { return controller_->done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  /// Every product of both matrices over the whole sequence, zeros included.
  std::uint64_t layer_macs(const workloads::Layer& layer) const override {
    const workloads::LayerShape& s = layer.shape;
    const std::uint64_t projection =
        layer.lstm && layer.lstm->has_projection()
            ? std::uint64_t(s.recurrent_in) * std::uint64_t(layer.lstm->hidden)
            : 0;
    return (s.weight_count() + projection) * std::uint64_t(s.seq_len);
  }
  std::uint64_t layer_ops(const workloads::Layer&) const override {
    std::uint64_t ops = 0;
    for (const auto& pe : pes_) ops += pe->ops();
    return ops;
  }
  std::vector<std::int32_t> layer_reference(const workloads::Layer& layer) const override {
    return sequence_reference(layer).h;
  }
  std::uint64_t layer_useful_macs(const workloads::Layer& layer) const override {
    return sequence_reference(layer).useful_macs;
  }
  sim::Tick layer_ticks() const override {
    return controller_->finish_tick() - controller_->start_tick();
  }
  const sim::ClockDomain& clock() const override { return clock_; }
  double peak_macs_per_cycle() const override { return spec_.pes(); }
  /// A lane per PE.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{std::uint32_t(pes_.size()), {}};
    const std::uint64_t end = controller_->finish_tick() / clock_.period_ps();
    for (const auto& pe : pes_) stack.sum.add(pe->cycle_stack(end));
    return stack;
  }
  std::vector<std::string> phase_shortfalls() const override { return shortfalls_; }

 private:
  void count_capacity(const workloads::Layer& layer, const EseLayer& e);
  /// The whole-sequence reference of the layer just run, computed once for both its outputs
  /// (--check) and its useful MACs.
  const workloads::LstmSequenceOutput& sequence_reference(const workloads::Layer& layer) const {
    if (!reference_ || reference_->first != &layer)
      reference_.emplace(&layer, workloads::lstm_sequence_reference(layer));
    return reference_->second;
  }
  void count_resources();

  EseSpec spec_;
  const sim::ClockDomain& clock_;
  sim::TickGroup ticks_;  ///< everything on the core clock: one event per cycle
  std::unique_ptr<Dram> dram_;
  sim::Counter& weight_bytes_;
  sim::Counter& overflows_;
  sim::Counter& multipliers_;
  sim::Counter& bram_blocks_;
  std::vector<std::unique_ptr<EsePe>> pes_;
  std::unique_ptr<WeightStreamer> stream_;
  std::unique_ptr<ElementwiseUnit> elementwise_;
  std::unique_ptr<Controller> controller_;
  std::unique_ptr<EseLayer> prepared_;
  std::vector<std::string> shortfalls_;
  std::vector<std::int32_t> output_;
  mutable std::optional<std::pair<const workloads::Layer*, workloads::LstmSequenceOutput>> reference_;
};

// What the layer needs of each memory and width; the model runs it anyway and reports, so a
// sweep shows where a design runs out.
void EseUnit::count_capacity(const workloads::Layer& layer, const EseLayer& e) {
  shortfalls_.clear();
  const auto n = std::uint64_t(spec_.pes());
  std::uint64_t column = 0;
  for (const EseMatrix* m : {&e.wr, &e.proj})
    for (const Chunk& c : m->chunks)
      if (c.end_col - c.first_col == 1) column = std::max(column, c.max_pe_bytes);
  if (column > spec_.weight_buffer_bytes / 2)
    shortfalls_.push_back(fmt::format("one column of a matrix takes {} B of a PE's buffer, more "
                                      "than half its {} B", column, spec_.weight_buffer_bytes));
  const std::uint64_t rows = (std::uint64_t(4 * e.hidden) + n - 1) / n +
                             (e.proj.empty() ? 0 : (std::uint64_t(e.rec) + n - 1) / n);
  if (rows * std::uint64_t(spec_.batch) > std::uint64_t(spec_.accumulator_entries))
    shortfalls_.push_back(fmt::format("a PE needs {} accumulators ({} rows x a batch of {}), "
                                      "has {}", rows * std::uint64_t(spec_.batch), rows,
                                      spec_.batch, spec_.accumulator_entries));
  std::uint64_t max_input = 1U << (layer.input_bits - 1);
  const double wr_sum = double(e.wr.max_abs_level) * double(max_input) * double(e.wr.cols);
  const double p_sum = double(e.proj.max_abs_level) * double(max_input) * double(e.proj.cols);
  const std::uint64_t need = bits_for(std::max(wr_sum, p_sum));
  if (need > std::uint64_t(spec_.accumulator_bits))
    shortfalls_.push_back(fmt::format("exact sums may need {} bits, the accumulators have {}",
                                      need, spec_.accumulator_bits));
  const std::uint64_t cells = std::uint64_t(e.hidden) * std::uint64_t(spec_.batch) * 2;
  if (cells > spec_.cell_buffer_bytes)
    shortfalls_.push_back(fmt::format("the cell states need {} B, the cell buffer has {} B",
                                      cells, spec_.cell_buffer_bytes));
  weight_bytes_.add(stream_->resident_bytes_per_pe());
  if (spec_.weights_resident && !stream_->resident())
    shortfalls_.push_back(fmt::format("weights_resident: a PE's share of the matrices is {} B, "
                                      "its buffer {} B: they stream every step",
                                      stream_->resident_bytes_per_pe(), spec_.weight_buffer_bytes));
  overflows_.add(shortfalls_.size());
  count_resources();
}

// What the configured design takes of an FPGA: a DSP slice per multiplier (the PEs' and the
// element-wise lanes' five table multiplies and three cell products), and each memory in whole
// 36 Kb block RAMs (queues and accumulators are small enough for LUT RAM).
void EseUnit::count_resources() {
  constexpr std::uint64_t kBramBytes = 36 * 1024 / 8;
  constexpr std::uint64_t kElementwiseMultipliers = 8;
  const auto blocks = [&](std::uint64_t bytes) { return (bytes + kBramBytes - 1) / kBramBytes; };
  multipliers_.add(std::uint64_t(spec_.pes()) +
                   kElementwiseMultipliers * std::uint64_t(spec_.elementwise_units));
  bram_blocks_.add(std::uint64_t(spec_.pes()) * blocks(spec_.weight_buffer_bytes) +
                   blocks(spec_.cell_buffer_bytes));
}

UnitInfo registration() {
  UnitInfo u = ese_info();
  u.formats = {"ese"};
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<EseSpec, EseUnit>>(read_ese(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::ese
