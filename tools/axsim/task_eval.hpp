// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <vector>

#include "arch/layer_unit.hpp"
#include "results/results_db.hpp"
#include "tools/axsim/task_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::tools {

/// Runs the task's model on each clip twice: in float, and with every layer of `workload` (the
/// trace) computed by `unit`'s layer_function(); scores both. Per clip and over all clips
/// ("all"): frames, accuracy (the unit's decisions against the labels), float_accuracy, and
/// agreement (the unit's decisions against the float model's), the last three in [0, 1].
/// Throws sim::ConfigError for missing or malformed files, a graph that does not match the
/// trace, or a unit without an inference path.
std::vector<results::TaskMetric> run_task(const TaskSpec& task, const workloads::Workload& workload,
                                          arch::LayerUnit& unit);

}  // namespace axsim::tools
