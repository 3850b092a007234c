// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/pe.hpp"

#include <algorithm>

#include "sim/error.hpp"

#include "arch/common/datapath_costs.hpp"
#include "arch/dlac/costs.hpp"

namespace axsim::arch::dlac {

using sim::CycleCategory;
using workloads::fadd;
using workloads::fmul;

DlacPe::DlacPe(sim::SimContext& ctx, sim::Component* parent, int row, int col, const DlacSpec& spec)
    : Component(ctx, parent, "pe" + std::to_string(row) + "_" + std::to_string(col), "dlac.pe"),
      weights(spec.queue_depth),
      activations(spec.queue_depth),
      spec_(spec),
      row_(row),
      col_(col),
      sum_(std::size_t(spec.ofm_buffers)),
      sum_neg_(std::size_t(spec.ofm_buffers)),
      adds_(stats().counter("fp_adds", "operations", "additions into an output buffer (a ternary "
                                                     "weight's add or subtract, a product's sum)")),
      mults_(stats().counter("fp_mults", "operations", "products of a weight and an input")),
      skipped_(stats().counter("skipped_terms", "terms", "terms not executed: a zero weight or a "
                                                         "zero input, skipped")),
      discarded_(stats().counter("discarded_entries", "entries",
                                 "operand entries with no term to execute, dropped by the skip "
                                 "control")),
      ptwise_(stats().counter("ptwise_ops", "operations",
                              "point-wise operations on the output buffers (ternary scaling, "
                              "ReLU)")) {
  const sim::TechTable& t = *ctx.tech;
  const sim::OpCosts add = fp_add_costs(t, spec), mult = fp_mult_costs(t, spec);
  const sim::SramCosts acc = output_buffer_costs(t, spec), queue = queue_costs(t, spec);
  add_ = actions().declare("fp_add", add.energy_pj);
  mult_ = actions().declare("fp_mult", mult.energy_pj);
  acc_ = actions().declare("output_buffer_update", plus(acc.read_pj, acc.write_pj));
  queue_ = actions().declare("operand_entry", times(plus(queue.write_pj, queue.read_pj), 2,
                                                    "a weight word and an activation"));
  const sim::Cost units = times(plus(add.area_um2, mult.area_um2), spec.lanes, "lanes");
  set_area_um2(plus(plus(units, acc.area_um2), times(queue.area_um2, 2, "two queues")));
  const sim::Cost leak = times(plus(add.leakage_mw, mult.leakage_mw), spec.lanes, "lanes");
  set_leakage_mw(plus(plus(leak, acc.leakage_mw), times(queue.leakage_mw, 2, "two queues")));
}

void DlacPe::start_layer(const DlacLayer& layer, std::vector<std::int32_t>& out) {
  layer_ = &layer, out_ = &out;
  pass_ = 0, executed_ = 0;
  begin_pass();
}

void DlacPe::begin_pass() {
  while (pass_ < layer_->passes.size() && !active_in(layer_->passes[pass_])) ++pass_;
  if (pass_ == layer_->passes.size()) {
    state_ = State::kDone;
    return;
  }
  state_ = State::kAccumulate;
  consumed_ = 0, cursor_ = 0;
  std::fill(sum_.begin(), sum_.end(), 0.0);
  std::fill(sum_neg_.begin(), sum_neg_.end(), 0.0);
}

int DlacPe::outputs_in_pass() const {
  const Pass& p = layer_->passes[pass_];
  return std::min(spec_.ofm_buffers, p.m_end - (p.m0 + row_ * spec_.ofm_buffers));
}

bool DlacPe::executes(std::int32_t level, double x) const {
  return !(spec_.skip_zero_weights && level == 0) && !(spec_.skip_zero_activations && x == 0);
}

// Ternary: an add into the sum of the weight's sign (subtracting is adding into the other
// sum); otherwise a product and its sum. A zero operand executed (skipping off) adds a zero.
void DlacPe::issue(int m, int b, std::int32_t level, double x) {
  const workloads::FloatFormat f = spec_.format;
  ++executed_;
  adds_.add();
  actions().add(add_);
  actions().add(acc_);
  if (layer_->ternary) {
    double& s = level < 0 ? sum_neg_[std::size_t(b)] : sum_[std::size_t(b)];
    s = fadd(f, s, level == 0 ? 0.0 : x);
    return;
  }
  mults_.add();
  actions().add(mult_);
  sum_[std::size_t(b)] = fadd(f, sum_[std::size_t(b)], fmul(f, layer_->weight(m, level), x));
}

void DlacPe::step(std::uint64_t cycle) {
  if (state_ == State::kDone) {
    stack_.charge_to(cycle + 1, CycleCategory::kBarrier);
    return;
  }
  if (state_ == State::kDrain) {
    stack_.charge_to(cycle + 1, CycleCategory::kDrain);
    if (--drain_left_ == 0) finish_pass();
    return;
  }
  const Pass& p = layer_->passes[pass_];
  const int base = p.m0 + row_ * spec_.ofm_buffers, outputs = outputs_in_pass();
  int discards = 0, issued = 0;
  while (consumed_ < layer_->k_count && !weights.empty() && !activations.empty() && issued == 0) {
    const int k = weights.front().k;
    const double x = activations.front().value;
    AXSIM_ASSERT(k == activations.front().k && weights.front().pass == activations.front().pass &&
                 std::size_t(weights.front().pass) == pass_);
    // Issue up to `lanes` terms; the skip control passes over terms with a zero operand, also
    // those after the last issued one, so an entry whose remaining terms are all zero ends now.
    int b = cursor_;
    for (; b < outputs; ++b) {
      const std::int32_t lvl = layer_->level(base + b, k);
      if (!executes(lvl, x)) {
        skipped_.add();
        continue;
      }
      if (issued == spec_.lanes) break;
      issue(base + b, b, lvl, x);
      ++issued;
    }
    cursor_ = b;
    if (cursor_ < outputs) break;  // the entry has terms left for the next cycle
    weights.pop(), activations.pop();
    actions().add(queue_);
    ++consumed_, cursor_ = 0;
    if (issued == 0) {
      discarded_.add();
      if (++discards == spec_.skip_per_cycle) break;
    }
  }
  const bool waiting = issued == 0 && discards == 0;
  stack_.charge_to(cycle + 1, issued > 0 ? CycleCategory::kCompute
                              : waiting  ? CycleCategory::kMemoryWait
                                         : CycleCategory::kIdle);
  if (consumed_ == layer_->k_count) {
    // The last operations leave the pipeline, then the point-wise ops on every output.
    const int per_output = layer_->ternary ? 2 : 1;  // two scalings, or the ReLU select
    drain_left_ = spec_.pipeline_cycles + (outputs * per_output + spec_.lanes - 1) / spec_.lanes;
    state_ = State::kDrain;
  }
}

// ptWiseOp: y = P x S_P + N x S_N for ternary weights (two products and a sum), then ReLU.
void DlacPe::finish_pass() {
  const workloads::FloatFormat f = spec_.format;
  const Pass& p = layer_->passes[pass_];
  const int base = p.m0 + row_ * spec_.ofm_buffers, outputs = outputs_in_pass();
  const int pixel = p.p0 + col_;
  for (int b = 0; b < outputs; ++b) {
    const int m = base + b;
    double y = sum_[std::size_t(b)];
    if (layer_->ternary) {
      y = fadd(f, fmul(f, layer_->weight(m, layer_->positive), sum_[std::size_t(b)]),
               fmul(f, layer_->weight(m, layer_->negative), sum_neg_[std::size_t(b)]));
      ptwise_.add(3);
      actions().add(mult_, 2), actions().add(add_);
    }
    if (layer_->relu) {
      ptwise_.add();
      if (!(y > 0)) y = 0;
    }
    (*out_)[std::size_t(m) * std::size_t(layer_->pixels) + std::size_t(pixel)] =
        workloads::float_bits(f, y);
  }
  ++pass_;
  begin_pass();
}

}  // namespace axsim::arch::dlac
