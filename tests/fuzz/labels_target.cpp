// SPDX-License-Identifier: Apache-2.0
// Speech-label fuzz entry point: a labels file through parse_vad_labels and frame_labels.
#include <string>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/task/vad_labels.hpp"

namespace axsim::fuzz {

Outcome fuzz_labels_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  try {
    const workloads::VadLabels l =
        workloads::parse_vad_labels(std::string(reinterpret_cast<const char*>(data), size), "fuzz.labels.json");
    for (const std::size_t frames : {1, 7, 113, 4096}) workloads::frame_labels(l, frames);
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

}  // namespace axsim::fuzz
