// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: CPU traces, packed (.axct) and raw (axtrace's stream) (docs/fuzzing.md).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  axsim::fuzz::fuzz_cputrace_bytes(data, size);  // an unexpected exception terminates: a crash
  return 0;
}
