// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: recipe JSON -> parse_recipe, Recipe::for_layer on LeNet-5 (docs/fuzzing.md).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  axsim::fuzz::fuzz_recipe_bytes(data, size);  // an unexpected exception terminates: a crash
  return 0;
}
