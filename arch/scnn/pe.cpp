// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/pe.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/scnn/costs.hpp"
#include "arch/scnn/sequencer.hpp"

namespace axsim::arch::scnn {

ScnnPe::ScnnPe(sim::SimContext& ctx, sim::Component* parent, int index,
               const sim::ClockDomain& clock, const ScnnSpec& spec)
    : Ticked(ctx, parent, fmt::format("pe{}_{}", index / spec.pe_cols, index % spec.pe_cols),
             "scnn.pe", clock),
      spec_(spec),
      index_(index),
      fifo_(std::uint32_t(spec.weight_fifo_entries)),
      acc_(spec.acc_banks, spec.bank_entries, spec.accumulator_bits),
      xbar_(spec.f * spec.i, spec.acc_banks, spec.product_queue_depth),
      staged_(std::size_t(spec.f * spec.i)),
      staged_lane_(std::size_t(spec.f * spec.i)),
      multiply_cycles_(stats().counter("multiply_cycles", "cycles",
                                       "cycles the multiplier array took a vector pair")),
      pairs_(stats().counter("vector_pairs", "pairs", "F-weight x I-activation vector pairs multiplied")),
      useful_(stats().counter("useful_products", "products", "products that land on an output")),
      dropped_(stats().counter("dropped_products", "products",
                               "products between strided outputs or off the output plane")),
      idle_slots_(stats().counter("idle_multiplier_slots", "slots",
                                  "multipliers without an operand pair in a multiply cycle (fragmentation)")),
      stall_cycles_(stats().counter("crossbar_stall_cycles", "cycles",
                                    "cycles a pair waited because a crossbar queue it writes was full")),
      lost_arbitration_(stats().counter("lost_arbitrations", "product-cycles",
                                        "queue heads that lost their bank's arbitration, per cycle")),
      drain_cycles_(stats().counter("queue_drain_cycles", "cycles",
                                    "cycles the crossbar queues drained with no pair to issue")),
      fifo_wait_cycles_(stats().counter("weight_wait_cycles", "cycles",
                                        "cycles the weight FIFO was empty when the array needed a chunk")),
      saturations_(stats().counter("accumulator_saturations", "additions",
                                   "additions that saturated at accumulator_bits")),
      mac_(actions().declare("multiply_add", multiply_add_energy(tech(), spec))),
      coord_(actions().declare("coordinate", coordinate_energy(tech(), spec))),
      xbar_id_(actions().declare("crossbar", crossbar_energy(tech(), spec))),
      acc_port_(*this, spec.acc_bank_sram(), {"accumulator_read", "accumulator_write"}),
      iaram_(*this, spec.iaram_sram(), {"iaram_read", ""}),
      fifo_port_(*this, spec.weight_fifo_sram(), {"weight_fifo_read", ""}) {
  bank_mask_ = std::uint32_t(spec.acc_banks - 1);
  while ((1 << bank_shift_) < spec.acc_banks) ++bank_shift_;
  // Table 4's rows, each a child component with its area and leakage (the PE's own is none).
  for (const PePart& p : pe_parts(tech(), spec)) {
    parts_.push_back(std::make_unique<sim::Component>(ctx, this, p.name, "scnn." + p.name));
    parts_.back()->set_area_um2(p.area_um2);
    parts_.back()->set_leakage_mw(p.leakage_mw);
  }
}

void ScnnPe::start_group(const LayerPlan& plan, int g, sim::CycleCategory waited) {
  stack_.charge_to(cycle_now() + 1, waited);
  plan_ = &plan;
  tile_ = &plan.tiles[std::size_t(index_)];
  // A dealt (fc) layer: this PE takes only the blocks of its channels, index, index + N, ...
  c_step_ = plan.channel_tiled ? spec_.pes() : 1;
  group_ = g, buffer_ = g % 2, c_ = plan.channel_tiled ? index_ : 0, chunk_ = 0;
  busy_ = true, waiting_ = false, holding_ = false;
  wake_at(now() + clock().period_ps());  // the start is registered: the PE sees it next cycle
}

bool ScnnPe::sleep_until(std::uint64_t cycle) {
  wake_at(clock().to_ticks({cycle}));
  return false;
}

void ScnnPe::catch_up(std::uint64_t cycle) {
  for (; local_ < cycle && !xbar_.empty(); ++local_) {
    lost_arbitration_.add(xbar_.cycle(local_, acc_, buffer_, saturated_));
    drain_cycles_.add();
  }
  local_ = std::max(local_, cycle);
  stack_.charge_to(local_, sim::CycleCategory::kMemoryWait);  // waited for weights
}

// Everything up to the cycle the sequencer can see next (a chunk leaving the FIFO, the group's
// end) is computed here, cycle by cycle; then the PE sleeps until that cycle.
bool ScnnPe::tick() {
  const std::uint64_t now_cycle = cycle_now();
  if (!busy_) return false;
  if (waiting_) {
    fifo_wait_cycles_.add(now_cycle - wait_start_);
    waiting_ = false;
  }
  catch_up(now_cycle);
  for (;;) {
    if (local_ > now_cycle) return sleep_until(local_);
    if (holding_) {  // the chunk read for the last time leaves the FIFO now
      fifo_.pop(now_cycle);
      holding_ = false;
      seq_->chunk_consumed();
    }
    if (c_ >= plan_->shape.in_channels) return finish_group();
    if (!fifo_.head_ready(now_cycle)) {
      waiting_ = true, wait_start_ = now_cycle;
      return fifo_.empty() ? false : sleep_until(now_cycle + 1);  // else chunk_arrived() wakes us
    }
    take_chunk();
    run_chunk();
    holding_ = true;  // released at the cycle after its last pair
  }
}

// The group's last chunk is done: the crossbar queues drain, and the PE is at the barrier from
// the cycle after the last product reached its bank (the sequencer is told that cycle now).
bool ScnnPe::finish_group() {
  for (; !xbar_.empty(); ++local_) {
    lost_arbitration_.add(xbar_.cycle(local_, acc_, buffer_, saturated_));
    drain_cycles_.add();
  }
  stack_.charge_to(local_, sim::CycleCategory::kDrain);
  saturations_.add(saturated_), saturated_ = 0;
  busy_ = false;
  finished_at_ = clock().to_ticks({local_});
  seq_->pe_finished(finished_at_);
  return false;
}

// Takes chunk `chunk_` of block (group, c_), the FIFO's head, and moves on to the next chunk
// (the PE's next channel after the block's last).
void ScnnPe::take_chunk() {
  cur_c_ = c_;
  cur_block_ = block();
  const auto& cuts = plan_->block_chunks[cur_block_];
  w_lo_ = cuts[chunk_], w_hi_ = cuts[chunk_ + 1];
  if (++chunk_ + 1 == cuts.size()) chunk_ = 0, c_ += c_step_;
}

// Every pair of the chunk, one per cycle unless a crossbar queue it writes is full. In each
// cycle the crossbar first moves the queue heads (products of earlier cycles), then the array
// issues into the room that leaves.
void ScnnPe::run_chunk() {
  const auto& wph = plan_->block_phase[cur_block_];
  const auto& aph = tile_->act_phase[std::size_t(cur_c_)];
  const auto f = std::size_t(spec_.f), i = std::size_t(spec_.i);
  for (std::size_t q = 0; q + 1 < wph.size(); ++q) {
    const std::size_t w_lo = std::max<std::size_t>(w_lo_, wph[q]), w_hi = std::min<std::size_t>(w_hi_, wph[q + 1]);
    if (w_lo >= w_hi) continue;
    for (std::size_t a = aph[q]; a < aph[q + 1]; a += i) {
      iaram_.read_words(1);  // the activation vector stays at the multipliers for the chunk
      const std::size_t na = std::min(aph[q + 1] - a, i);
      for (std::size_t w = w_lo; w < w_hi; w += f) {
        stage(w, std::min(w_hi - w, f), a, na);
        for (bool issued = false; !issued; ++local_) {
          lost_arbitration_.add(xbar_.cycle(local_, acc_, buffer_, saturated_));
          issued = issue_staged();
          if (!issued) stall_cycles_.add();
          stack_.charge_to(local_ + 1, issued ? sim::CycleCategory::kCompute
                                              : sim::CycleCategory::kQueueFull);
        }
      }
    }
  }
}

// The pair's products: each output coordinate, dropped if it falls between strided outputs or
// off the plane, else the accumulator entry of the PE's region it adds into.
void ScnnPe::stage(std::size_t w0, std::size_t nw, std::size_t a0, std::size_t na) {
  const auto& sh = plan_->shape;
  const ActNz* acts = tile_->acts[std::size_t(cur_c_)].data() + a0;
  const WeightNz* weights = plan_->blocks[cur_block_].data() + w0;
  const int k0 = group_ * plan_->kc, stride_h = sh.stride_h, stride_w = sh.stride_w, out_w = sh.out_w();
  const int row_lo = plan_->band.out_lo, row_hi = plan_->band.out_hi;
  const Range ox_r = tile_->out_x, oy_r = tile_->out_y;
  const int row = ox_r.size(), plane = row * oy_r.size();
  staged_count_ = 0;
  for (std::size_t w = 0; w < nw; ++w) {
    const WeightNz& wt = weights[w];
    const int base = (wt.k - k0) * plane;
    for (std::size_t a = 0; a < na; ++a) {
      const ActNz& act = acts[a];
      int ox = act.x + sh.pad_w - wt.s, oy = act.y + sh.pad_h - wt.r;
      if (ox < 0 || oy < 0) continue;
      if (stride_w != 1 || stride_h != 1) {
        if (ox % stride_w || oy % stride_h) continue;
        ox /= stride_w, oy /= stride_h;
      }
      if (ox >= out_w || oy < row_lo || oy >= row_hi) continue;  // off the plane or the band
      const auto addr = std::uint32_t(base + (oy - oy_r.lo) * row + (ox - ox_r.lo));
      staged_lane_[staged_count_] = int(w * std::size_t(spec_.i) + a);
      staged_[staged_count_++] = {addr & bank_mask_, addr >> bank_shift_, wt.value * act.value};
    }
  }
  count_pair(nw * na);
}

// The pair's counts and actions: `products` formed, staged_count_ of them landing.
void ScnnPe::count_pair(std::uint64_t products) {
  pairs_.add();
  multiply_cycles_.add();
  useful_.add(staged_count_);
  dropped_.add(products - staged_count_);
  idle_slots_.add(std::uint64_t(spec_.f * spec_.i) - products);
  actions().add(mac_, products);    // dropped products are multiplied too
  actions().add(coord_, products);  // and their coordinates computed, to find they drop
  actions().add(xbar_id_, staged_count_);
  acc_port_.read_words(staged_count_), acc_port_.write_words(staged_count_);
  fifo_port_.read_words(1);  // the weight vector is read again for every activation vector
}

bool ScnnPe::issue_staged() {
  for (std::uint32_t p = 0; p < staged_count_; ++p)
    if (!xbar_.room(staged_lane_[p])) return false;
  for (std::uint32_t p = 0; p < staged_count_; ++p) xbar_.push(staged_lane_[p], staged_[p]);
  return true;
}

std::string ScnnPe::state() const {
  return fmt::format("group {}, channel {}, {} products queued, {} weights in the FIFO{}", group_,
                     c_, xbar_.held(), fifo_.held(), waiting_ ? ", waiting for weights" : "");
}

}  // namespace axsim::arch::scnn
