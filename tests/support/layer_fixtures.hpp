// SPDX-License-Identifier: Apache-2.0
// One layer compressed by the front-end with a recipe made up in the test: what the unit tests
// of units that read the `dense` encoding run.
#pragma once
#include <algorithm>
#include <string>

#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::test {

/// `l` (seeded weights in [-1, 1) when it has none) quantized by `quantize` (a recipe's
/// "quantize" object), stored as `dense`, with synthetic inputs at `act_density` of `act_bits`,
/// read back from its trace.
inline workloads::Layer compress_one(workloads::ModelLayer l, const std::string& quantize,
                                     double act_density = 0.5, int act_bits = 16) {
  if (l.weights.data.empty()) {
    l.weights.shape = {l.out_channels, l.in_channels / std::max(1, l.groups), l.kernel_h, l.kernel_w};
    const std::int64_t n = l.out_channels * (l.in_channels / std::max(1, l.groups)) * l.kernel_h * l.kernel_w;
    for (std::int64_t i = 0; i < n; ++i) l.weights.data.push_back(float((i * 7919) % 23) / 11.f - 1.f);
  }
  workloads::Model m;
  m.name = "t", m.source = "test", m.layers = {l};
  const std::string recipe = R"({"axsim_recipe": 1, "name": "t", "defaults": {"quantize": )" + quantize +
                             R"(, "encoding": {"format": "dense"}, "huffman": false,
    "activations": {"source": "synthetic", "density": )" + std::to_string(act_density) +
                             R"(, "bits": )" + std::to_string(act_bits) + "}}}";
  const workloads::Recipe r = workloads::parse_recipe("t", recipe);
  return workloads::workload_from_trace(workloads::to_trace(workloads::compress(m, r), r, "test"), "t.axt")
      .layers.front();
}

/// A conv layer with ReLU after it: c input channels of hw x hw, m outputs, k x k kernels,
/// padding k / 2.
inline workloads::ModelLayer conv_layer(int c, int hw, int m, int k, int stride = 1, int groups = 1) {
  workloads::ModelLayer l;
  l.name = "conv", l.kind = workloads::OpKind::kConv, l.relu_after = true;
  l.in_channels = c, l.in_h = l.in_w = hw, l.out_channels = m, l.kernel_h = l.kernel_w = k;
  l.pad_h = l.pad_w = k / 2, l.stride_h = l.stride_w = stride, l.groups = groups;
  return l;
}

}  // namespace axsim::test
