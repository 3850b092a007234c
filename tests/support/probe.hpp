// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/component.hpp"

namespace axsim::test {

/// A Ticked whose tick() is a lambda; records the tick of every call.
class Probe : public sim::Ticked {
 public:
  using Fn = std::function<bool(Probe&)>;
  Probe(sim::SimContext& ctx, const sim::ClockDomain& clock, std::string name, Fn fn)
      : Ticked(ctx, nullptr, std::move(name), "probe", clock), fn_(std::move(fn)) {}
  std::vector<sim::Tick> tick_times;

 protected:
  bool tick() override {
    tick_times.push_back(now());
    return fn_(*this);
  }

 private:
  Fn fn_;
};

}  // namespace axsim::test
