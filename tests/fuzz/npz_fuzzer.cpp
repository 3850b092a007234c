// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: .npz bytes -> zip and .npy readers, layers, compress (docs/fuzzing.md).
#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An unexpected exception escapes and terminates; a trace refused after an accepted input aborts.
  const axsim::fuzz::Outcome o = axsim::fuzz::fuzz_npz_bytes(data, size);
  if (!o.mismatches.empty()) {
    std::fprintf(stderr, "%s\n", o.mismatches.front().c_str());
    std::abort();
  }
  return 0;
}
