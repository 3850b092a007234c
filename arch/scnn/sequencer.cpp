// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/sequencer.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace axsim::arch::scnn {

namespace {
constexpr std::uint32_t kFillTag = ~std::uint32_t{0};  ///< a band's input read, not a chunk
}  // namespace

Sequencer::Sequencer(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                     const ScnnSpec& spec, Dram& dram, std::vector<ScnnPe*> pes, PostProcessor& ppu)
    : Ticked(ctx, parent, "sequencer", "scnn.sequencer", clock),
      spec_(spec),
      dram_(*this, dram),
      pes_(std::move(pes)),
      ppu_(ppu),
      barrier_wait_cycles_(stats().counter("barrier_wait_cycles", "PE cycles",
                                           "cycles PEs waited at group barriers for the slowest PE")),
      broadcast_wait_cycles_(stats().counter("broadcast_wait_cycles", "cycles",
                                             "cycles an arrived chunk waited for room in every PE's weight FIFO")),
      weight_bytes_(stats().counter("weight_bytes", "bytes", "compressed weights fetched from DRAM")),
      spilled_act_bytes_(stats().counter("spilled_activation_bytes", "bytes",
                                         "activations read from DRAM because the tiles exceed the IARAM")),
      output_bytes_(stats().counter("output_bytes", "bytes", "compressed outputs written (OARAM or DRAM)")),
      spill_write_bytes_(stats().counter("spilled_activation_write_bytes", "bytes",
                                         "the spilled input written to DRAM once (by the layer before)")),
      groups_(stats().counter("groups", "groups", "output-channel groups (K / Kc)")),
      chunks_stat_(stats().counter("weight_chunks", "chunks",
                                   "pieces of weight blocks broadcast into the weight FIFOs")),
      bands_(stats().counter("bands", "bands",
                             "passes over bands of output rows (more than 1: the input spills)")),
      oaram_(*this, spec.oaram_sram(), {"", "oaram_write"}),
      fifo_(*this, spec.weight_fifo_sram(), {"", "weight_fifo_write"}) {
  for (ScnnPe* pe : pes_) pe->set_sequencer(this);
  ppu_.set_sequencer(this);
}

void Sequencer::start_layer(const std::vector<LayerPlan>& plans, std::vector<std::int32_t>& out,
                            bool relu) {
  plans_ = &plans, out_ = &out, relu_ = relu;
  const LayerPlan& first = plans.front();
  const bool streams = std::any_of(first.tiles.begin(), first.tiles.end(),
                                   [&](const PeTile& t) { return t.iaram_bytes > spec_.iaram_bytes; });
  spill_write_left_ = plans.size() > 1 || streams ? first.input_bytes : 0;
  // DRAM regions: the compressed input (spilled), then the chunk stream of weights.
  dram_.reset();
  input_base_ = dram_.allocate(first.input_bytes);
  band_fill_offset_ = 0;
  chunk_base_ = dram_.allocate(0);  // the last region: it may grow as far as it needs
  start_tick_ = now();
  for (ScnnPe* pe : pes_) pe->start_layer(first_cycle());
  started_ = true, done_ = false;
  start_band(0);
}

void Sequencer::start_band(std::size_t band) {
  band_ = band, plan_ = &(*plans_)[band];
  const LayerPlan& plan = *plan_;
  spill_inputs_ = std::any_of(plan.tiles.begin(), plan.tiles.end(),
                              [&](const PeTile& t) { return t.iaram_bytes > spec_.iaram_bytes; });
  band_fill_left_ = 0;
  if (plans_->size() > 1)
    for (const PeTile& t : plan.tiles) band_fill_left_ += t.iaram_bytes;
  bands_.add();
  list_chunks();
  got_.assign(chunks_.size(), false);
  sent_.assign(chunks_.size(), false);
  next_fetch_ = next_broadcast_ = arrived_ = 0;
  fetch_offset_ = 0;
  unbroadcast_bytes_ = 0;
  computing_ = barriers_ = drains_started_ = 0;
  blocked_ = false;
  groups_.add(std::uint64_t(plan.groups));
  for (ScnnPe* pe : pes_)
    pe->fifo().clear(), pe->start_group(plan, 0, sim::CycleCategory::kMemoryWait);
  pes_running_ = true;
  wake();  // to fetch (in the next cycle if this one has been ticked)
}

