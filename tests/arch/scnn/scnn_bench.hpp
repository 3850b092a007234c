// SPDX-License-Identifier: Apache-2.0
// What the SCNN action and timing tests share: the paper's unit on a small PE grid with a
// 10-cycle, 50 B/cycle DRAM, and lookups of one component's stats and actions.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/unit_bench.hpp"

namespace axsim::test {

inline nlohmann::json scnn_grid(int rows, int cols) {
  return {{"pe_rows", rows}, {"pe_cols", cols},
          {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 50}, {"latency_cycles", 10}}}};
}

struct ScnnGridBench : UnitBench {
  explicit ScnnGridBench(const nlohmann::json& p) : UnitBench("scnn", p, 1000, "16nm") {}
  /// Sum of an action's count over the components under `path` (e.g. every PE).
  std::uint64_t action(const std::string& path, const std::string& name) {
    std::uint64_t n = 0;
    for (const sim::Component* c : sim.ctx().components)
      if (c->path().rfind(path, 0) == 0)
        for (const auto& a : c->actions().all())
          if (a.name == name) n += a.count;
    return n;
  }
  /// A stat of the component at exactly `path` (-1 if absent).
  double stat(const std::string& path, const std::string& name) {
    for (const sim::Component* c : sim.ctx().components)
      if (c->path() == path)
        if (const sim::Stat* s = c->stats().find(name)) return s->value();
    return -1;
  }
};

}  // namespace axsim::test
