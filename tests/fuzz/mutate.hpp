// SPDX-License-Identifier: Apache-2.0
// Seeded, deterministic mutations of every input kind for the fuzz tests, and their loop.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"
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
  /// What the JSON input tests apply: one to three mutate_json() changes, then one time in five
  /// raw damage on top (mutate_bytes(): a truncation, a changed byte, ...).
  std::string mutate_text(const std::string& text);
  /// A serialized ONNX model with one change to its structure (onnx_mutate.cpp): an integer
  /// attribute, a declared or an initializer's dimension set to an edge value, tensor data cut,
  /// or a value set to NaN or infinity, an op type, an input name or a data type swapped, a node
  /// dropped; one time in six raw damage to the bytes instead.
  std::string mutate_onnx(const std::string& model);

 private:
  std::uint64_t state_;
};

/// What one seeded mutation run did.
struct MutationTally {
  int cases = 0, accepted = 0;
};

/// The loop of the seeded mutation tests: `per_seed` inputs made from each seed by `mutate`,
/// each run through `run`; `check` sees every outcome with the input that gave it.
MutationTally run_mutations(const std::vector<std::string>& seeds, int per_seed,
                            const std::function<std::string(const std::string&)>& mutate,
                            const std::function<Outcome(const std::string&)>& run,
                            const std::function<void(const std::string&, const Outcome&)>& check);

/// `target` (a fuzz entry point) on the bytes of `text`.
inline Outcome run_on(Outcome (*target)(const std::uint8_t*, std::size_t),
                      const std::string& text) {
  return target(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace axsim::fuzz
