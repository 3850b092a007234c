// SPDX-License-Identifier: Apache-2.0
#include "sim/component.hpp"

#include <algorithm>

#include "sim/error.hpp"

namespace axsim::sim {

Component::Component(SimContext& ctx, Component* parent, std::string name, std::string type)
    : ctx_(ctx),
      path_(parent ? parent->path() + "." + name : std::move(name)),
      type_(std::move(type)),
      rng_(stream_seed(ctx.seed, path_)) {
  ctx_.components.push_back(this);
}

const TechTable& Component::tech() const {
  AXSIM_ASSERT(ctx_.tech != nullptr);
  return *ctx_.tech;
}

ActionCounts::Id Component::declare_action(const std::string& name, const std::string& tech_key) {
  return actions_.declare(name, tech().energy_pj(tech_key));
}

Ticked::Ticked(SimContext& ctx, Component* parent, std::string name, std::string type,
               const ClockDomain& clock)
    : Component(ctx, parent, std::move(name), std::move(type)),
      clock_(clock),
      ticks_(stats().counter("ticks", "ticks",
                             "times the component was ticked; one tick may compute many cycles "
                             "(a PE running a chunk), so this is not a count of busy cycles")) {}

void Ticked::wake_at(Tick t) {
  Tick earliest = std::max(t, now());
  if (last_tick_ != kTickNever) earliest = std::max(earliest, last_tick_ + clock_.period_ps());
  const Tick edge = clock_.edge_at_or_after(earliest);
  if (edge >= next_tick_) return;
  next_tick_ = edge;
  if (group_ != nullptr)
    group_->request(this, edge);
  else
    ctx().queue.schedule(edge, Priority::kTick, this);
}

void Ticked::join(TickGroup& group) {
  AXSIM_ASSERT(&group.clock() == &clock_ && next_tick_ == kTickNever);
  group_ = &group;
}

void Ticked::run_tick(Tick t) {
  // A wake that was superseded by an earlier one leaves a stale event behind: ignore it.
  if (t != next_tick_) return;
  next_tick_ = kTickNever;
  last_tick_ = now();
  ticks_.add();
  ++ctx().ticks;
  if (tick()) wake_at(now() + clock_.period_ps());
}

}  // namespace axsim::sim
