// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a clip's speech labels -> parse_vad_labels and frame_labels (docs/fuzzing.md).
#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  axsim::fuzz::fuzz_labels_bytes(data, size);  // an unexpected exception terminates: a crash
  return 0;
}
