// SPDX-License-Identifier: Apache-2.0
#include "arch/common/cache/cache_params.hpp"

#include <bit>

#include "arch/common/cache/replacement.hpp"
#include "sim/error.hpp"

namespace axsim::arch::cache {

namespace {
using P = ParamDecl;
}  // namespace

std::uint32_t CacheSpec::tag_bits() const {
  const int offset_bits = std::countr_zero(line_bytes);
  const int index_bits = std::countr_zero(sets());
  return address_bits - std::uint32_t(offset_bits + index_bits) + 2;  // + valid, dirty
}

ParamTable cache_param_rows(const CacheSpec& d) {
  return {
      P::integer("capacity_bytes", std::int64_t(d.capacity_bytes), 1024, 1LL << 30, "bytes",
                 "data capacity")
          .with_constraint("ways x line_bytes x a power of two"),
      P::integer("ways", d.ways, 1, 32, "ways", "associativity; each way is its own subarray"),
      P::integer("line_bytes", d.line_bytes, 16, 512, "bytes", "line size")
          .with_constraint("a power of two"),
      P::integer("hit_cycles", d.hit_cycles, 2, 1000, "cycles",
                 "from a request's send to its hit response being visible to the requester"),
      P::integer("mshrs", d.mshrs, 1, 1024, "lines", "missing lines outstanding at once"),
      P::integer("targets_per_mshr", d.targets_per_mshr, 1, 64, "requests",
                 "requests one missing line holds (more wait)"),
      P::integer("ports", d.ports, 1, 16, "requests", "requests accepted per cycle"),
      P::integer("queue_depth", d.queue_depth, 1, 1024, "entries",
                 "entries of each port's request and response channels"),
      P::integer("data_width_bits", d.data_width_bits, 8, 4096, "bits",
                 "bits a data subarray reads or writes per access (its word)")
          .with_constraint("a multiple of 8"),
      P::integer("address_bits", d.address_bits, 16, 64, "bits",
                 "physical address bits: the tag is those above the set index"),
      P::choice("lookup", d.lookup,
                {{"phased", "tags first, then only the hit way's data subarray"},
                 {"parallel", "every way's data subarray is read together with the tags"}},
                "how an access reads the ways"),
      P::choice("way_prediction", d.way_prediction,
                {{"none", "no prediction"},
                 {"mru", "the set's most recently used way (a 2-bit field per set)"},
                 {"way0", "always way 0, where HoLiSwap keeps the hot line (no state)"}},
                "phased lookup: the way whose data is read with the tags; a wrong guess costs a "
                "second read and a cycle"),
      P::slot("replacement", d.replacement, ReplacementPolicies::choices,
              "replacement policy (a sub-component slot)"),
      P::integer("epoch_accesses", d.policy.epoch_accesses, 1, 1 << 30, "accesses",
                 "holiswap: E, accesses to a set per epoch (the paper's hot lines: 64 hits per "
                 "128 set accesses; with log counters in effect the next power of two)"),
      P::integer("hot_threshold", d.policy.hot_threshold, 1, 1 << 30, "hits",
                 "holiswap: T, hits within an epoch that make a line hot (with log counters in "
                 "effect the next power of two)"),
      P::boolean("log_counters", d.policy.log_counters,
                 "holiswap: counters store only the base-2 exponent (the paper's); false: "
                 "exact counts"),
      P::integer("swap_cycles", d.swap_cycles, 0, 1000, "cycles",
                 "holiswap: cycles the ports are blocked per swap"),
      P::number("near_way_pitches", d.near_way_pitches, 0, 1000, "subarray sides",
                "distance from the port to way 0's subarray; way w is w sides further; 0: no "
                "wire model"),
      P::number("wire_activity", d.wire_activity, 0, 1, "", "share of wire bits switching"),
  };
}

CacheSpec read_cache(ParamReader r) {
  CacheSpec s;
  s.capacity_bytes = std::uint64_t(r.integer("capacity_bytes"));
  s.ways = std::uint32_t(r.integer("ways"));
  s.line_bytes = std::uint32_t(r.integer("line_bytes"));
  s.hit_cycles = std::uint32_t(r.integer("hit_cycles"));
  s.mshrs = std::uint32_t(r.integer("mshrs"));
  s.targets_per_mshr = std::uint32_t(r.integer("targets_per_mshr"));
  s.ports = std::uint32_t(r.integer("ports"));
  s.queue_depth = std::uint32_t(r.integer("queue_depth"));
  s.data_width_bits = std::uint32_t(r.integer("data_width_bits"));
  s.address_bits = std::uint32_t(r.integer("address_bits"));
  s.lookup = r.choice("lookup");
  s.way_prediction = r.choice("way_prediction");
  s.replacement = r.choice("replacement");
  if (s.way_prediction != "none" && s.lookup != "phased")
    r.error("way_prediction", "needs the phased lookup (a parallel one reads every way)");
  s.policy.epoch_accesses = std::uint32_t(r.integer("epoch_accesses"));
  s.policy.hot_threshold = std::uint32_t(r.integer("hot_threshold"));
  s.policy.log_counters = r.boolean("log_counters");
  s.swap_cycles = std::uint32_t(r.integer("swap_cycles"));
  s.near_way_pitches = r.number("near_way_pitches");
  s.wire_activity = r.number("wire_activity");
  if (!std::has_single_bit(s.line_bytes)) r.error("line_bytes", "must be a power of two");
  const std::uint64_t set_bytes = std::uint64_t(s.ways) * s.line_bytes;
  if (s.capacity_bytes % set_bytes != 0 || !std::has_single_bit(s.capacity_bytes / set_bytes))
    r.error("capacity_bytes", "must be ways x line_bytes x a power of two (the sets)");
  if (s.data_width_bits % 8 != 0) r.error("data_width_bits", "must be a multiple of 8");
  if (s.data_width_bits > s.line_bytes * 8) r.error("data_width_bits", "is wider than a line");
  if (std::has_single_bit(s.line_bytes) && s.capacity_bytes % set_bytes == 0 &&
      std::has_single_bit(s.capacity_bytes / set_bytes) &&
      std::uint64_t(std::countr_zero(s.line_bytes)) +
              std::uint64_t(std::countr_zero(s.capacity_bytes / set_bytes)) >=
          s.address_bits)
    r.error("address_bits", "leave no tag bits above the line offset and set index");
  r.finish();
  s.policy.ways = s.ways;
  s.policy.sets = s.sets();
  return s;
}

std::vector<StatDecl> cache_stat_decls() {
  const std::string c = "common.cache";
  return {
      {c, "read_hits", "accesses", "reads that found their line"},
      {c, "read_misses", "accesses", "reads whose line was missing (merged ones included)"},
      {c, "write_hits", "accesses", "writes that found their line"},
      {c, "write_misses", "accesses",
       "writes whose line was missing (merged ones, and whole-line writes placed without a "
       "fetch, included)"},
      {c, "mshr_merges", "accesses", "misses to a line already being fetched"},
      {c, "mshr_full_cycles", "cycles", "cycles a request waited for a free MSHR or target"},
      {c, "fills", "lines", "lines placed from the level below"},
      {c, "writebacks", "lines", "dirty lines evicted and written to the level below"},
      {c, "swaps", "swaps", "lines swapped into way 0 (HoLiSwap)"},
      {c, "swap_blocked_cycles", "cycles", "cycles the ports were blocked by swaps"},
      {c, "hits_by_way", "hits", "hits per physical way (bucket w: way w)"},
      {c, "way_predictions_right", "reads", "read hits in the predicted way (way_prediction)"},
      {c, "way_predictions_wrong", "reads",
       "read hits in another way than predicted: a second data read and a cycle"},
      {c, "distinct_lines", "lines", "distinct lines accessed in the phase"},
      {c, "top3pct_lines_access_share", "fraction",
       "share of the phase's accesses made to its 3 % most accessed lines"},
      {c, "line_fraction_for_60pct", "fraction",
       "fewest lines, as a share of the distinct lines, that serve 60 % of the accesses"},
  };
}

std::vector<StatDecl> policy_stat_decls() {
  const std::string c = "common.cache";
  return {
      {c, "epochs", "epochs", "HoLiSwap epochs ended (a set's epoch counter reached E)"},
      {c, "hot_hits", "accesses", "hits to a line whose hit counter had reached T"},
      {c, "swaps_requested", "swaps", "hot lines found outside way 0 (each is swapped there)"},
  };
}

const StatDecl& cache_stat(const std::string& name) {
  static const std::vector<StatDecl> all = [] {
    std::vector<StatDecl> v = cache_stat_decls();
    for (StatDecl& d : policy_stat_decls()) v.push_back(std::move(d));
    return v;
  }();
  return find_stat_decl(all, "common.cache", name);
}

std::vector<ActionDecl> cache_action_decls(std::uint32_t ways) {
  const std::string c = "common.cache";
  std::vector<ActionDecl> out = {
      {c, "tag_read", "SRAM model, sets x (ways x tag bits)", "one set's tags read"},
      {c, "tag_write", "SRAM model, sets x (ways x tag bits)", "one set's tags written"},
      {c, "data_read", "SRAM model, one way's subarray x `data_width_bits`",
       "one word read from a data subarray"},
      {c, "data_write", "SRAM model, one way's subarray x `data_width_bits`",
       "one word written to a data subarray"},
  };
  for (std::uint32_t w = 0; w < ways; ++w)
    out.push_back({c, "wire_way" + std::to_string(w),
                   "tech wire energy x way " + std::to_string(w) + "'s distance x `wire_activity`",
                   "one bit moved between the port and way " + std::to_string(w) + "'s subarray"});
  return out;
}

}  // namespace axsim::arch::cache
