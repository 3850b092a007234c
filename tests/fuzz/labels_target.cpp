// SPDX-License-Identifier: Apache-2.0
// Label-file fuzz entry point: the bytes through parse_vad_labels (and frame_labels) and
// parse_class_labels; accepted when either reads them.
#include <string>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/task/class_labels.hpp"
#include "workloads/task/vad_labels.hpp"

namespace axsim::fuzz {

Outcome fuzz_labels_bytes(const std::uint8_t* data, std::size_t size) {
  Outcome o;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const workloads::VadLabels l = workloads::parse_vad_labels(text, "fuzz.labels.json");
    for (const std::size_t frames : {1, 7, 113, 4096}) workloads::frame_labels(l, frames);
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  try {
    workloads::parse_class_labels(text, "fuzz.labels.json");
    o.accepted = true;
  } catch (const sim::ConfigError& e) {
    if (!o.accepted) o.error += std::string("; ") + e.what();
  }
  return o;
}

}  // namespace axsim::fuzz
