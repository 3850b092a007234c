// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/pe.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/common/wrapping_sum.hpp"
#include "arch/scnn/costs.hpp"
#include "arch/scnn/sequencer.hpp"

namespace axsim::arch::scnn {

ScnnPe::ScnnPe(sim::SimContext& ctx, sim::Component* parent, int index,
               const sim::ClockDomain& clock, const ScnnSpec& spec)
    : Ticked(ctx, parent, fmt::format("pe{}_{}", index / spec.pe_cols, index % spec.pe_cols),
             "scnn.pe", clock),
      spec_(spec),
      index_(index),
      bank_pending_(std::size_t(spec.acc_banks), 0),
      pairs_(stats().counter("vector_pairs", "pairs", "F-weight x I-activation vector pairs multiplied")),
      useful_(stats().counter("useful_products", "products", "products that land on an output")),
      dropped_(stats().counter("dropped_products", "products",
                               "products between strided outputs or off the output plane")),
      idle_slots_(stats().counter("idle_multiplier_slots", "slots",
                                  "multipliers without an operand pair in a multiply cycle (fragmentation)")),
      conflict_cycles_(stats().counter("bank_conflict_cycles", "cycles",
                                       "extra cycles for products that hit the same accumulator bank")),
      fifo_wait_cycles_(stats().counter("weight_wait_cycles", "cycles",
                                        "cycles waiting for a weight block from DRAM")),
      mac_(actions().declare("multiply_add", tech().energy_pj("mac_int16"))),
      coord_(actions().declare("coordinate", tech().energy_pj("scnn_coord_product"))),
      xbar_(actions().declare("crossbar", tech().energy_pj("scnn_xbar_product"))),
      acc_(*this, spec.acc_bank_sram(), {"accumulator_read", "accumulator_write"}),
      iaram_(*this, spec.iaram_sram(), {"iaram_read", ""}),
      fifo_(*this, spec.weight_fifo_sram(), {"weight_fifo_read", ""}) {
  const PeCosts costs = pe_costs(tech(), spec);
  set_area_um2(costs.area_um2);
  set_leakage_mw(costs.leakage_mw);
}

void ScnnPe::start_group(const LayerPlan& plan, int g, std::vector<std::int32_t>& out) {
  plan_ = &plan;
  tile_ = &plan.tiles[std::size_t(index_)];
  out_ = &out;
  group_ = g, c_ = 0, phase_ = 0, wi_ = 0, ai_ = 0;
  busy_ = true;
  waiting_for_block_ = false;
  wake();
}

// One activation vector against every weight vector of the block, as the paper's loop nest has
// it (papers.md 2.1: ... W -> H -> Kc -> R -> S): the I activations are read from the IARAM once
// and stay at the multipliers while the block's weight vectors stream past from the weight FIFO,
// one (F-vector, I-vector) pair per cycle plus its bank-conflict stalls. The pairs' cycles are
// summed exactly and the PE sleeps through them (one event per activation vector).
bool ScnnPe::tick() {
  if (!next_pair()) {
    busy_ = false;
    finished_at_ = now();
    seq_->pe_finished();
    return false;
  }
  if (waiting_for_block_) return false;  // the sequencer wakes us when the block lands
  std::uint64_t cycles = 0;
  const auto& phase = plan_->block_phase[block()];
  for (wi_ = phase[std::size_t(phase_)]; wi_ < phase[std::size_t(phase_) + 1]; wi_ += std::size_t(spec_.f))
    cycles += multiply();
  ai_ += std::size_t(spec_.i);
  iaram_.read_words(1);  // once per activation vector: it is stationary
  wake_at(now() + clock().to_ticks({cycles}));
  return false;
}

// Skips exhausted channels and stride phases, and those with nothing to multiply; stops
// (waiting) at a channel whose weight block has not arrived.
bool ScnnPe::next_pair() {
  const int channels = plan_->shape.in_channels;
  while (c_ < channels) {
    const auto& acts = tile_->act_phase[std::size_t(c_)];
    if (acts.back() > 0 && !seq_->block_ready(group_, c_)) {
      if (!waiting_for_block_) wait_start_ = now();
      waiting_for_block_ = true;
      return true;
    }
    if (waiting_for_block_) {
      fifo_wait_cycles_.add(std::uint64_t((now() - wait_start_) / clock().period_ps()));
      waiting_for_block_ = false;
    }
    const auto& weights = plan_->block_phase[block()];
    for (; phase_ < plan_->phases; ++phase_, ai_ = 0) {
      const auto q = std::size_t(phase_);
      ai_ = std::max<std::size_t>(ai_, acts[q]);
      if (weights[q + 1] > weights[q] && ai_ < acts[q + 1]) return true;
    }
    ++c_, phase_ = 0, ai_ = 0;
    seq_->pe_advanced();
  }
  return false;
}

std::uint64_t ScnnPe::multiply() {
  const auto& sh = plan_->shape;
  const auto& acts = tile_->acts[std::size_t(c_)];
  const auto& weights = plan_->blocks[block()];
  const auto q = std::size_t(phase_);
  const std::size_t nw = std::min<std::size_t>(plan_->block_phase[block()][q + 1] - wi_, std::size_t(spec_.f));
  const std::size_t na = std::min<std::size_t>(tile_->act_phase[std::size_t(c_)][q + 1] - ai_, std::size_t(spec_.i));
  const int k0 = group_ * plan_->kc;
  const Range ox_r = tile_->out_x, oy_r = tile_->out_y;
  std::uint64_t valid = 0;
  for (std::size_t w = 0; w < nw; ++w) {
    const WeightNz& wt = weights[wi_ + w];
    for (std::size_t a = 0; a < na; ++a) {
      const ActNz& act = acts[ai_ + a];
      const int nx = act.x + sh.pad - wt.s, ny = act.y + sh.pad - wt.r;
      if (nx < 0 || ny < 0 || nx % sh.stride || ny % sh.stride) { dropped_.add(); continue; }
      const int ox = nx / sh.stride, oy = ny / sh.stride;
      if (ox >= sh.out_w() || oy >= sh.out_h()) { dropped_.add(); continue; }
      std::int32_t& sum = (*out_)[(std::size_t(wt.k) * sh.out_h() + oy) * sh.out_w() + ox];
      sum = wrapping_mac(sum, wt.value, act.value);
      const auto addr = std::size_t(((wt.k - k0) * oy_r.size() + (oy - oy_r.lo)) * ox_r.size() + (ox - ox_r.lo));
      ++bank_pending_[addr % bank_pending_.size()];
      ++valid;
    }
  }
  const std::uint64_t products = nw * na;
  pairs_.add();
  useful_.add(valid);
  idle_slots_.add(std::uint64_t(spec_.f * spec_.i) - products);
  actions().add(mac_, products);  // dropped products are multiplied too
  actions().add(coord_, products);  // and their coordinates computed, to find they drop
  actions().add(xbar_, valid);
  acc_.read_words(valid), acc_.write_words(valid);
  fifo_.read_words(1);  // the weight vector is read again for every activation vector
  return 1 + drain_banks();
}

// Each bank retires one product per cycle and buffers bank_queue_depth more; while a bank holds
// more than that the multiplier array stalls. Returns the stall cycles.
std::uint64_t ScnnPe::drain_banks() {
  const std::uint32_t capacity = std::uint32_t(spec_.bank_queue_depth) + 1;
  std::uint64_t stalls = 0;
  auto retire = [&] {
    for (std::uint32_t& p : bank_pending_) p -= p > 0;
  };
  while (*std::max_element(bank_pending_.begin(), bank_pending_.end()) > capacity) retire(), ++stalls;
  retire();
  conflict_cycles_.add(stalls);
  return stalls;
}

std::string ScnnPe::state() const {
  return fmt::format("group {}, channel {}{}", group_, c_, waiting_for_block_ ? ", waiting for weights" : "");
}

}  // namespace axsim::arch::scnn
