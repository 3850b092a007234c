// SPDX-License-Identifier: Apache-2.0
#include "arch/common/dram_params.hpp"

namespace axsim::arch {

ParamTable dram_param_rows() {
  return {
      ParamDecl::clock("clock", "DRAM clock domain; the three numbers below are in its cycles"),
      ParamDecl::number("bytes_per_cycle", 0.125, 4096, "bytes/DRAM cycle",
                        "sustained bandwidth: a request occupies the DRAM for "
                        "⌈bytes / bytes_per_cycle⌉ cycles (at least 1)"),
      ParamDecl::integer("latency_cycles", 1, 100000, "DRAM cycles",
                         "from the end of a transfer to its response reaching the unit"),
      ParamDecl::integer("queue_depth", 8, 1, 1024, "requests",
                         "capacity of the request channel and of the response channel"),
  };
}

std::vector<StatDecl> dram_stat_decls() {
  return {
      {"common.dram", "bytes_read", "bytes", "bytes read from DRAM"},
      {"common.dram", "bytes_written", "bytes", "bytes written to DRAM"},
      {"common.dram", "busy_cycles", "cycles", "DRAM cycles spent transferring"},
      {"common.dram", "queued_requests", "requests",
       "requests waiting behind each request as it starts"},
      {"common.dram", "transfer_cycles", "cycles", "transfer time per request (64-cycle buckets)"},
  };
}

std::vector<ActionDecl> dram_action_decls() {
  return {
      {"common.dram", "read_64b", "`dram_access_64b`",
       "one 64-bit word read (bytes / 8, rounded up)"},
      {"common.dram", "write_64b", "`dram_access_64b`", "one 64-bit word written"},
  };
}

DramParams read_dram(ParamReader r, const ParseContext& ctx) {
  DramParams out;
  out.clock = r.clock("clock", ctx);
  out.spec.bytes_per_cycle = r.number("bytes_per_cycle");
  out.spec.latency_cycles = static_cast<std::uint64_t>(r.integer("latency_cycles"));
  out.spec.queue_depth = static_cast<std::size_t>(r.integer("queue_depth"));
  r.finish();
  return out;
}

}  // namespace axsim::arch
