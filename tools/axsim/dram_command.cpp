// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/dram_command.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "arch/common/dram/address_map.hpp"
#include "arch/common/dram/traffic.hpp"

namespace axsim::tools {

namespace {

std::string preset_names() {
  std::string out;
  for (const auto& p : arch::dram::ddr_presets()) out += (out.empty() ? "" : ", ") + p.name;
  return out;
}

// Empty if the options are valid, else what is wrong.
std::string check(const DramOptions& o) {
  if (arch::dram::find_ddr_preset(o.preset) == nullptr)
    return "unknown DRAM preset \"" + o.preset + "\" (presets: " + preset_names() + ")";
  for (const int n : {o.channels, o.ranks})
    if (n != 0 && arch::dram::exact_log2(std::uint64_t(n)) < 0)
      return "--channels and --ranks must be powers of two, got " + std::to_string(n);
  return {};
}

}  // namespace

int dram_command(const DramOptions& o) {
  if (const std::string e = check(o); !e.empty()) {
    std::cerr << "axsim: error: axsim dram: " << e << "\n";
    return 2;
  }
  arch::DramSpec spec;
  spec.model = o.preset;
  spec.queue_depth = std::max<std::size_t>(64, o.outstanding);
  spec.ddr = *arch::dram::find_ddr_preset(o.preset);
  if (o.channels) spec.ddr.org.channels = o.channels;
  if (o.ranks) spec.ddr.org.ranks = o.ranks;
  spec.ddr.open_page = o.page == "open";
  const arch::dram::TrafficResult r =
      arch::dram::run_traffic(spec, {o.pattern, o.requests, o.bytes, o.write, o.outstanding, o.seed});
  nlohmann::ordered_json out;
  out["preset"] = o.preset;
  out["part"] = spec.ddr.part;
  out["pattern"] = o.pattern;
  out["requests"] = o.requests;
  out["request_bytes"] = o.bytes;
  out["outstanding"] = o.outstanding;
  out["write"] = o.write;
  out["page_policy"] = o.page;
  out["channels"] = spec.ddr.org.channels;
  out["ranks"] = spec.ddr.org.ranks;
  out["cycles"] = r.cycles;
  out["tck_ps"] = spec.ddr.t.tck_ps;
  out["bandwidth_gbps"] = r.bandwidth_gbps;
  out["peak_gbps"] = r.peak_gbps;
  out["mean_latency_cycles"] = r.mean_latency_cycles;
  out["median_latency_cycles"] = r.median_latency_cycles;
  out["activates"] = r.activates;
  out["reads"] = r.reads;
  out["writes"] = r.writes;
  out["row_hits"] = r.row_hits;
  out["refreshes"] = r.refreshes;
  out["refresh_cycles"] = r.refresh_cycles;
  out["energy_pj"] = r.energy_pj;
  out["background_pj"] = r.background_pj;
  out["pj_per_bit"] = r.pj_per_bit;
  out["timing"] = {{"cl", spec.ddr.t.cl},   {"cwl", spec.ddr.t.cwl}, {"rcd", spec.ddr.t.rcd},
                   {"rp", spec.ddr.t.rp},   {"ras", spec.ddr.t.ras}, {"rc", spec.ddr.t.rc},
                   {"rfc", spec.ddr.t.rfc}, {"refi", spec.ddr.t.refi},
                   {"burst_cycles", spec.ddr.burst_cycles()},
                   {"interface_latency_cycles", spec.ddr.interface_latency_cycles}};
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace axsim::tools
