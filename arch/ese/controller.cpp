// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/controller.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace axsim::arch::ese {

using sim::CycleCategory;

Controller::Controller(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                       const EseSpec& spec, std::vector<EsePe*> pes, WeightStreamer& stream,
                       ElementwiseUnit& elementwise)
    : Ticked(ctx, parent, "controller", "ese.controller", clock),
      spec_(spec),
      pes_(std::move(pes)),
      stream_(stream),
      elementwise_(elementwise),
      broadcasts_(stats().counter("broadcasts", "elements", "non-zero inputs broadcast")),
      queue_full_cycles_(stats().counter("queue_full_cycles", "cycles",
                                         "cycles a broadcast waited for a full activation queue")),
      weight_wait_cycles_(stats().counter("weight_wait_cycles", "cycles",
                                          "cycles a broadcast waited for its weight chunk")),
      elementwise_wait_cycles_(stats().counter(
          "elementwise_wait_cycles", "cycles",
          "cycles a broadcast waited for the element-wise unit (m_k or h_j not yet made)")),
      barrier_cycles_(stats().counter("barrier_cycles", "cycles",
                                      "cycles waiting for the PEs to drain a product")),
      steps_(stats().counter("steps", "steps", "time steps run (each for a batch of utterances)")) {
  for (EsePe* pe : pes_) {
    pe->queue().connect(this, pe);
    pe->set_control(this);
  }
}

void Controller::start_layer(const EseLayer& layer, std::vector<std::int32_t>& output) {
  layer_ = &layer, output_ = &output;
  groups_ = std::uint64_t(layer.utterances / spec_.batch);
  group_ = 0, step_ = 0, sent_ = 0, scan_ = 0;
  opened_ = 0, outputs_pending_ = false;
  pending_.clear();
  start_tick_ = now();
  const std::uint64_t first = clock().edge_at_or_after(now()) / clock().period_ps();
  timeline_.start(first, CycleCategory::kIdle);
  for (EsePe* pe : pes_) pe->start_layer(first);
  stream_.start_layer(layer, groups_ * std::uint64_t(layer.steps()), this);
  elementwise_.start_layer(layer, pes_, this);
  start_step();
  wake();
}

void Controller::start_step() {
  for (EsePe* pe : pes_) pe->start_product(layer_->wr, false, layer_->entry_bits, spec_.batch);
  if (step_ == 0) elementwise_.clear_cells();
  col_ = 0, lane_ = 0;
  phase_ = Phase::kGates;
  mark(CycleCategory::kIdle);
}

std::int32_t Controller::gate_input(std::uint32_t col, std::size_t lane) const {
  const std::size_t u = std::size_t(group_) * std::size_t(spec_.batch) + lane;
  const auto in = std::size_t(layer_->in), rec = std::size_t(layer_->rec);
  const std::vector<std::int32_t>& q = *layer_->input;
  if (col < in) return q[(u * std::size_t(layer_->steps()) + std::size_t(step_)) * in + col];
  const std::size_t j = col - in;
  if (step_ == 0) return q[q.size() - rec + j];  // h_0
  return elementwise_.h(lane, j);
}

bool Controller::tick() {
  if (blocked_since_ != sim::kTickNever) {
    const auto cycles = std::uint64_t((now() - blocked_since_) / clock().period_ps());
    waiting_->add(cycles);
    blocked_since_ = sim::kTickNever;
  }
  check_releases();
  if (outputs_pending_ && elementwise_.finished() == elementwise_.queued()) record_outputs();
  switch (phase_) {
    case Phase::kGates: return gates();
    case Phase::kGatesDrain:
    case Phase::kProjectionDrain: return drained();
    case Phase::kCells:
      if (elementwise_.finished() < elementwise_.queued()) return wait(CycleCategory::kDrain, &elementwise_wait_cycles_);
      out_group_ = group_, out_step_ = step_;
      record_outputs();
      finish_step();
      return true;
    case Phase::kProjection: return projection();
    case Phase::kLastOutputs:
      if (outputs_pending_) return wait(CycleCategory::kDrain, &elementwise_wait_cycles_);
      finish();
      return false;
    case Phase::kIdle:
    case Phase::kDone: return false;
  }
  return false;
}

// Sleeps until woken (by a queue slot, a weight chunk, the element-wise unit or an idle PE),
// counting the cycles in `counter`; keeps polling while a chunk waits to be released.
bool Controller::wait(CycleCategory why, sim::Counter* counter) {
  mark(why);
  if (!pending_.empty()) {
    counter->add();
    return true;
  }
  blocked_since_ = now();
  waiting_ = counter;
  return false;
}

void Controller::advance() {
  if (++lane_ == spec_.batch) lane_ = 0, ++col_;
}