// Every chunk in fetch order (group, input channel, chunk). A block's stored bytes are shared
// out over its chunks by their entries (cumulative rounding, so they add up to the block); the
// first chunk of a block also carries the channel's spilled activations.
void Sequencer::list_chunks() {
  chunks_.clear();
  const auto channels = std::size_t(plan_->shape.in_channels);
  for (std::size_t b = 0; b < plan_->blocks.size(); ++b) {
    const auto& cuts = plan_->block_chunks[b];
    const std::uint64_t bytes = plan_->block_bytes[b], n = cuts.back();
    std::uint64_t acts = 0;
    if (spill_inputs_)
      for (const PeTile& t : plan_->tiles) acts += t.channel_bytes[b % channels];
    for (std::size_t j = 0; j + 1 < cuts.size(); ++j) {
      const std::uint64_t lo = n ? bytes * cuts[j] / n : 0, hi = n ? bytes * cuts[j + 1] / n : bytes;
      Chunk c{cuts[j + 1] - cuts[j], hi - lo + (j == 0 ? acts : 0), hi - lo,
              plan_->channel_tiled ? int(b % channels % pes_.size()) : -1};
      chunks_.push_back(c);
    }
  }
}

bool Sequencer::tick() {
  if (!started_ || done_) return false;
  take_responses();
  broadcast();
  issue_fetches();
  advance_groups();
  // Woken by the DRAM, a FIFO freeing room, or the cycle a known barrier or drain end comes.
  if (pes_running_ && std::none_of(pes_.begin(), pes_.end(), [](const ScnnPe* pe) { return pe->busy(); })) {
    sim::Tick last = 0;
    for (const ScnnPe* pe : pes_) last = std::max(last, pe->finished_at());
    wake_at(last);
  }
  if (ppu_.draining(now())) wake_at(ppu_.done_at());
  return false;
}

void Sequencer::take_responses() {
  dram_.take_responses([this](const MemResponse& r) {
    if (r.write || r.tag == kFillTag) return;
    got_[r.tag] = true;
  });
  while (arrived_ < got_.size() && got_[arrived_]) ++arrived_;
}

// The next chunk goes into every PE's FIFO at once, when all have room: the slowest PE holds
// the broadcast back.
void Sequencer::broadcast() {
  const std::uint64_t now_cycle = clock().cycle_at(now()).n;
  if (plan_->channel_tiled) return deliver_dealt(now_cycle);
  while (next_broadcast_ < arrived_) {
    const Chunk& c = chunks_[next_broadcast_];
    if (!std::all_of(pes_.begin(), pes_.end(), [&](ScnnPe* pe) { return pe->fifo().room_for(c.entries, now_cycle); })) {
      if (!blocked_) blocked_ = true, blocked_since_ = now_cycle;
      // A PE releasing a chunk wakes us; room released this very cycle is writable next cycle
      // (that PE's wake may have come before this tick, and been merged into it).
      if (std::all_of(pes_.begin(), pes_.end(), [&](ScnnPe* pe) { return pe->fifo().room_for(c.entries, now_cycle + 1); }))
        wake_at(now() + clock().period_ps());
      return;
    }
    if (blocked_) broadcast_wait_cycles_.add(now_cycle - blocked_since_), blocked_ = false;
    deliver(next_broadcast_++, now_cycle);
  }
}

// A dealt layer: every arrived chunk goes into its owner's FIFO once it has room, in order per
// owner; a PE without room holds back only its own later chunks. The wait counted is the oldest
// arrived chunk's.
void Sequencer::deliver_dealt(std::uint64_t now_cycle) {
  std::vector<bool> waiting(pes_.size(), false);  // owners with an earlier chunk not written
  bool retry = false;
  for (std::size_t j = next_broadcast_; j < arrived_; ++j) {
    if (sent_[j]) continue;
    const auto owner = std::size_t(chunks_[j].owner);
    const WeightFifo& fifo = pes_[owner]->fifo();
    if (waiting[owner] || !fifo.room_for(chunks_[j].entries, now_cycle)) {
      retry = retry || (!waiting[owner] && fifo.room_for(chunks_[j].entries, now_cycle + 1));
      waiting[owner] = true;
      continue;
    }
    deliver(j, now_cycle);
    sent_[j] = true;
  }
  while (next_broadcast_ < arrived_ && sent_[next_broadcast_]) ++next_broadcast_;
  if (blocked_ && next_broadcast_ > blocked_chunk_)
    broadcast_wait_cycles_.add(now_cycle - blocked_since_), blocked_ = false;
  if (!blocked_ && next_broadcast_ < arrived_)
    blocked_ = true, blocked_since_ = now_cycle, blocked_chunk_ = next_broadcast_;
  if (retry) wake_at(now() + clock().period_ps());  // room released this cycle: writable next
}

