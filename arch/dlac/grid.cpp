// SPDX-License-Identifier: Apache-2.0
#include "arch/dlac/grid.hpp"

#include <fmt/format.h>

#include "arch/common/datapath_costs.hpp"
#include "arch/common/sram_port.hpp"

namespace axsim::arch::dlac {

namespace {

/// A line of buffers (one per PE row or column) as one component: its area, leakage and reads.
std::unique_ptr<sim::Component> buffers(sim::SimContext& ctx, sim::Component* parent,
                                        const std::string& name, const SramSpec& s, int count,
                                        sim::ActionCounts::Id& read) {
  auto c = std::make_unique<sim::Component>(ctx, parent, name, "dlac." + name);
  const sim::SramCosts costs = sram_costs(*ctx.tech, s);
  read = c->actions().declare("read", costs.read_pj);
  c->set_area_um2(times(costs.area_um2, count, "buffers"));
  c->set_leakage_mw(times(costs.leakage_mw, count, "buffers"));
  return c;
}

}  // namespace

DlacGrid::DlacGrid(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                   const DlacSpec& spec)
    : Ticked(ctx, parent, "grid", "dlac.grid", clock),
      spec_(spec),
      words_(stats().counter("weight_words", "words", "weight words sent along PE rows")),
      reads_(stats().counter("activations_sent", "values", "input terms sent along PE columns")),
      row_stalls_(stats().counter("row_stall_cycles", "line-cycles",
                                  "a weight buffer waited for a PE of its row with a full queue")),
      col_stalls_(stats().counter("column_stall_cycles", "line-cycles",
                                  "an input buffer waited for a PE of its column with a full queue")),
      passes_(stats().counter("passes", "passes", "grid passes (output-channel x pixel tiles)")) {
  for (int r = 0; r < spec.pe_rows; ++r)
    for (int c = 0; c < spec.pe_cols; ++c) pes_.push_back(std::make_unique<DlacPe>(ctx, this, r, c, spec));
  weight_buffers_ = buffers(ctx, this, "weight_buffers", spec.weight_buffer(), spec.pe_rows, word_read_);
  ifm_buffers_ = buffers(ctx, this, "ifm_buffers", spec.ifm_buffer(), spec.pe_cols, act_read_);
}

void DlacGrid::start_layer(const DlacLayer& layer, std::vector<std::int32_t>& out) {
  layer_ = &layer;
  for (auto& p : pes_) p->start_layer(layer, out);
  rows_.assign(std::size_t(spec_.pe_rows), BufferLine{});
  cols_.assign(std::size_t(spec_.pe_cols), BufferLine{});
  for (int r = 0; r < spec_.pe_rows; ++r) skip_idle_passes(rows_[std::size_t(r)], true, r);
  for (int c = 0; c < spec_.pe_cols; ++c) skip_idle_passes(cols_[std::size_t(c)], false, c);
  passes_.add(layer.passes.size());
  start_tick_ = now();
  cycle_ = clock().edge_at_or_after(now()) / clock().period_ps();
  for (auto& p : pes_) p->cycle_stack().start(cycle_);
  done_ = false;
  wake();
}

void DlacGrid::skip_idle_passes(BufferLine& line, bool is_row, int index) {
  const auto& passes = layer_->passes;
  while (line.pass < passes.size()) {
    const Pass& p = passes[line.pass];
    const bool used = is_row ? p.m0 + index * spec_.ofm_buffers < p.m_end
                             : p.p0 + index < layer_->pixels;
    if (used) return;
    ++line.pass, line.k = 0;
  }
  line.finished = true;
}

// A line's PEs take term k of the pass only together: one with a full queue holds the line.
void DlacGrid::send(bool is_row, int index) {
  BufferLine& line = is_row ? rows_[std::size_t(index)] : cols_[std::size_t(index)];
  if (line.finished) return;
  const Pass& p = layer_->passes[line.pass];
  const int count = is_row ? spec_.pe_cols : spec_.pe_rows;
  auto at = [&](int n) -> DlacPe& { return is_row ? pe(index, n) : pe(n, index); };
  for (int n = 0; n < count; ++n) {
    DlacPe& t = at(n);
    if (t.active_in(p) && (is_row ? t.weights.full() : t.activations.full())) {
      (is_row ? row_stalls_ : col_stalls_).add();
      return;
    }
  }
  const double x = is_row ? 0.0 : layer_->activation(p.group, line.k, p.p0 + index);
  for (int n = 0; n < count; ++n) {
    DlacPe& t = at(n);
    if (!t.active_in(p)) continue;
    if (is_row) t.weights.push({int(line.pass), line.k});
    else t.activations.push({int(line.pass), line.k, x});
  }
  (is_row ? words_ : reads_).add();
  if (is_row) weight_buffers_->actions().add(word_read_);
  else ifm_buffers_->actions().add(act_read_);
  if (++line.k == layer_->k_count) {
    ++line.pass, line.k = 0;
    skip_idle_passes(line, is_row, index);
  }
}

bool DlacGrid::tick() {
  bool all_done = true;
  for (auto& p : pes_) {
    p->step(cycle_);
    all_done = all_done && p->done();
  }
  for (int r = 0; r < spec_.pe_rows; ++r) send(true, r);
  for (int c = 0; c < spec_.pe_cols; ++c) send(false, c);
  ++cycle_;
  progress();
  if (!all_done) return true;
  done_ = true;
  finish_tick_ = clock().to_ticks({cycle_});
  return false;
}

std::uint64_t DlacGrid::executed() const {
  std::uint64_t n = 0;
  for (const auto& p : pes_) n += p->executed();
  return n;
}

std::string DlacGrid::state() const {
  int busy = 0;
  for (const auto& p : pes_) busy += p->done() ? 0 : 1;
  return fmt::format("{} PEs not done, cycle {}", busy, cycle_);
}

}  // namespace axsim::arch::dlac
