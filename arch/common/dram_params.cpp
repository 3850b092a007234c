// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram_params.hpp"

#include <algorithm>

namespace axsim::arch {

std::string parse_clock(sim::Params& p, const std::string& key, const ParseContext& ctx) {
  const std::string name = p.required_string(key);
  const auto& known = ctx.clock_names;
  if (!name.empty() && std::find(known.begin(), known.end(), name) == known.end()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    p.error(key, "unknown clock \"" + name + "\" (defined in /clocks: " + list + ")");
  }
  return name;
}

DramParams parse_dram(sim::Params d, const ParseContext& ctx) {
  DramParams out;
  out.clock = parse_clock(d, "clock", ctx);
  out.spec.bytes_per_cycle = d.required_number("bytes_per_cycle", 0.125, 4096);
  out.spec.latency_cycles = static_cast<std::uint64_t>(d.required_int("latency_cycles", 1, 100000));
  out.spec.queue_depth = static_cast<std::size_t>(d.optional_int("queue_depth", 8, 1, 1024));
  d.reject_unused();
  return out;
}

}  // namespace axsim::arch
