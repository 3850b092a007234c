// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/mac_pipeline.hpp"

namespace axsim::arch::sparse {

MacPipeline::MacPipeline(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
                         const sim::OpCosts& mac)
    : Component(ctx, parent, "arith", type),
      ops_(stats().counter("ops", "entries", "multiply-accumulates, padding zeros included")),
      padding_ops_(stats().counter("padding_ops", "entries",
                                   "multiply-accumulates of padding zeros")),
      bypasses_(stats().counter("bypasses", "ops",
                                "accumulator reads served by the bypass (same row in flight)")),
      op_(actions().declare("mac", mac.energy_pj)) {
  set_area_um2(mac.area_um2);
  set_leakage_mw(mac.leakage_mw);
}

std::int64_t MacPipeline::accumulate(std::int64_t acc, const Op& op) const {
  const std::int64_t v = acc + ((std::int64_t{op.weight} * op.act) >> rule_.product_shift);
  if (rule_.accumulator_bits >= 64) return v;
  const std::int64_t hi = (std::int64_t{1} << (rule_.accumulator_bits - 1)) - 1;
  return v > hi ? hi : (v < -hi - 1 ? -hi - 1 : v);
}

void MacPipeline::tick(const EntryWork* in) {
  // Stage 4 retires; stage 3 adds (the functional update, in order, so the register file
  // always holds the bypassed value); stage 2 reads and multiplies; stage 1 decodes.
  if (stage_[3].valid) --occupied_;
  const Op& add = stage_[2];
  if (add.valid) dest_->write(add.lane, add.row, accumulate(dest_->read(add.lane, add.row), add));
  const Op& mul = stage_[1];
  const auto same = [&](const Op& o) { return o.valid && o.lane == mul.lane && o.row == mul.row; };
  if (mul.valid && (same(add) || same(stage_[3]))) bypasses_.add();
  for (int s = kStages - 1; s > 0; --s) stage_[s] = stage_[s - 1];
  stage_[0] = Op{};
  if (!in) return;
  row_ = (in->first_in_column ? -1 : row_) + std::int64_t(in->entry.zeros_before) + 1;
  const std::int32_t code = in->entry.code;
  const std::int32_t weight =
      rule_.levels ? (*rule_.levels)[std::size_t(code - rule_.code_offset)] : code;
  stage_[0] = {true, in->lane, row_, weight, in->act};
  ++occupied_;
  ops_.add();
  actions().add(op_);
  if (code == 0) padding_ops_.add();
}

}  // namespace axsim::arch::sparse
