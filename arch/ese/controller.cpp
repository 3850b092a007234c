// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/controller.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace axsim::arch::ese {

using sim::CycleCategory;

void Channel::pe_idle() { owner->pe_idle(); }

Controller::Controller(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                       const EseSpec& spec, const std::vector<EsePe*>& pes, WeightStreamer& stream,
                       ElementwiseUnit& elementwise)
    : Ticked(ctx, parent, "controller", "ese.controller", clock),
      spec_(spec),
      stream_(stream),
      elementwise_(elementwise),
      broadcasts_(stats().counter("broadcasts", "elements", "non-zero inputs broadcast")),
      queue_full_cycles_(stats().counter("queue_full_cycles", "channel-cycles",
                                         "a channel's broadcast waited for a full queue")),
      weight_wait_cycles_(stats().counter("weight_wait_cycles", "channel-cycles",
                                          "a channel's broadcast waited for its weight chunk")),
      elementwise_wait_cycles_(stats().counter(
          "elementwise_wait_cycles", "channel-cycles",
          "a channel waited for the element-wise unit (m_k or h_j not yet made)")),
      barrier_cycles_(stats().counter("barrier_cycles", "channel-cycles",
                                      "a channel waited for every PE to drain a product")),
      steps_(stats().counter("steps", "steps", "time steps run (each for a batch of utterances)")) {
  const auto per = std::size_t(spec.pes_per_channel);
  for (std::size_t c = 0; c < std::size_t(spec.channels); ++c) {
    auto ch = std::make_unique<Channel>();
    ch->owner = this, ch->index = std::uint32_t(c);
    for (std::size_t p = 0; p < per; ++p) {
      EsePe* pe = pes[c * per + p];
      pe->queue().connect(this, pe);
      pe->set_control(ch.get());
      ch->pes.push_back(pe);
    }
    channels_.push_back(std::move(ch));
  }
}

void Controller::start_layer(const EseLayer& layer, std::vector<std::int32_t>& output) {
  layer_ = &layer, output_ = &output;
  groups_ = std::uint64_t(layer.utterances / spec_.batch);
  group_ = 0, step_ = 0, outputs_pending_ = false, waiting_ = nullptr;
  start_tick_ = now();
  const std::uint64_t first = clock().edge_at_or_after(now()) / clock().period_ps();
  for (auto& ch : channels_) {
    ch->sent = ch->opened = 0, ch->scan = 0, ch->left.clear(), ch->blocked = nullptr;
    ch->line.start(first, CycleCategory::kIdle);
    for (EsePe* pe : ch->pes) pe->start_layer(first);
  }
  std::vector<EsePe*> all;
  for (auto& ch : channels_) all.insert(all.end(), ch->pes.begin(), ch->pes.end());
  stream_.start_layer(layer, groups_ * std::uint64_t(layer.steps()), this);
  elementwise_.start_layer(layer, all, this);
  start_step();
  wake();
}

void Controller::mark_all(CycleCategory cat) {
  for (auto& ch : channels_) ch->line.mark(cycle(), cat);
}

void Controller::start_step() {
  for (auto& ch : channels_) {
    for (EsePe* pe : ch->pes) pe->start_product(layer_->wr, false, layer_->entry_bits, spec_.batch);
    ch->k = 0, ch->lane = 0;
  }
  if (step_ == 0) elementwise_.clear_cells();
  phase_ = Phase::kGates;
  mark_all(CycleCategory::kIdle);
}

// The input of column `col` for `lane`, if it exists yet (`ready`): x_t or h_{t-1} of the
// gates, m of the projection.
std::int32_t Controller::input(bool projection, std::uint32_t col, std::size_t lane,
                               bool* ready) const {
  const auto batch = std::uint64_t(spec_.batch);
  *ready = true;
  if (projection) {
    *ready = elementwise_.finished() > std::uint64_t(col) * batch + lane;
    return *ready ? elementwise_.m(lane, col) : 0;
  }
  const std::size_t u = std::size_t(group_ * batch) + lane;
  const auto in = std::size_t(layer_->in), rec = std::size_t(layer_->rec);
  const std::vector<std::int32_t>& q = *layer_->input;
  if (col < in) return q[(u * std::size_t(layer_->steps()) + std::size_t(step_)) * in + col];
  const std::size_t j = col - in;
  if (step_ == 0) return q[q.size() - rec + j];  // h_0
  if (outputs_pending_ && !layer_->proj.empty())  // h_{t-1} from the projection outputs
    *ready = elementwise_.finished() > std::uint64_t(j) * batch + lane;
  return *ready ? elementwise_.h(lane, j) : 0;
}

