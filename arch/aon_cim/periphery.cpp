// SPDX-License-Identifier: Apache-2.0
#include "arch/aon_cim/periphery.hpp"

#include "arch/aon_cim/costs.hpp"

namespace axsim::arch::aon_cim {

AonCimPeriphery::AonCimPeriphery(sim::SimContext& ctx, sim::Component* parent,
                                 const AonCimSpec& spec)
    : Component(ctx, parent, "periphery", "aon_cim.periphery"),
      spec_(spec),
      outputs_done_(stats().counter("outputs", "values", "outputs scaled, rectified and re-quantized")) {
  const PeripheryCosts c = periphery_costs(tech(), spec);
  add_ = actions().declare("partial_sum_add", c.add_pj);
  output_op_ = actions().declare("output_op", c.output_pj);
  set_area_um2(c.area_um2);
  set_leakage_mw(c.leakage_mw);
}

void AonCimPeriphery::start_layer(int outputs) {
  outputs_ = outputs;
  for (Set& s : sets_) s = Set{};
  filling_ = finishing_ = -1;
  outputs_left_ = 0;
}

bool AonCimPeriphery::can_open() const {
  return sets_[0].state == Set::State::kFree || sets_[1].state == Set::State::kFree;
}

std::vector<double>& AonCimPeriphery::open(int pixel) {
  filling_ = sets_[0].state == Set::State::kFree ? 0 : 1;
  Set& s = sets_[filling_];
  s.state = Set::State::kFilling, s.pixel = pixel, s.order = opened_++;
  s.acc.assign(std::size_t(outputs_), 0.0);
  return s.acc;
}

void AonCimPeriphery::close() {
  sets_[filling_].state = Set::State::kQueued;
  filling_ = -1;
}

bool AonCimPeriphery::busy() const {
  return sets_[0].state == Set::State::kQueued || sets_[1].state == Set::State::kQueued;
}

int AonCimPeriphery::step(const AnalogLayer& layer, std::vector<std::int32_t>& out) {
  if (finishing_ < 0) {
    int pick = -1;
    for (int i = 0; i < 2; ++i)
      if (sets_[i].state == Set::State::kQueued && (pick < 0 || sets_[i].order < sets_[pick].order)) pick = i;
    if (pick < 0) return -1;
    finishing_ = pick, outputs_left_ = outputs_;
  }
  const std::int64_t n = std::min<std::int64_t>(outputs_left_, spec_.digital_lanes);
  outputs_left_ -= n;
  actions().add(output_op_, std::uint64_t(n));
  outputs_done_.add(std::uint64_t(n));
  if (outputs_left_ > 0) return -1;
  Set& s = sets_[finishing_];
  layer.finish_pixel(s.pixel, s.acc, out);
  const int pixel = s.pixel;
  s.state = Set::State::kFree, s.pixel = -1;
  finishing_ = -1;
  return pixel;
}

}  // namespace axsim::arch::aon_cim
