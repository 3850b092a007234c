// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: trace bytes -> read, replay, reference, dense/scnn/eie (docs/fuzzing.md).
#include <cstdlib>

#include "tests/fuzz/fuzz_targets.hpp"

// Mutated bytes must reach the parsers behind the CRCs: this process only reads fuzz inputs.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  axsim::workloads::set_trace_crc_checks(false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An unexpected exception escapes and terminates: libFuzzer reports it as a crash.
  if (!axsim::fuzz::fuzz_trace_bytes(data, size).mismatches.empty()) std::abort();
  return 0;
}
