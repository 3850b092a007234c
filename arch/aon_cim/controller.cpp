// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/controller.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "arch/aon_cim/costs.hpp"
#include "arch/common/datapath_costs.hpp"

namespace axsim::arch::aon_cim {

namespace {

using Stage = TileState::Stage;
using Cat = sim::CycleCategory;

std::unique_ptr<sim::Component> part(sim::SimContext& ctx, sim::Component* parent, const std::string& name,
                                     sim::Cost area) {
  auto c = std::make_unique<sim::Component>(ctx, parent, name, "aon_cim." + name);
  c->set_area_um2(std::move(area));
  return c;
}

}  // namespace

AonCimController::AonCimController(sim::SimContext& ctx, sim::Component* parent,
                                   const sim::ClockDomain& clock, const AonCimSpec& spec)
    : Ticked(ctx, parent, "controller", "aon_cim.controller", clock),
      spec_(spec),
      tiles_(std::size_t(spec.tiles)),
      reads_(stats().counter("block_reads", "reads", "reads of one block of a tile (one input phase)")),
      conversions_(stats().counter("conversions", "conversions", "column ADC conversions")),
      clipped_(stats().counter("clipped_conversions", "conversions",
                               "conversions at the ADC's end codes (the column current out of range)")),
      driven_rows_(stats().counter("driven_rows", "word lines", "word lines driven with a non-zero input")),
      phases_(stats().counter("phases", "phases", "input phases applied (sign x DAC slice, per pixel)")) {
  array_ = part(ctx, this, "array", array_area_um2(spec));
  dacs_ = part(ctx, this, "dacs", dac_area_um2(spec));
  adcs_ = part(ctx, this, "adcs", adc_area_um2(spec));
  const sim::Cost unit = cell_read_unit_pj(spec);
  cell_units_ = array_->actions().declare(
      "cell_read_millunit", {unit.value / kCellUnitsPerCount, unit.source + " / 1000"});
  dac_ = dacs_->actions().declare("conversion", dac_conversion_pj(spec));
  adc_ = adcs_->actions().declare("conversion", adc_conversion_pj(spec));
  periphery_ = std::make_unique<AonCimPeriphery>(ctx, this, spec);
  sram_owner_ = std::make_unique<sim::Component>(ctx, this, "sram", "aon_cim.sram");
  sram_ = std::make_unique<SramPort>(*sram_owner_, spec.activation_sram());
  const sim::SramCosts sc = sram_costs(*ctx.tech, spec.activation_sram());
  sram_owner_->set_area_um2(sc.area_um2);
  sram_owner_->set_leakage_mw(sc.leakage_mw);
}

std::uint64_t integration_cycles(double seconds, const sim::ClockDomain& clock) {
  return std::max<std::uint64_t>(1, std::uint64_t(std::ceil(seconds * clock.frequency_hz() - 1e-9)));
}

void AonCimController::start_layer(AnalogLayer& layer, std::vector<std::int32_t>& out) {
  layer_ = &layer, out_ = &out;
  read_cycles_ = integration_cycles(layer.integration_s(), clock());
  const DenseLayer& d = layer.layer();
  input_words_ = sram_words(std::uint64_t(d.shape.in_channels) * std::uint64_t(d.shape.kernel_h) *
                                std::uint64_t(d.shape.kernel_w) * std::uint64_t(d.input_bits),
                            spec_.sram_width_bits);
  for (TileState& t : tiles_) t = TileState{};
  for (std::size_t b = 0; b < layer.blocks().size(); ++b)
    tiles_[std::size_t(layer.blocks()[b].tile)].blocks.push_back(b);
  periphery_->start_layer(d.shape.out_channels);
  inputs_[0] = inputs_[1] = InputRegister{};
  next_fetch_ = next_analog_ = 0, analog_pixel_ = -1, phase_ = 0, write_words_ = 0;
  start_tick_ = now();
  const std::uint64_t c = clock().edge_at_or_after(now()) / clock().period_ps();
  for (TileState& t : tiles_) {
    t.stack.start(c);
    t.category = t.blocks.empty() ? Cat::kIdle : Cat::kMemoryWait;
  }
  done_ = false;
  wake();
}

void AonCimController::set_category(TileState& t, std::uint64_t c, Cat cat) {
  t.stack.charge_to(c, t.category);
  t.category = cat;
}

// One access a cycle on the single port: output write-back first, then the input fetch.
void AonCimController::step_sram(std::uint64_t /*c*/) {
  const int pixels = layer_->layer().pixels;
  for (InputRegister& r : inputs_)
    if (r.pixel < 0 && next_fetch_ < pixels) r = {next_fetch_++, input_words_};
  if (write_words_ > 0) {
    --write_words_;
    sram_->write_words(1);
    return;
  }
  InputRegister* filling = nullptr;
  for (InputRegister& r : inputs_)
    if (r.pixel >= 0 && r.words_left > 0 && (filling == nullptr || r.pixel < filling->pixel)) filling = &r;
  if (filling != nullptr) {
    --filling->words_left;
    sram_->read_words(1);
  }
}

void AonCimController::start_phase(std::uint64_t c) {
  phases_.add();
  for (TileState& t : tiles_) {
    if (t.blocks.empty()) continue;
    t.next = 0, t.stage = Stage::kDrive, t.until = c + std::uint64_t(spec_.dac_cycles);
    set_category(t, c, Cat::kCompute);
  }
}

void AonCimController::advance_tile(TileState& t, std::uint64_t c) {
  switch (t.stage) {
    case Stage::kDrive:
      t.stage = Stage::kIntegrate;
      t.until = c + read_cycles_;
      return;
    case Stage::kIntegrate: {  // the columns are sampled: what the ADCs will convert is fixed now
      const std::size_t b = t.blocks[t.next];
      const ReadCounts n = layer_->read_block(b, analog_pixel_, phase_, *acc_);
      reads_.add(), conversions_.add(n.conversions), clipped_.add(n.clipped);
      driven_rows_.add(n.driven_rows);
      dacs_->actions().add(dac_, n.driven_rows);
      adcs_->actions().add(adc_, n.conversions);
      periphery_->count_adds(n.conversions);
      cell_units_carry_ += n.cell_read_units * kCellUnitsPerCount;
      const double whole = std::floor(cell_units_carry_);
      array_->actions().add(cell_units_, std::uint64_t(whole));
      cell_units_carry_ -= whole;
      const int cols = layer_->blocks()[b].cols();
      const auto turns = std::uint64_t((cols + spec_.adcs_per_tile - 1) / spec_.adcs_per_tile);
      t.stage = Stage::kConvert;
      t.until = c + turns * spec_.adc_conversion_cycles();
      return;
    }
    case Stage::kConvert:
      if (++t.next < t.blocks.size()) {
        t.stage = Stage::kDrive, t.until = c + std::uint64_t(spec_.dac_cycles);
      } else {
        t.stage = Stage::kDone;
        set_category(t, c, Cat::kBarrier);
      }
      return;
    case Stage::kIdle:
    case Stage::kDone:
      return;
  }
}

void AonCimController::step_tiles(std::uint64_t c) {
  if (analog_pixel_ < 0) return;
  bool all_done = true;
  for (TileState& t : tiles_) {
    while ((t.stage == Stage::kDrive || t.stage == Stage::kIntegrate || t.stage == Stage::kConvert) &&
           t.until <= c)
      advance_tile(t, c);
    all_done = all_done && (t.blocks.empty() || t.stage == Stage::kDone);
  }
  if (!all_done) return;
  if (++phase_ < layer_->phases()) {
    start_phase(c);
    return;
  }
  periphery_->close();
  for (InputRegister& r : inputs_)
    if (r.pixel == analog_pixel_) r = InputRegister{};
  analog_pixel_ = -1, acc_ = nullptr;
  ++next_analog_;
}

void AonCimController::try_start_pixel(std::uint64_t c) {
  if (analog_pixel_ >= 0 || next_analog_ >= layer_->layer().pixels) return;
  const bool ready = std::any_of(std::begin(inputs_), std::end(inputs_), [&](const InputRegister& r) {
    return r.pixel == next_analog_ && r.words_left == 0;
  });
  if (!ready || !periphery_->can_open()) {
    for (TileState& t : tiles_)
      if (!t.blocks.empty()) set_category(t, c, ready ? Cat::kDrain : Cat::kMemoryWait);
    return;
  }
  analog_pixel_ = next_analog_, phase_ = 0;
  acc_ = &periphery_->open(analog_pixel_);
  start_phase(c);
}

bool AonCimController::tick() {
  const std::uint64_t c = cycle();
  if (periphery_->step(*layer_, *out_) >= 0) {
    write_words_ += sram_words(std::uint64_t(layer_->layer().shape.out_channels) *
                                   std::uint64_t(spec_.output_bits),
                               spec_.sram_width_bits);
    progress();
  }
  step_tiles(c);
  step_sram(c);
  try_start_pixel(c);
  const bool fetching = std::any_of(std::begin(inputs_), std::end(inputs_),
                                    [](const InputRegister& r) { return r.words_left > 0; });
  if (next_analog_ >= layer_->layer().pixels && !periphery_->busy() && write_words_ == 0 && !fetching) {
    finish(c + 1);
    return false;
  }
  if (write_words_ > 0 || fetching || periphery_->busy() || analog_pixel_ < 0) return true;
  std::uint64_t next = ~std::uint64_t{0};
  for (const TileState& t : tiles_)
    if (t.stage == Stage::kDrive || t.stage == Stage::kIntegrate || t.stage == Stage::kConvert)
      next = std::min(next, t.until);
  wake_at(clock().to_ticks({std::max(next, c + 1)}));
  return false;
}

void AonCimController::finish(std::uint64_t end) {
  for (TileState& t : tiles_) t.stack.close(end, t.blocks.empty() ? Cat::kIdle : Cat::kDrain);
  finish_tick_ = clock().to_ticks({end});
  done_ = true;
  progress();
}

std::string AonCimController::state() const {
  return fmt::format("pixel {} of {}, phase {}, fetch at {}, {} words to write", analog_pixel_,
                     layer_ == nullptr ? 0 : layer_->layer().pixels, phase_, next_fetch_, write_words_);
}

}  // namespace axsim::arch::aon_cim
