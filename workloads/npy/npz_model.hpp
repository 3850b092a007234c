// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// A NumPy archive of weights as a model (`axsim compress weights.npz`): every 2-D array is a
/// fully connected layer [out][in] and every 4-D array a convolution [M][C][R][S] whose input
/// size is unknown; other arrays (biases) are skipped. Layers come in the archive's name order.
/// Throws sim::ConfigError naming the file and the entry for an array whose dims are outside
/// ShapeLimits (docs/limits.md) or whose values are not all finite, and for an archive with no
/// 2-D or 4-D array.
Model read_npz_model(const std::string& path);

/// The same on the archive's bytes; `path` names them in errors and is the model's source.
Model npz_model(const std::string& bytes, const std::string& path);

}  // namespace axsim::workloads
