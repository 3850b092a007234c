// SPDX-License-Identifier: Apache-2.0
// AON-CiM (AnalogNets, arXiv 2111.06503): a layer-serial phase-change-memory compute-in-memory
// accelerator. Weights are differential pairs of PCM devices with programming noise, drift and
// read noise (pcm_model.hpp); inputs go through word-line DACs, column currents through ADCs,
// partial sums through a digital periphery. See docs/units/aon_cim.md.
#include <map>
#include <memory>
#include <string>

#include "arch/aon_cim/analog_layer.hpp"
#include "arch/aon_cim/aon_cim_params.hpp"
#include "arch/aon_cim/controller.hpp"
#include "arch/common/unit_spec.hpp"
#include "arch/layer_unit.hpp"
#include "sim/error.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch::aon_cim {

namespace {

class AonCimUnit : public LayerUnit {
 public:
  AonCimUnit(sim::Simulation& sim, const std::string& name, const AonCimSpec& spec)
      : LayerUnit(sim.ctx(), nullptr, name, "aon_cim"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        controller_(std::make_unique<AonCimController>(sim.ctx(), this, clock_, spec_)) {}

  std::vector<std::string> accepted_formats() const override { return {"dense"}; }
  /// A dense encoding, and the exact-sum rule: column currents are exact sums (up to noise), not
  /// a digital datapath's shifted, saturated products.
  void check_layer(const workloads::Layer& layer) const override {
    check_dense_layer(layer, "AON-CiM", true);
    if (layer.fixed_point.accumulate != workloads::FixedPoint::Accumulate::kExact)
      throw sim::ConfigError("layer " + layer.name + ": AON-CiM sums products exactly (analog column currents); "
                             "the trace's fixed-point rule shifts and saturates them (a digital datapath's): "
                             "compress it with exact accumulation");
  }
  void start_layer(const workloads::Layer& layer) override {
    analog_ = &programmed(layer);
    const workloads::LayerShape step = layer.shape.step_shape();
    analog_->set_input(layer.step_input(), step.in_h, step.in_w);  // the trace's, after an inference
    const DenseLayer& d = analog_->layer();
    output_.assign(std::size_t(d.shape.out_channels) * std::size_t(d.pixels), 0);
    io_bytes_ = (d.shape.input_count() * std::uint64_t(d.input_bits) +
                 output_.size() * std::uint64_t(spec_.output_bits) + 7) / 8;
    controller_->start_layer(*analog_, output_);
  }
  LayerFunction* layer_function(const workloads::Layer& layer) override {
    check_layer(layer);
    return &programmed(layer);
  }
  bool layer_done() const override { return controller_->done(); }
  const std::vector<std::int32_t>& layer_output() const override { return output_; }
  std::optional<double> output_tolerance() const override { return spec_.check_tolerance; }
  /// Analog multiply-accumulates: every device pair of every block read, in every phase.
  std::uint64_t layer_ops(const workloads::Layer&) const override {
    std::uint64_t cells = 0;
    for (const Block& b : analog_->blocks()) cells += std::uint64_t(b.rows()) * std::uint64_t(b.cols());
    return cells * std::uint64_t(analog_->phases()) * std::uint64_t(analog_->layer().pixels);
  }
  sim::Tick layer_ticks() const override { return controller_->finish_tick() - controller_->start_tick(); }
  const sim::ClockDomain& clock() const override { return clock_; }
  /// Every tile's cells once per read (inputs as wide as the DACs): drive, integration and its
  /// columns' conversions.
  double peak_macs_per_cycle() const override {
    const double read = double(spec_.dac_cycles) +
                        double(integration_cycles(spec_.integration_s(spec_.dac_bits), clock_)) +
                        double(spec_.columns_per_adc() * spec_.adc_conversion_cycles());
    return double(spec_.tiles) * spec_.rows * spec_.cols / read;
  }
  /// A lane per tile.
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{std::uint32_t(spec_.tiles), {}};
    for (const TileState& t : controller_->tiles()) stack.sum.add(t.stack);
    return stack;
  }
  std::vector<std::string> phase_shortfalls() const override {
    std::vector<std::string> lines;
    const std::uint64_t capacity = 2 * std::uint64_t(spec_.tiles) * spec_.rows * spec_.cols;
    if (devices_ > capacity)
      lines.push_back("the PCM tiles need " + std::to_string(devices_) + " devices for the layers so far, have " +
                      std::to_string(capacity));
    const std::string sram = capacity_shortfall("activation", spec_.activation_sram(), io_bytes_, "for the layer's inputs and outputs");
    if (!sram.empty()) lines.push_back(sram);
    return lines;
  }

 private:
  AonCimSpec spec_;
  const sim::ClockDomain& clock_;
  std::unique_ptr<AonCimController> controller_;
  /// The layer programmed into the tiles on first use (every layer stays programmed), with
  /// its own random streams: its devices from "<unit>.program.<layer>", its reads from
  /// "<unit>.read.<layer>".
  AnalogLayer& programmed(const workloads::Layer& layer) {
    std::unique_ptr<AnalogLayer>& slot = programmed_[layer.name];
    if (!slot) {
      const std::string& n = layer.name;
      slot = std::make_unique<AnalogLayer>(read_dense_layer(layer, "AON-CiM"), spec_,
                                           sim::stream_seed(ctx().seed, path() + ".program." + n),
                                           sim::stream_seed(ctx().seed, path() + ".read." + n));
      devices_ += 2 * std::uint64_t(slot->layer().levels.size());
    }
    return *slot;
  }

  std::map<std::string, std::unique_ptr<AnalogLayer>> programmed_;
  AnalogLayer* analog_ = nullptr;
  std::vector<std::int32_t> output_;
  std::uint64_t devices_ = 0, io_bytes_ = 0;
};

UnitInfo registration() {
  UnitInfo u = aon_cim_info();
  u.formats = {"dense"};
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<AonCimSpec, AonCimUnit>>(read_aon_cim(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::aon_cim