bool Controller::gates() {
  const auto cols = std::uint32_t(layer_->in + layer_->rec);
  const bool projection = !layer_->proj.empty();
  for (; col_ < cols; advance()) {
    if (col_ >= std::uint32_t(layer_->in) && step_ > 0 && outputs_pending_ && projection &&
        elementwise_.finished() <= std::uint64_t(col_ - std::uint32_t(layer_->in)) * std::uint64_t(spec_.batch) + lane_)
      return wait(CycleCategory::kDrain, &elementwise_wait_cycles_);  // h_{t-1} not made yet
    const std::int32_t v = gate_input(col_, lane_);
    if (v == 0) continue;  // the leading-non-zero detection skips zeros
    const std::uint64_t item = stream_.item(false, round(), layer_->wr.chunk_of_col[col_]);
    const Sent sent = send(item, col_, v, lane_);
    if (sent != Sent::kYes) return sent == Sent::kPoll;
    advance();
    return true;
  }
  close_product(false);
  phase_ = Phase::kGatesDrain;
  return drained();
}

bool Controller::projection() {
  const auto cols = std::uint32_t(layer_->hidden);
  for (; col_ < cols; advance()) {
    if (elementwise_.finished() <= std::uint64_t(col_) * std::uint64_t(spec_.batch) + lane_)
      return wait(CycleCategory::kDrain, &elementwise_wait_cycles_);  // m_k not made yet
    const std::int32_t v = elementwise_.m(lane_, col_);
    if (v == 0) continue;
    const std::uint64_t item = stream_.item(true, round(), layer_->proj.chunk_of_col[col_]);
    const Sent sent = send(item, col_, v, lane_);
    if (sent != Sent::kYes) return sent == Sent::kPoll;
    advance();
    return true;
  }
  close_product(true);
  phase_ = Phase::kProjectionDrain;
  return drained();
}

Controller::Sent Controller::send(std::uint64_t item, std::uint32_t col, std::int32_t value,
                                  std::uint16_t lane) {
  if (!stream_.ready(item))  // the stream wakes us; poll while a release is due
    return wait(CycleCategory::kMemoryWait, &weight_wait_cycles_) ? Sent::kPoll : Sent::kSleep;
  for (EsePe* pe : pes_)
    if (!pe->queue().can_send()) {  // the full queue wakes us when it frees a slot
      mark(CycleCategory::kQueueFull);
      blocked_since_ = now();
      waiting_ = &queue_full_cycles_;
      return Sent::kSleep;
    }
  open(item);
  const sparse::ActBroadcast msg{col, std::int16_t(value), lane};
  for (EsePe* pe : pes_) pe->queue().try_send(msg);
  ++sent_;
  broadcasts_.add();
  mark(CycleCategory::kIdle);
  progress();
  return Sent::kYes;
}

// Every chunk before `item` has had its last broadcast: each is released once all PEs are past
// the broadcasts sent so far.
void Controller::open(std::uint64_t item) {
  for (; opened_ < item; ++opened_) pending_.push_back({opened_, sent_});
}

// The product's broadcasts are all sent: its chunks (those zero inputs skipped included) wait
// for the PEs like the others.
void Controller::close_product(bool projection) {
  const EseMatrix& m = projection ? layer_->proj : layer_->wr;
  open(stream_.item(projection, round(), std::uint32_t(m.chunks.size())));
}

void Controller::check_releases() {
  while (!pending_.empty()) {
    const std::uint64_t need = pending_.front().broadcasts;
    while (scan_ < pes_.size() && pes_[scan_]->columns_done() >= need) ++scan_;
    if (scan_ < pes_.size()) return;
    stream_.release();
    pending_.pop_front();
    scan_ = 0;
  }
}

bool Controller::drained() {
  if (!std::all_of(pes_.begin(), pes_.end(), [](const EsePe* pe) { return pe->idle(); }))
    return wait(CycleCategory::kBarrier, &barrier_cycles_);  // the last PE to go idle wakes us
  check_releases();
  if (phase_ == Phase::kProjectionDrain) {
    elementwise_.start_projection_outputs();
    outputs_pending_ = true, out_group_ = group_, out_step_ = step_;
    finish_step();
    return true;
  }
  if (outputs_pending_) return wait(CycleCategory::kDrain, &elementwise_wait_cycles_);
  elementwise_.start_cells();
  if (layer_->proj.empty()) {
    phase_ = Phase::kCells;
  } else {
    for (EsePe* pe : pes_) pe->start_product(layer_->proj, true, layer_->entry_bits, spec_.batch);
    col_ = 0, lane_ = 0;
    phase_ = Phase::kProjection;
  }
  mark(CycleCategory::kDrain);
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
  mark(CycleCategory::kDrain);
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
  mark(CycleCategory::kIdle);
}

std::string Controller::state() const {
  static const char* names[] = {"idle", "gates", "gates drain", "cells", "projection",
                                "projection drain", "last outputs", "done"};
  return fmt::format("{}, utterance group {}, step {}, column {} lane {}, {} broadcasts, {} "
                     "chunks waiting for release", names[int(phase_)], group_, step_, col_, lane_,
                     sent_, pending_.size());
}

}  // namespace axsim::arch::ese
