// SPDX-License-Identifier: Apache-2.0
#include "sim/energy.hpp"

namespace axsim::sim {

ActionCounts::Id ActionCounts::declare(std::string name, Cost energy_pj) {
  actions_.push_back({std::move(name), std::move(energy_pj), 0});
  return actions_.size() - 1;
}

double ActionCounts::dynamic_energy_pj() const {
  double e = 0;
  for (const Action& a : actions_) e += static_cast<double>(a.count) * a.energy_pj.value;
  return e;
}

void ActionCounts::reset() {
  for (Action& a : actions_) a.count = 0;
}

}  // namespace axsim::sim