bool Controller::tick() {
  if (waiting_) {
    waiting_->add((cycle() - waiting_since_) * channels_.size());
    waiting_ = nullptr;
  }
  check_releases();
  if (outputs_pending_ && elementwise_.finished() == elementwise_.queued()) record_outputs();
  switch (phase_) {
    case Phase::kGates: return broadcast(false);
    case Phase::kProjection: return broadcast(true);
    case Phase::kGatesDrain:
    case Phase::kProjectionDrain: return drained();
    case Phase::kCells:
      if (elementwise_.finished() < elementwise_.queued())
        return wait_all(CycleCategory::kDrain, elementwise_wait_cycles_);
      out_group_ = group_, out_step_ = step_;
      record_outputs();
      finish_step();
      return true;
    case Phase::kLastOutputs:
      if (outputs_pending_) return wait_all(CycleCategory::kDrain, elementwise_wait_cycles_);
      finish();
      return false;
    case Phase::kIdle:
    case Phase::kDone: return false;
  }
  return false;
}

// The whole controller waits on one thing (the element-wise unit, the PEs draining): it sleeps
// until woken, or polls while a chunk waits for release.
bool Controller::wait_all(CycleCategory cat, sim::Counter& why) {
  mark_all(cat);
  if (release_due()) {
    why.add(channels_.size());
    return true;
  }
  waiting_ = &why, waiting_since_ = cycle();
  return false;
}

bool Controller::broadcast(bool projection) {
  bool sent = false, poll = false, done = true;
  for (auto& ch : channels_) {
    const Sent s = advance(*ch, projection);
    sent |= s == Sent::kYes, poll |= s == Sent::kPoll, done &= s == Sent::kDone;
  }
  if (!done) return sent || poll;  // asleep: a queue slot, a chunk or a result wakes it
  for (auto& ch : channels_)
    open(*ch, stream_.item(projection, round(),
                           std::uint32_t((projection ? layer_->proj : layer_->wr).chunks.size())));
  phase_ = projection ? Phase::kProjectionDrain : Phase::kGatesDrain;
  return drained();
}

// One broadcast of the channel's next non-zero input, if it can go this cycle.
Controller::Sent Controller::advance(Channel& ch, bool projection) {
  const auto channels = std::uint32_t(spec_.channels);
  const std::uint32_t cols =
      projection ? std::uint32_t(layer_->hidden) : std::uint32_t(layer_->in + layer_->rec);
  const std::uint32_t c = ch.index;
  const EseMatrix& m = projection ? layer_->proj : layer_->wr;
  for (;; next_input(ch)) {
    const std::uint32_t col = c + ch.k * channels;
    if (col >= cols) {
      unblock(ch);
      ch.line.mark(cycle(), CycleCategory::kBarrier);
      return Sent::kDone;
    }
    bool ready = true;
    const std::int32_t v = input(projection, col, ch.lane, &ready);
    if (!ready) return block(ch, elementwise_wait_cycles_, CycleCategory::kDrain);
    if (v == 0) continue;  // the leading-non-zero detection skips zeros
    const std::uint64_t item = stream_.item(projection, round(), m.chunk_of_col[col]);
    if (!stream_.ready(item)) return block(ch, weight_wait_cycles_, CycleCategory::kMemoryWait);
    for (EsePe* pe : ch.pes)
      if (!pe->queue().can_send())  // the full queue wakes us when it frees a slot
        return block(ch, queue_full_cycles_, CycleCategory::kQueueFull);
    unblock(ch);
    open(ch, item);
    const sparse::ActBroadcast msg{ch.k, std::int16_t(v), ch.lane};
    for (EsePe* pe : ch.pes) pe->queue().try_send(msg), pe->expect(msg.col);
    ++ch.sent;
    broadcasts_.add();
    ch.line.mark(cycle(), CycleCategory::kIdle);
    progress();
    next_input(ch);
    return Sent::kYes;
  }
}

