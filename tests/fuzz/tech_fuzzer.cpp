// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: tech node JSON -> TechTable::load and every pricing function (docs/fuzzing.md).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  axsim::fuzz::fuzz_tech_bytes(data, size);  // an unexpected exception terminates: a crash
  return 0;
}
