// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// How the "published" activation source places a layer's non-zeros (docs/compression.md,
/// "Published activation densities").
struct StructuredActivationSpec {
  double density = 1.0;         ///< the layer's non-zero share, hit exactly (to one value)
  double correlation_px = 1.5;  ///< std. deviation of the smoothing kernel (0: no smoothing)
  double channel_spread = 1.0;  ///< std. deviation of the channels' logit offsets (0: none)
  int bits = 8;                 ///< the activations' bits: no non-zero quantizes to zero
};

/// ReLU-like input activations of a layer with exactly round(density x count) non-zeros placed
/// with spatial structure, seeded from `seed` and the layer name:
/// - conv [C][H][W]: each channel gets its own density, sigmoid(t + a_c) with a_c ~ N(0,
///   channel_spread) and t chosen so that the channel counts sum to the layer's (some channels
///   dense, some nearly dead, as in the ReLU maps of trained CNNs); its non-zeros are the
///   highest values of a Gaussian random field (white noise smoothed by a Gaussian kernel of
///   standard deviation correlation_px, edges replicated), so they come in blobs;
/// - fc and LSTM inputs (1-D: no spatial neighbours) get the exact count at uniform positions.
/// Non-zero values are |N(0, 1)|, raised to one quantization step where they would round to 0.
std::vector<float> structured_activations(const ModelLayer& l, const StructuredActivationSpec& s,
                                          std::uint64_t seed);

/// Channel counts summing exactly to `total`, each in [0, per_channel], close to
/// sigmoid(t + offsets[c]) x per_channel (largest remainders). Exposed for tests.
std::vector<std::int64_t> channel_counts(const std::vector<double>& offsets,
                                         std::int64_t per_channel, std::int64_t total);

}  // namespace axsim::workloads
