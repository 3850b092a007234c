// SPDX-License-Identifier: Apache-2.0
#include "workloads/builtin.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "sim/error.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

namespace {

LayerShape fc(int in, int out) {
  LayerShape s;
  s.kind = LayerKind::kFullyConnected;
  s.in_channels = in;
  s.out_channels = out;
  return s;
}

LayerShape conv(int c, int h, int w, int m, int k, int stride, int pad) {
  LayerShape s;
  s.in_channels = c, s.in_h = h, s.in_w = w;
  s.out_channels = m, s.kernel_h = k, s.kernel_w = k;
  s.stride = stride, s.pad = pad;
  return s;
}

struct ModelDef {
  BuiltinInfo info;
  std::vector<std::pair<std::string, LayerShape>> layers;
};

const std::vector<ModelDef>& models() {
  static const std::vector<ModelDef> defs = {
      {{"tiny", "two small layers (conv 3x8x8 -> 4, 3x3; fc 16 -> 8) for tests",
        "axsim test shape"},
       {{"conv", conv(3, 8, 8, 4, 3, 1, 1)}, {"fc", fc(16, 8)}}},
      {{"lenet-300-100", "LeNet-300-100 MLP on MNIST (784-300-100-10)",
        "Deep Compression (Han et al., ICLR'16) Table 1; shapes per LeCun et al. 1998"},
       {{"ip1", fc(784, 300)}, {"ip2", fc(300, 100)}, {"ip3", fc(100, 10)}}},
      {{"lenet5", "Caffe LeNet-5 on MNIST: two 5x5 convs and two FC layers",
        "Deep Compression (Han et al., ICLR'16) Table 1 (LeNet-5: 431K weights)"},
       {{"conv1", conv(1, 28, 28, 20, 5, 1, 0)},
        {"conv2", conv(20, 12, 12, 50, 5, 1, 0)},
        {"ip1", fc(800, 500)},
        {"ip2", fc(500, 10)}}},
      {{"alexnet", "AlexNet on ImageNet, conv1-5 and fc6-8, ungrouped convolutions",
        "Krizhevsky et al. 2012; per-layer weights as in Deep Compression Table 4 (conv2/4/5 "
        "there are 2-grouped, here dense)"},
       {{"conv1", conv(3, 227, 227, 96, 11, 4, 0)},
        {"conv2", conv(96, 27, 27, 256, 5, 1, 2)},
        {"conv3", conv(256, 13, 13, 384, 3, 1, 1)},
        {"conv4", conv(384, 13, 13, 384, 3, 1, 1)},
        {"conv5", conv(384, 13, 13, 256, 3, 1, 1)},
        {"fc6", fc(9216, 4096)},
        {"fc7", fc(4096, 4096)},
        {"fc8", fc(4096, 1000)}}},
  };
  return defs;
}

std::int8_t clip_int8(double v) {
  return static_cast<std::int8_t>(std::clamp(std::lround(v), -127L, 127L));
}

void fill_layer(Layer& layer, std::uint64_t seed) {
  const LayerShape& s = layer.shape;
  Rng rng(mix_seed(seed, layer.name));
  // He initialisation sigma = sqrt(2 / fan_in); int8 scale maps 4 sigma to 127.
  layer.weights.resize(s.weight_count());
  for (auto& w : layer.weights) w = clip_int8(rng.normal() * 127.0 / 4.0);
  // Post-ReLU activations: a normal variable with negatives set to zero, 4 sigma -> 127.
  layer.input.resize(s.input_count());
  for (auto& a : layer.input) a = clip_int8(std::max(0.0, rng.normal()) * 127.0 / 4.0);
}

}  // namespace

std::vector<BuiltinInfo> builtin_workloads() {
  std::vector<BuiltinInfo> out;
  for (const ModelDef& d : models()) out.push_back(d.info);
  return out;
}

Workload make_builtin(const std::string& name, std::uint64_t seed) {
  for (const ModelDef& d : models()) {
    if (d.info.name != name) continue;
    Workload w{d.info.name, d.info.source, {}};
    for (const auto& [layer_name, shape] : d.layers) {
      Layer& l = w.layers.emplace_back(Layer{layer_name, shape, {}, {}});
      fill_layer(l, seed);
    }
    return w;
  }
  std::string known;
  for (const ModelDef& d : models()) known += (known.empty() ? "" : ", ") + d.info.name;
  throw sim::ConfigError("unknown workload \"" + name + "\" (built-in: " + known + ")");
}

}  // namespace axsim::workloads