// The channel cannot send: its cycles count as `why` until it can. Poll while a chunk waits to
// be released (only the controller's ticks release it).
Controller::Sent Controller::block(Channel& ch, sim::Counter& why, CycleCategory cat) {
  if (ch.blocked != &why) {
    unblock(ch);
    ch.blocked = &why, ch.blocked_since = cycle();
  }
  ch.line.mark(cycle(), cat);
  return release_due() ? Sent::kPoll : Sent::kSleep;
}

// Every channel has left the oldest chunk: only the PEs' progress (which wakes nobody) holds
// its release back.
bool Controller::release_due() const {
  return std::all_of(channels_.begin(), channels_.end(),
                     [](const auto& ch) { return !ch->left.empty(); });
}

void Controller::next_input(Channel& ch) const {
  if (++ch.lane == spec_.batch) ch.lane = 0, ++ch.k;
}

void Controller::unblock(Channel& ch) {
  if (ch.blocked) ch.blocked->add(cycle() - ch.blocked_since);
  ch.blocked = nullptr;
}

// Chunks below `item` have had the channel's last broadcast.
void Controller::open(Channel& ch, std::uint64_t item) {
  for (; ch.opened < item; ++ch.opened) ch.left.push_back(ch.sent);
}

void Controller::check_releases() {
  for (;;) {
    for (auto& ch : channels_) {
      if (ch->left.empty()) return;  // the channel still broadcasts from the oldest chunk
      const std::uint64_t need = ch->left.front();
      while (ch->scan < ch->pes.size() && ch->pes[ch->scan]->columns_done() >= need) ++ch->scan;
      if (ch->scan < ch->pes.size()) return;
    }
    stream_.release();
    for (auto& ch : channels_) ch->left.pop_front(), ch->scan = 0;
  }
}

bool Controller::drained() {
  for (auto& ch : channels_)
    for (const EsePe* pe : ch->pes)
      if (!pe->idle()) return wait_all(CycleCategory::kBarrier, barrier_cycles_);  // PEs wake us
  check_releases();
  if (phase_ == Phase::kProjectionDrain) {
    elementwise_.start_projection_outputs();
    outputs_pending_ = true, out_group_ = group_, out_step_ = step_;
    finish_step();
    return true;
  }
  if (outputs_pending_) return wait_all(CycleCategory::kDrain, elementwise_wait_cycles_);
  elementwise_.start_cells();
  if (layer_->proj.empty()) {
    phase_ = Phase::kCells;
  } else {
    for (auto& ch : channels_) {
      for (EsePe* pe : ch->pes) pe->start_product(layer_->proj, true, layer_->entry_bits, spec_.batch);
      ch->k = 0, ch->lane = 0;
    }
    phase_ = Phase::kProjection;
  }
  mark_all(CycleCategory::kDrain);
  return true;
}

void Controller::finish_step() {
  steps_.add();
  if (++step_ == layer_->steps()) step_ = 0, ++group_;
  if (group_ < groups_) {
    start_step();
    return;
  }
  phase_ = Phase::kLastOutputs;
  mark_all(CycleCategory::kDrain);
}

void Controller::record_outputs() {
  const auto rec = std::size_t(layer_->rec), steps = std::size_t(layer_->steps());
  for (std::size_t lane = 0; lane < std::size_t(spec_.batch); ++lane) {
    const std::size_t u = std::size_t(out_group_) * std::size_t(spec_.batch) + lane;
    const std::size_t at = (u * steps + std::size_t(out_step_)) * rec;
    for (std::size_t j = 0; j < rec; ++j) (*output_)[at + j] = elementwise_.h(lane, j);
  }
  outputs_pending_ = false;
  progress();
}

void Controller::finish() {
  phase_ = Phase::kDone;
  finish_tick_ = now();
  mark_all(CycleCategory::kIdle);
}

std::string Controller::state() const {
  static const char* names[] = {"idle", "gates", "gates drain", "cells", "projection",
                                "projection drain", "last outputs", "done"};
  std::uint64_t sent = 0;
  for (const auto& ch : channels_) sent += ch->sent;
  return fmt::format("{}, utterance group {}, step {}, {} broadcasts, {} chunks released",
                     names[int(phase_)], group_, step_, sent, stream_.released());
}

}  // namespace axsim::arch::ese
