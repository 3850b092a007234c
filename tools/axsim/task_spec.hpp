// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/params.hpp"

namespace axsim::tools {

/// A config's "task": labelled inputs that the trace's model runs on end to end, every layer of
/// the trace computed by the unit (arch::LayerUnit::layer_function), the rest of the graph in
/// float, and the metrics it scores (docs/tasks.md).
struct TaskSpec {
  /// "vad": per-frame speech decisions against the clip's labels; "classify": one class per
  /// input of a set (the output's largest score) against the set's labels
  std::string kind;
  std::string model;  ///< the ONNX model the trace was compressed from (path)
  /// Clips: CLIP.npy (the graph input; classify: N inputs stacked on the first axis) and
  /// CLIP.labels.json beside it (paths without suffix).
  std::vector<std::string> clips;
  std::string input;   ///< the graph input a clip feeds
  std::map<std::string, std::vector<double>> input_values;  ///< the other graph inputs
  std::string output;  ///< vad: one speech probability per frame; classify: one score per class
  double threshold = 0.5;  ///< vad: the probability above which a frame is speech
};

/// Reads the "task" object; paths are relative to `config_dir`. Errors go to the Params'
/// diagnostics.
TaskSpec parse_task(sim::Params task, const std::string& config_dir);

}  // namespace axsim::tools
