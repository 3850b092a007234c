// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

namespace axsim::arch::cache {

/// What a replacement policy is told about its cache (arch/common/cache/replacement.hpp).
struct PolicyParams {
  std::uint32_t sets = 0, ways = 0;
  /// HoLiSwap: accesses to a set per epoch (E) and the hits that make a line hot (T): the
  /// paper's definition of a hot line, at least 64 hits per 128 set accesses (its Fig. 1).
  std::uint32_t epoch_accesses = 128, hot_threshold = 64;
  /// HoLiSwap: counters that hold only the base-2 exponent (the paper's), else exact counts.
  bool log_counters = true;
};

/// One set-associative, write-back, write-allocate cache level (docs/units/holiswap.md).
struct CacheSpec {
  std::uint64_t capacity_bytes = 32 * 1024;
  std::uint32_t ways = 4;
  std::uint32_t line_bytes = 64;
  /// Cycles from a request's send to its hit response being visible to the requester.
  std::uint32_t hit_cycles = 3;
  std::uint32_t mshrs = 8;             ///< lines missing at once
  std::uint32_t targets_per_mshr = 4;  ///< requests waiting on one missing line
  std::uint32_t ports = 1;             ///< requests accepted per cycle
  std::uint32_t queue_depth = 8;       ///< each request and response channel's entries
  std::uint32_t data_width_bits = 64;  ///< bits a data subarray reads or writes per access
  std::uint32_t address_bits = 48;     ///< physical address bits (sets the tag width)
  /// "phased": tags first, then the hit way's data subarray only; "parallel": every way's data
  /// subarray read with the tags.
  std::string lookup = "phased";
  /// With the phased lookup: "none"; "mru", the set's most recently used way; "way0", always way
  /// 0 (HoLiSwap's hot way, no predictor state). A predicted read's data subarray is read with
  /// the tags; a wrong guess reads the hit way next, one cycle later.
  std::string way_prediction = "none";
  std::string replacement = "lru";
  PolicyParams policy;
  std::uint32_t swap_cycles = 2;  ///< HoLiSwap: cycles the ports are blocked per swap
  /// Per-way wire model: way w's subarray sits (near_way_pitches + w) subarray sides from the
  /// cache's port; 0 leaves wires out (the level is priced by its arrays only).
  double near_way_pitches = 0;
  double wire_activity = 0.5;  ///< share of wire bits that switch per transfer

  std::uint32_t sets() const {
    return static_cast<std::uint32_t>(capacity_bytes / (std::uint64_t(ways) * line_bytes));
  }
  std::uint32_t tag_bits() const;  ///< address bits above the set index, plus valid and dirty
};

}  // namespace axsim::arch::cache
