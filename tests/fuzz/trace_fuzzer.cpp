// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: trace bytes -> read, replay, reference, dense/scnn/eie (docs/fuzzing.md).
#include <cstdlib>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An unexpected exception escapes and terminates: libFuzzer reports it as a crash.
  if (!axsim::fuzz::fuzz_trace_bytes(data, size).mismatches.empty()) std::abort();
  return 0;
}
