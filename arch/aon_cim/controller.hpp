// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "arch/aon_cim/analog_layer.hpp"
#include "arch/aon_cim/aon_cim_spec.hpp"
#include "arch/aon_cim/periphery.hpp"
#include "arch/common/sram_port.hpp"
#include "sim/component.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::aon_cim {

/// One crossbar tile's read sequence for the current input phase: its blocks of the running
/// layer one after another, each driven (DACs settle), integrated (the read) and converted by
/// the tile's column ADCs, `columns_per_adc` conversions in turn.
struct TileState {
  enum class Stage { kIdle, kDrive, kIntegrate, kConvert, kDone };
  std::vector<std::size_t> blocks;  ///< the layer's blocks on this tile
  std::size_t next = 0;             ///< the block being read
  Stage stage = Stage::kIdle;
  std::uint64_t until = 0;          ///< cycle at which the stage ends
  sim::CycleStack stack;
  sim::CycleCategory category = sim::CycleCategory::kIdle;
};

/// AON-CiM's controller, layer-serial: for each output pixel it fetches the pixel's inputs from
/// the activation SRAM into one of two input registers (one word a cycle on the SRAM's single
/// port, output write-back first), applies them phase by phase (sign, then DAC slice) to every
/// tile holding the layer, and when the last phase is converted hands the pixel's accumulators
/// to the digital periphery (one of two accumulator sets), which finishes `digital_lanes`
/// outputs a cycle and queues their words for write-back. Stepped per cycle while the SRAM or
/// the periphery has work; while only the tiles' reads and conversions run (nothing else can
/// see them) it sleeps to the next stage change.
class AonCimController : public sim::Ticked {
 public:
  AonCimController(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                   const AonCimSpec& spec);
  void start_layer(AnalogLayer& layer, std::vector<std::int32_t>& out);
  bool done() const { return done_; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  const std::vector<TileState>& tiles() const { return tiles_; }
  std::string state() const override;
  bool has_work() const override { return !done_; }

 protected:
  bool tick() override;

 private:
  void step_sram(std::uint64_t c);
  void step_tiles(std::uint64_t c);
  void start_phase(std::uint64_t c);
  void try_start_pixel(std::uint64_t c);
  void advance_tile(TileState& t, std::uint64_t c);
  void set_category(TileState& t, std::uint64_t c, sim::CycleCategory cat);
  void finish(std::uint64_t c);
  std::uint64_t cycle() const { return clock().cycle_at(now()).n; }

  const AonCimSpec spec_;
  AnalogLayer* layer_ = nullptr;
  std::vector<std::int32_t>* out_ = nullptr;
  std::vector<TileState> tiles_;
  std::unique_ptr<sim::Component> array_, adcs_, dacs_;
  std::unique_ptr<AonCimPeriphery> periphery_;
  std::unique_ptr<sim::Component> sram_owner_;
  std::unique_ptr<SramPort> sram_;
  // Input registers: the pixel each holds (-1 free) and the words still to read into it.
  struct InputRegister {
    int pixel = -1;
    std::uint64_t words_left = 0;
  };
  InputRegister inputs_[2];
  int next_fetch_ = 0;       ///< the next pixel to fetch
  int analog_pixel_ = -1;    ///< the pixel the tiles work on (-1: none)
  int phase_ = 0;
  int next_analog_ = 0;      ///< the next pixel to apply
  std::uint64_t write_words_ = 0;  ///< output words waiting for the SRAM port
  std::uint64_t input_words_ = 0;  ///< words of one pixel's inputs
  std::uint64_t read_cycles_ = 1;  ///< the layer's integration time at the clock
  std::vector<double>* acc_ = nullptr;  ///< the accumulators of the pixel the tiles work on
  /// Cell read units are counted in thousandths; the fraction not yet counted.
  static constexpr double kCellUnitsPerCount = 1000.0;
  double cell_units_carry_ = 0;
  bool done_ = true;
  sim::Tick start_tick_ = 0, finish_tick_ = 0;
  sim::Counter &reads_, &conversions_, &clipped_, &driven_rows_, &phases_;
  sim::ActionCounts::Id dac_ = 0, cell_units_ = 0, adc_ = 0;
};

/// Whole cycles of `clock` covering an integration time (at least one).
std::uint64_t integration_cycles(double seconds, const sim::ClockDomain& clock);

}  // namespace axsim::arch::aon_cim
