// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/arith_unit.hpp"

#include "arch/eie/costs.hpp"

namespace axsim::arch::eie {

ArithmeticUnit::ArithmeticUnit(sim::SimContext& ctx, sim::Component* parent, const EieSpec& spec,
                               ActRw& act)
    : Component(ctx, parent, "arith", "eie.arith"),
      data_bits_(spec.data_bits),
      act_(act),
      ops_(stats().counter("ops", "entries", "multiply-accumulates, padding zeros included")),
      padding_ops_(stats().counter("padding_ops", "entries",
                                   "multiply-accumulates of padding zeros")),
      bypasses_(stats().counter("bypasses", "ops",
                                "accumulator reads served by the bypass (same row in flight)")),
      op_(actions().declare("mac", plus(plus(multiplier_costs(tech(), spec).energy_pj,
                                             adder_costs(tech(), spec).energy_pj),
                                        codebook_costs(tech(), spec).read_pj))) {
  const sim::OpCosts mult = multiplier_costs(tech(), spec), add = adder_costs(tech(), spec);
  const sim::SramCosts codebook = codebook_costs(tech(), spec);
  set_area_um2(plus(plus(mult.area_um2, add.area_um2), codebook.area_um2));
  set_leakage_mw(plus(plus(mult.leakage_mw, add.leakage_mw), codebook.leakage_mw));
}

void ArithmeticUnit::tick(const std::optional<EntryWork>& in) {
  // Stage 4 retires; stage 3 adds (the functional update, in order, so the register file
  // always holds the bypassed value); stage 2 reads and multiplies; stage 1 decodes.
  if (stage_[3].valid) --occupied_;
  Op& add = stage_[2];
  if (add.valid)
    act_.write(add.row, accumulate(act_.read(add.row), add.weight, add.act,
                                   layer_->output_shift, data_bits_));
  const Op& mul = stage_[1];
  if (mul.valid && ((add.valid && add.row == mul.row) ||
                    (stage_[3].valid && stage_[3].row == mul.row)))
    bypasses_.add();
  for (int s = kStages - 1; s > 0; --s) stage_[s] = stage_[s - 1];
  stage_[0] = Op{};
  if (!in) return;
  row_ = (in->first_in_column ? -1 : row_) + std::int64_t(in->entry.zeros_before) + 1;
  const auto code = std::size_t(in->entry.code - layer_->code_offset);
  stage_[0] = {true, row_, layer_->codebook[code], in->act};
  ++occupied_;
  ops_.add();
  actions().add(op_);
  if (in->entry.code == 0) padding_ops_.add();
}

}  // namespace axsim::arch::eie
