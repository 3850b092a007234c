// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram/dram_params.hpp"

#include "arch/common/dram/address_map.hpp"

namespace axsim::arch {

namespace {

std::vector<Choice> model_choices() {
  std::vector<Choice> out{{"ideal",
                           "not a DRAM: a bandwidth-and-latency pipe (bytes_per_cycle, "
                           "latency_cycles, clock); no banks, rows, refresh or energy"}};
  for (const dram::DdrSpec& p : dram::ddr_presets())
    out.push_back({p.name, "cycle-level DRAM, " + p.part + " (" + p.source + ")"});
  return out;
}

template <class T>
T with_default(T d, double number) {
  d.required = false, d.number_default = number;
  return d;
}

ParamDecl optional_clock() {
  ParamDecl d = ParamDecl::clock("clock", "model `ideal` only: its clock domain (a DRAM runs at "
                                          "its preset's tCK)");
  d.required = false;
  return d;
}

// Keys that belong to one kind of model are errors with the other.
void reject_keys(ParamReader& r, const std::vector<std::string>& keys, const std::string& why) {
  for (const std::string& k : keys)
    if (r.given(k)) r.error(k, why);
}

// The DRAM keys over the preset `s.ddr` holds (every key is read, whatever the model).
void read_ddr(ParamReader& r, DramSpec& s) {
  auto& o = s.ddr.org;
  if (const auto ch = r.integer("channels"); ch > 0) o.channels = int(ch);
  if (const auto ra = r.integer("ranks"); ra > 0) o.ranks = int(ra);
  s.ddr.open_page = r.choice("page_policy") == "open";
  s.ddr.mapping = r.string("address_mapping");
  s.ddr.queue_depth = r.int32("scheduler_queue_depth");
  s.ddr.interface_latency_cycles = r.int32("interface_latency_cycles");
  s.ddr.row_hit_cap = r.int32("row_hit_cap");
  s.ddr.powerdown_idle_cycles = r.int32("powerdown_idle_cycles");
  if (s.is_ideal()) return;  // given keys were already refused; nothing here is used
  if (dram::exact_log2(std::uint64_t(o.channels)) < 0)
    r.error("channels", "expected a power of two, got " + std::to_string(o.channels));
  if (dram::exact_log2(std::uint64_t(o.ranks)) < 0)
    r.error("ranks", "expected a power of two, got " + std::to_string(o.ranks));
  const dram::AddressMap map(o, s.ddr.mapping);
  if (!map.error().empty()) r.error("address_mapping", map.error());
}

}  // namespace

ParamTable dram_param_rows() {
  return {
      ParamDecl::choice("model", "ddr3_1600", model_choices(),
                        "a DRAM preset (cycle-level, datasheet timings and currents) or "
                        "`ideal`"),
      ParamDecl::integer("queue_depth", 8, 1, 1024, "requests",
                         "requests the memory holds: request and response channels, and the "
                         "transfers a DRAM splits into bursts at once"),
      optional_clock(),
      with_default(ParamDecl::number("bytes_per_cycle", 0.125, 4096, "bytes/cycle",
                                     "model `ideal` only: a request occupies it for "
                                     "⌈bytes / bytes_per_cycle⌉ cycles (at least 1)"),
                   16),
      ParamDecl::integer("latency_cycles", 100, 1, 100000, "cycles",
                         "model `ideal` only: from the end of a transfer to its response"),
      ParamDecl::integer("channels", 0, 0, 64, "channels",
                         "DRAM channels, each with its own scheduler and data bus (0: the "
                         "preset's; a power of two)"),
      ParamDecl::integer("ranks", 0, 0, 8, "ranks", "ranks per channel (0: the preset's)"),
      ParamDecl::choice("page_policy", "open",
                        {{"open", "a row stays open until a conflict or a refresh closes it"},
                         {"closed", "a column command closes its row (auto-precharge) unless a "
                                    "queued burst hits the same row"}},
                        "row-buffer policy"),
      ParamDecl::string("address_mapping", "ro:ra:ba:co:bg:ch",
                        "address bits from most to least significant: ro row, ra rank, ba bank, "
                        "bg bank group, co column (in bursts), ch channel; bytes within a "
                        "burst below them"),
      ParamDecl::integer("scheduler_queue_depth", 32, 1, 4096, "bursts",
                         "bursts per channel the FR-FCFS scheduler chooses among"),
      ParamDecl::integer("interface_latency_cycles", 16, 0, 10000, "DRAM cycles",
                         "controller front end, PHY and return path, added to each response"),
      ParamDecl::integer("row_hit_cap", 16, 1, 1 << 20, "bursts",
                         "row hits served ahead of an older request to another row of the bank"),
      ParamDecl::integer("powerdown_idle_cycles", 64, 0, 1 << 20, "DRAM cycles",
                         "an idle channel's ranks enter power-down after this many cycles "
                         "without a request (exit costs tXP); 0: never"),
  };
}

std::vector<StatDecl> dram_stat_decls() {
  return {
      {"common.dram", "bytes_read", "bytes", "bytes read from DRAM"},
      {"common.dram", "bytes_written", "bytes", "bytes written to DRAM"},
      {"common.dram", "row_hits", "bursts", "column commands to an already open row"},
      {"common.dram", "row_misses", "bursts", "first column command after an activate"},
      {"common.dram", "row_conflicts", "precharges",
       "precharges that closed a row another request needed"},
      {"common.dram", "refreshes", "commands", "all-bank refreshes, all ranks"},
      {"common.dram", "data_bus_cycles", "cycles",
       "DRAM cycles a data bus carried a burst, all channels"},
      {"common.dram", "request_latency_cycles", "cycles",
       "from acceptance to response per request (32-cycle buckets)"},
      {"common.ideal_memory", "bytes_read", "bytes", "bytes read from memory"},
      {"common.ideal_memory", "bytes_written", "bytes", "bytes written to memory"},
      {"common.ideal_memory", "busy_cycles", "cycles", "cycles spent transferring"},
  };
}

std::vector<ActionDecl> dram_action_decls() {
  const std::string m = "the preset's IDD currents (DRAMPower method)";
  return {
      {"common.dram", "activate", m, "one activate and its precharge, one rank"},
      {"common.dram", "read_burst", m, "one read burst"},
      {"common.dram", "write_burst", m, "one write burst"},
      {"common.dram", "refresh", m, "one all-bank refresh of one rank"},
      {"common.dram", "active_standby_cycle", m, "one rank-cycle with a row open"},
      {"common.dram", "precharged_standby_cycle", m, "one rank-cycle with every bank closed"},
      {"common.dram", "active_powerdown_cycle", m, "one rank-cycle powered down with a row open"},
      {"common.dram", "precharged_powerdown_cycle", m,
       "one rank-cycle powered down with every bank closed"},
  };
}

DramParams read_dram(ParamReader r, const ParseContext& ctx) {
  DramParams out;
  DramSpec& s = out.spec;
  s.model = r.choice("model");
  s.queue_depth = static_cast<std::size_t>(r.integer("queue_depth"));
  s.clock = r.clock("clock", ctx);
  s.ideal.bytes_per_cycle = r.number("bytes_per_cycle");
  s.ideal.latency_cycles = static_cast<std::uint64_t>(r.integer("latency_cycles"));
  if (s.is_ideal()) {
    if (!r.given("clock")) r.error("clock", "model \"ideal\" needs its clock (a name in /clocks)");
    reject_keys(r, {"channels", "ranks", "page_policy", "address_mapping", "scheduler_queue_depth",
                    "interface_latency_cycles", "row_hit_cap", "powerdown_idle_cycles"},
                "applies to a DRAM model, not \"ideal\"");
    s.ddr = dram::ddr_presets().front();  // unused: the keys are read, their defaults are valid
  } else {
    s.ddr = *dram::find_ddr_preset(s.model);
    reject_keys(r, {"clock", "bytes_per_cycle", "latency_cycles"},
                "applies to model \"ideal\" only (a DRAM's timing comes from its preset)");
  }
  read_ddr(r, s);
  r.finish();
  return out;
}

}  // namespace axsim::arch
