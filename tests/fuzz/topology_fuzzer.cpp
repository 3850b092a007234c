// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: topology file JSON -> parse_topology and its layers' shapes (docs/fuzzing.md).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  axsim::fuzz::fuzz_topology_bytes(data, size);  // an unexpected exception terminates: a crash
  return 0;
}
