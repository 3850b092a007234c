// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/task_spec.hpp"

#include <filesystem>

namespace axsim::tools {

TaskSpec parse_task(sim::Params p, const std::string& config_dir) {
  auto beside = [&](const std::string& f) { return (std::filesystem::path(config_dir) / f).string(); };
  TaskSpec t;
  t.kind = p.optional_choice("kind", "vad", {"vad", "classify"});
  t.model = beside(p.required_string("model"));
  for (const std::string& c : p.optional_string_list("clips")) t.clips.push_back(beside(c));
  if (t.clips.empty()) p.error("clips", "expected at least one clip (CLIP for CLIP.npy and CLIP.labels.json)");
  t.input = p.optional_string("input", "input");
  if (p.has("input_values")) {
    sim::Params values = p.child("input_values");
    for (const std::string& k : values.keys())
      t.input_values[k] = {values.required_number(k, -1e30, 1e30)};
  }
  t.output = p.required_string("output");
  t.threshold = p.optional_number("threshold", 0.5, 0, 1);
  p.reject_unused();
  return t;
}

}  // namespace axsim::tools
