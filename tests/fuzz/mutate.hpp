// SPDX-License-Identifier: Apache-2.0
// Seeded, deterministic mutations of traces and recipes for the fuzz tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "workloads/trace/trace.hpp"

namespace axsim::fuzz {

/// A small deterministic generator (splitmix64): the same seed gives the same cases anywhere.
class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  std::size_t below(std::size_t n) { return n == 0 ? 0 : std::size_t(next() % n); }

  /// A JSON text with one value changed: a number set to an edge value (0, -1, 40, 99, 2^31,
  /// 1e300, ...), an array shortened or lengthened, a key removed or a type swapped.
  std::string mutate_json(const std::string& text);
  /// Bytes with one change: a bit flip, a byte set, a truncation, an extension, a size field.
  std::vector<std::uint8_t> mutate_bytes(std::vector<std::uint8_t> bytes);
  /// One change to one layer of `trace`: its header JSON or one of its blobs (or a blob dropped).
  workloads::Trace mutate_trace(workloads::Trace trace);

 private:
  std::uint64_t state_;
};

}  // namespace axsim::fuzz
