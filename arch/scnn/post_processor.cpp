// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/post_processor.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "arch/scnn/costs.hpp"
#include "arch/scnn/sequencer.hpp"

namespace axsim::arch::scnn {

PostProcessor::PostProcessor(sim::SimContext& ctx, sim::Component* parent,
                             const sim::ClockDomain& clock, const ScnnSpec& spec,
                             std::vector<ScnnPe*> pes)
    : Component(ctx, parent, "post_processing", "scnn.ppu"),
      spec_(spec),
      pes_(std::move(pes)),
      pe_(pes_.size()),
      clock_(clock),
      drain_cycles_(stats().counter("drain_cycles", "cycles",
                                    "cycles from a group's barrier to its last output drained")),
      halo_sums_(stats().counter("halo_sums", "sums", "partial sums sent to the PE that owns them")),
      far_sums_(stats().counter("halo_sums_beyond_neighbours", "sums",
                                "halo sums whose owner is not one of the sender's four mesh "
                                "neighbours (sent over one link all the same: a simplification)")),
      halo_wait_(stats().counter("ppu_halo_wait_cycles", "PE cycles",
                                 "PPU cycles stalled at an output still expecting halo sums")),
      link_blocked_(stats().counter("halo_blocked_cycles", "PE cycles",
                                    "cycles a PE could not send a halo sum: the owner's inbound queue was full")),
      saturations_(stats().counter("accumulator_saturations", "additions",
                                   "halo additions that saturated at accumulator_bits")),
      drain_(*this, spec.acc_bank_sram(), {"drain_accumulator_read", ""}),
      halo_link_(actions().declare("halo_link", halo_link_energy(tech(), spec))),
      halo_acc_(*this, spec.acc_bank_sram(), {"halo_accumulator_read", "halo_accumulator_write"}) {}

void PostProcessor::start_drain(const LayerPlan& plan, int g, std::vector<std::int32_t>& out,
                                bool relu) {
  out_ = &out, relu_ = relu, buffer_ = g % 2;
  plan_drain(plan, g);
  std::uint64_t cycle = clock_.cycle_at(now()).n;
  const std::uint64_t first = cycle;
  while (drain_cycle(cycle)) ++cycle;
  drain_cycles_.add(cycle + 1 - first);
  saturations_.add(saturated_), saturated_ = 0;
  done_at_ = clock_.to_ticks({cycle + 1});
  progress();
  seq_->drain_finishes(done_at_);
}

void PostProcessor::plan_drain(const LayerPlan& plan, int g) {
  const int kc = std::min(plan.kc, plan.shape.out_channels - g * plan.kc);
  for (std::size_t p = 0; p < pe_.size(); ++p) {
    PeDrain& d = pe_[p];
    d.send.clear(), d.inbound.clear(), d.own.clear(), d.out_index.clear();
    d.sent = d.drained = 0;
    d.pending.assign(pes_[p]->accumulators().entries(), 0);
  }
  if (plan.channel_tiled)
    plan_channels(plan, g, kc);
  else
    plan_plane(plan, g, kc);
}

// Owner of every output row and column: the tile (grid row, grid column) whose own range holds
// it, on its PE.
void PostProcessor::plan_plane(const LayerPlan& plan, int g, int kc) {
  const auto& sh = plan.shape;
  const TileGrid& grid = plan.grid;
  std::vector<int> row_of(std::size_t(sh.out_h())), col_of(std::size_t(sh.out_w()));
  for (int gy = 0; gy < grid.rows; ++gy)
    for (int gx = 0; gx < grid.cols; ++gx) {
      const PeTile& t = plan.tiles[std::size_t(grid.pe(gy, gx))];
      for (int y = t.own_y.lo; y < t.own_y.hi; ++y) row_of[std::size_t(y)] = gy;
      for (int x = t.own_x.lo; x < t.own_x.hi; ++x) col_of[std::size_t(x)] = gx;
    }
  const auto addr_in = [](const PeTile& t, int k, int y, int x) {
    return std::uint32_t((k * t.out_y.size() + (y - t.out_y.lo)) * t.out_x.size() + (x - t.out_x.lo));
  };
  for (std::size_t p = 0; p < pe_.size(); ++p) {
    const PeTile& t = plan.tiles[p];
    Accumulators& acc = pes_[p]->accumulators();
    PeDrain& d = pe_[p];
    for (int k = 0; k < kc; ++k)
      for (int y = t.out_y.lo; y < t.out_y.hi; ++y)
        for (int x = t.out_x.lo; x < t.out_x.hi; ++x) {
          const std::uint32_t a = addr_in(t, k, y, x);
          const auto owner = std::uint32_t(grid.pe(row_of[std::size_t(y)], col_of[std::size_t(x)]));
          if (owner == p) {
            d.own.push_back(a);
            d.out_index.push_back((std::size_t(g * plan.kc + k) * std::size_t(sh.out_h()) + std::size_t(y)) *
                                      std::size_t(sh.out_w()) + std::size_t(x));
            continue;
          }
          const std::uint32_t to = addr_in(plan.tiles[owner], k, y, x);
          d.send.push_back({owner, to, acc.at(buffer_, a), 0});
          acc.at(buffer_, a) = 0;
          ++pe_[owner].pending[to];
        }
  }
}

// An fc layer: every PE holds partial sums of all kc outputs (entry k); output k belongs to PE
// (g x Kc + k) mod N.
void PostProcessor::plan_channels(const LayerPlan& plan, int g, int kc) {
  const auto n = std::uint32_t(pe_.size());
  for (std::uint32_t p = 0; p < n; ++p) {
    Accumulators& acc = pes_[p]->accumulators();
    for (int k = 0; k < kc; ++k) {
      const std::size_t out = std::size_t(g * plan.kc + k);
      const auto owner = std::uint32_t(out % n);
      if (owner == p) {
        pe_[p].own.push_back(std::uint32_t(k)), pe_[p].out_index.push_back(out);
        continue;
      }
      pe_[p].send.push_back({owner, std::uint32_t(k), acc.at(buffer_, std::size_t(k)), 0});
      acc.at(buffer_, std::size_t(k)) = 0;
      ++pe_[owner].pending[std::size_t(k)];
    }
  }
}

// PEs p and q are neighbours on the pe_rows x pe_cols mesh (one row or one column apart).
bool PostProcessor::adjacent(std::size_t p, std::size_t q) const {
  const auto cols = std::size_t(spec_.pe_cols);
  const std::size_t dr = p / cols > q / cols ? p / cols - q / cols : q / cols - p / cols;
  const std::size_t dc = p % cols > q % cols ? p % cols - q % cols : q % cols - p % cols;
  return dr + dc == 1;
}

bool PostProcessor::drain_cycle(std::uint64_t cycle) {
  const auto rate = std::size_t(spec_.halo_sums_per_cycle);
  const auto depth = std::size_t(spec_.halo_queue_depth);
  bool work = false;
  for (std::size_t p = 0; p < pe_.size(); ++p) {  // owners add arrived sums
    PeDrain& d = pe_[p];
    Accumulators& acc = pes_[p]->accumulators();
    for (std::size_t n = 0; n < rate && !d.inbound.empty() && d.inbound.front().arrives <= cycle; ++n) {
      const HaloSum& h = d.inbound.front();
      saturated_ += acc.add(buffer_, h.addr, h.value);
      --d.pending[h.addr];
      halo_acc_.read_words(1), halo_acc_.write_words(1);
      d.inbound.pop_front();
    }
  }
  for (std::size_t p = 0; p < pe_.size(); ++p) {  // senders
    PeDrain& d = pe_[p];
    for (std::size_t n = 0; n < rate && d.sent < d.send.size(); ++n) {
      HaloSum h = d.send[d.sent];
      PeDrain& to = pe_[h.owner];
      if (to.inbound.size() >= depth) {
        link_blocked_.add();
        break;
      }
      h.arrives = cycle + std::uint64_t(spec_.halo_link_cycles);
      to.inbound.push_back(h);
      ++d.sent;
      halo_sums_.add();
      if (!adjacent(p, h.owner)) far_sums_.add();
      actions().add(halo_link_, 1);
      drain_.read_words(1);
    }
  }
  for (std::size_t p = 0; p < pe_.size(); ++p) {  // PPUs
    PeDrain& d = pe_[p];
    Accumulators& acc = pes_[p]->accumulators();
    for (int n = 0; n < spec_.ppu_outputs_per_cycle && d.drained < d.own.size(); ++n) {
      const std::uint32_t a = d.own[d.drained];
      if (d.pending[a] > 0) {
        halo_wait_.add();
        break;
      }
      std::int32_t& v = acc.at(buffer_, a);
      (*out_)[d.out_index[d.drained]] = relu_ ? std::max(v, 0) : v;
      v = 0;
      drain_.read_words(1);
      ++d.drained;
    }
    work = work || d.drained < d.own.size() || d.sent < d.send.size() || !d.inbound.empty();
  }
  return work;
}

std::string PostProcessor::state() const {
  return draining(now()) ? "draining a group until tick " + std::to_string(done_at_) : "idle";
}

}  // namespace axsim::arch::scnn