// Writes chunk `j` into its FIFOs (every PE's, or its owner's).
void Sequencer::deliver(std::size_t j, std::uint64_t now_cycle) {
  const Chunk& c = chunks_[j];
  std::size_t writers = 0;
  for (std::size_t p = 0; p < pes_.size(); ++p) {
    if (c.owner >= 0 && std::size_t(c.owner) != p) continue;
    pes_[p]->fifo().push(c.entries, now_cycle), pes_[p]->chunk_arrived();
    ++writers;
  }
  fifo_.write_words(fifo_.words_of_bits(c.weight_bytes * 8) * writers);
  unbroadcast_bytes_ -= std::max<std::uint64_t>(1, c.bytes);
  chunks_stat_.add();
  progress();
}

// Requests chunks in order while what is requested and not yet broadcast stays within the DRAM
// stream's bandwidth-delay product (at least one chunk), so the latency is paid once per
// stream; the DRAM queue bounds the requests.
void Sequencer::issue_fetches() {
  if (spill_write_left_ > 0) {
    if (!dram_.try_send({spill_write_left_, true, 0, input_base_})) return;
    spill_write_bytes_.add(spill_write_left_);
    spill_write_left_ = 0;
  }
  if (band_fill_left_ > 0) {
    if (!dram_.try_send({band_fill_left_, false, kFillTag, input_base_ + band_fill_offset_})) return;
    band_fill_offset_ += band_fill_left_;
    spilled_act_bytes_.add(band_fill_left_);
    band_fill_left_ = 0;
  }
  const std::uint64_t window = dram_.bandwidth_delay_bytes();
  while (next_fetch_ < chunks_.size()) {
    const Chunk& c = chunks_[next_fetch_];
    const std::uint64_t request = std::max<std::uint64_t>(1, c.bytes);  // 0: still a request
    if (unbroadcast_bytes_ > 0 && unbroadcast_bytes_ + request > window) return;
    if (!dram_.try_send({request, false, std::uint32_t(next_fetch_), chunk_base_ + fetch_offset_}))
      return;
    fetch_offset_ += request;
    unbroadcast_bytes_ += request;
    weight_bytes_.add(c.weight_bytes);
    spilled_act_bytes_.add(c.bytes - c.weight_bytes);
    ++next_fetch_;
  }
}

// The barrier, the drains (one group at a time) and the next group's start.
void Sequencer::advance_groups() {
  if (pes_running_ && std::all_of(pes_.begin(), pes_.end(), [&](const ScnnPe* pe) { return pe->finished_by(now()); })) {
    for (ScnnPe* pe : pes_) {
      barrier_wait_cycles_.add(std::uint64_t((now() - pe->finished_at()) / clock().period_ps()));
      pe->leave_barrier(clock().cycle_at(now()).n);
    }
    pes_running_ = false;
    ++barriers_;
    progress();
  }
  if (!ppu_.draining(now()) && drains_started_ < barriers_)
    ppu_.start_drain(*plan_, drains_started_++, *out_, relu_);
  const int drained = drains_started_ - (ppu_.draining(now()) ? 1 : 0);
  if (!pes_running_ && barriers_ == computing_ + 1 && computing_ + 1 < plan_->groups &&
      drained >= computing_) {
    ++computing_;
    for (ScnnPe* pe : pes_) pe->start_group(*plan_, computing_, sim::CycleCategory::kDrain);
    pes_running_ = true;
  }
  if (drained < plan_->groups) return;
  if (band_ + 1 < plans_->size())
    start_band(band_ + 1);
  else
    finish_layer();
}

// The outputs leave compressed (after ReLU) into the OARAMs.
void Sequencer::finish_layer() {
  const std::uint64_t bytes = spec_.skip_zero_activations
                                  ? compressed_bytes(*out_, spec_.data_bits, spec_.index_bits)
                                  : dense_bytes(out_->size(), spec_.data_bits);
  output_bytes_.add(bytes);
  oaram_.write_words(oaram_.words_of_bits(bytes * 8));
  done_ = true;
  finish_tick_ = now();
  progress();
}

std::string Sequencer::state() const {
  return fmt::format("group {}/{}, {} groups past the barrier, {} drains started, {} of {} chunks "
                     "fetched, {} arrived, {} broadcast{}",
                     computing_, plan_ ? plan_->groups : 0, barriers_, drains_started_, next_fetch_,
                     chunks_.size(), arrived_, next_broadcast_,
                     blocked_ ? ", waiting for room in the weight FIFOs" : "");
}

}  // namespace axsim::arch::scnn
