// SPDX-License-Identifier: Apache-2.0
#include "workloads/model/zoo_graphs.hpp"

#include <cmath>
#include <map>
#include <stdexcept>

namespace axsim::workloads {

ModelLayer zoo_fc(std::string name, int in, int out, double w_density, double a_density) {
  ModelLayer l;
  l.name = std::move(name);
  l.kind = OpKind::kFullyConnected;
  l.in_channels = in, l.out_channels = out;
  l.weight_density = w_density, l.act_density = a_density;
  return l;
}

ModelLayer zoo_conv(std::string name, int c, int hw, int m, int k, int stride, int pad,
                    double w_density, int groups) {
  ModelLayer l;
  l.name = std::move(name);
  l.kind = OpKind::kConv;
  l.in_channels = c, l.in_h = hw, l.in_w = hw, l.out_channels = m;
  l.kernel_h = l.kernel_w = k, l.groups = groups;
  l.stride_h = l.stride_w = stride, l.pad_h = l.pad_w = pad;
  l.weight_density = w_density;
  return l;
}

namespace {

// ---- GoogLeNet ---------------------------------------------------------------------------------

/// A layer's published weight density and input activation density.
struct Densities {
  double weight, input;
};

struct Inception {
  const char* id;
  int in, hw, c1, c3r, c3, c5r, c5, pool;
  /// 1x1, 3x3_reduce, 3x3, 5x5_reduce, 5x5, pool_proj
  Densities d[6];
};

// The pruned GoogLeNet's per-layer densities that Parashar et al. ship with Timeloop (ISPASS
// 2019; github.com/NVlabs/timeloop, src/data/cnn/densities.csv, there since its first commit):
// weight, input and output density of every inception conv layer (the stem and the classifier
// are not listed). The repository does not say where they come from; its VGG-16 rows follow Han
// et al. (NIPS 2015: 12 of 13 weight densities equal), so these are most likely the Han-style
// pruned GoogLeNet of SCNN's evaluation (Parashar et al., ISCA 2017): an inference. Rounded to
// 3 decimals.
constexpr const char* kTimeloopDensities =
    "Parashar et al., Timeloop (ISPASS 2019), src/data/cnn/densities.csv: "
    "pruned GoogLeNet's input density";

ModelLayer published(ModelLayer l, const Densities& d) {
  l.weight_density = d.weight;
  l.act_density = d.input, l.act_density_source = kTimeloopDensities;
  return l;
}

// Szegedy et al. 2015, Table 1. Every branch ends in a ReLU; the pool branch is a 3x3 stride-1
// max pooling (pad 1) then its 1x1 projection. Layers in Caffe's order.
std::string inception(GraphBuilder& b, const Inception& m, const std::string& x) {
  const std::string p = std::string("inception_") + m.id + "/";
  // Branch layer i of the module: name, input and output channels, square kernel, padding.
  const auto conv = [&](int i, const char* name, int c, int out, int k, const std::string& in) {
    const ModelLayer l = published(zoo_conv(p + name, c, m.hw, out, k, 1, k / 2), m.d[i]);
    return b.relu(b.layer(l, in));
  };
  const std::string b1 = conv(0, "1x1", m.in, m.c1, 1, x);
  const std::string b3 = conv(2, "3x3", m.c3r, m.c3, 3, conv(1, "3x3_reduce", m.in, m.c3r, 1, x));
  const std::string b5 = conv(4, "5x5", m.c5r, m.c5, 5, conv(3, "5x5_reduce", m.in, m.c5r, 1, x));
  const std::string bp = conv(5, "pool_proj", m.in, m.pool, 1, b.max_pool(x, 3, 1, 1, true));
  return b.concat({b1, b3, b5, bp});
}

// ---- ResNets -----------------------------------------------------------------------------------

// Weight densities of ResNet-18 and ResNet-50 pruned with AGP (M. Zhu and S. Gupta, "To prune,
// or not to prune: exploring the efficacy of pruning for model compression", arXiv:1710.01878,
// 2017) in Intel's Distiller (N. Zmora, G. Jacob, L. Zlotnik, B. Elharar, G. Novik, "Neural
// Network Distiller: A Python Package For DNN Compression Research", arXiv:1910.12232, 2019):
// the schedules examples/agp-pruning/resnet18.schedule_agp.yaml (top-1 69.87 %) and
// resnet50.schedule_agp.yaml (top-1 75.99 %) of github.com/IntelLabs/distiller, read as each
// layer's non-zero fraction after fine-tuning (from the schedules' NNZ counts). ResNet-18 lists
// its layers; ResNet-50 prunes every conv and the fc to 0.20 but keeps conv1 dense. ResNet-34
// has no published per-layer densities: 1.0 everywhere.
double resnet_density(int depth, const std::string& layer) {
  static const std::map<std::string, double> resnet18 = {
      {"layer1.0.conv1", 0.24}, {"layer1.0.conv2", 0.24}, {"layer1.1.conv1", 0.33},
      {"layer1.1.conv2", 0.33}, {"layer2.0.conv1", 0.33}, {"layer2.0.conv2", 0.40},
      {"layer2.0.downsample.0", 0.33}, {"layer2.1.conv1", 0.24}, {"layer2.1.conv2", 0.24},
      {"layer3.0.conv1", 0.24}, {"layer3.0.conv2", 0.33}, {"layer3.0.downsample.0", 1.0},
      {"layer3.1.conv1", 0.40}, {"layer3.1.conv2", 0.40}, {"layer4.0.conv1", 0.40},
      {"layer4.0.conv2", 0.40}, {"layer4.0.downsample.0", 0.40}, {"layer4.1.conv1", 0.40},
      {"layer4.1.conv2", 0.33}};
  if (depth == 18) {
    auto it = resnet18.find(layer);
    return it == resnet18.end() ? 1.0 : it->second;  // conv1 and fc stay dense
  }
  if (depth == 50) return layer == "conv1" ? 1.0 : 0.20;
  return 1.0;
}

/// A residual block's output: ReLU((branch + shortcut) / sqrt(2)). Without BatchNormalization
/// each sum of two (roughly independent, equally scaled) signals doubles the variance, so the
/// sum is scaled back. Zero biases make every operator positively homogeneous, so the factor
/// changes magnitudes only: no sign, no zero, no activation density.
std::string residual(GraphBuilder& b, const std::string& branch, const std::string& shortcut) {
  return b.relu(b.scale(b.add(branch, shortcut), float(1.0 / std::sqrt(2.0))));
}

struct Stage {
  int depth, index, blocks, width;
};

/// One torchvision stage (layerN): `blocks` BasicBlocks (expansion 1) or Bottlenecks (4, the
/// stride on the 3x3 as in torchvision >= 0.3); the first block strides 2 beyond stage 1 and
/// takes a 1x1 downsample conv when its shape changes.
std::string stage(GraphBuilder& b, const Stage& s, std::string x, int& channels, int& hw) {
  const bool bottleneck = s.depth >= 50;
  const int out = bottleneck ? 4 * s.width : s.width;
  for (int k = 0; k < s.blocks; ++k) {
    const std::string p = "layer" + std::to_string(s.index) + "." + std::to_string(k) + ".";
    const int stride = k == 0 && s.index > 1 ? 2 : 1, ohw = hw / stride;
    const auto conv = [&](const std::string& name, int c, int h, int m, int kk, int st, int pad,
                          const std::string& in) {
      return b.layer(zoo_conv(p + name, c, h, m, kk, st, pad, resnet_density(s.depth, p + name)), in);
    };
    std::string y;
    if (bottleneck) {
      y = b.relu(conv("conv1", channels, hw, s.width, 1, 1, 0, x));
      y = b.relu(conv("conv2", s.width, hw, s.width, 3, stride, 1, y));
      y = conv("conv3", s.width, ohw, out, 1, 1, 0, y);
    } else {
      y = b.relu(conv("conv1", channels, hw, s.width, 3, stride, 1, x));
      y = conv("conv2", s.width, ohw, s.width, 3, 1, 1, y);
    }
    const std::string shortcut = stride != 1 || channels != out
                                     ? conv("downsample.0", channels, hw, out, 1, stride, 0, x)
                                     : x;
    x = residual(b, y, shortcut);
    channels = out, hw = ohw;
  }
  return x;
}

}  // namespace

// The first layer reads the image: its input density is known (dense).
static ModelLayer image_input(ModelLayer l) {
  l.act_density = 1.0;
  l.act_density_source = "the network input (an image): dense";
  return l;
}

ZooGraph googlenet_graph(const std::string& input) {
  GraphBuilder b(input, {1, 3, 224, 224});
  std::string x = b.relu(b.layer(image_input(zoo_conv("conv1/7x7_s2", 3, 224, 64, 7, 2, 3)), input));
  x = b.max_pool(x, 3, 2, 0, true);  // 112 -> 56 (Caffe ceil mode)
  x = b.relu(b.layer(zoo_conv("conv2/3x3_reduce", 64, 56, 64, 1, 1, 0), x));
  x = b.relu(b.layer(zoo_conv("conv2/3x3", 64, 56, 192, 3, 1, 1), x));
  x = b.max_pool(x, 3, 2, 0, true);  // 56 -> 28
  // Shapes: Szegedy et al. Table 1; densities {weight, input}: kTimeloopDensities.
  const Inception modules[] = {
      {"3a", 192, 28, 64, 96, 128, 16, 32, 32,
       {{.379, .709}, {.414, .709}, {.451, .664}, {.356, .709}, {.341, .775}, {.461, .956}}},
      {"3b", 256, 28, 128, 128, 192, 32, 96, 64,
       {{.408, .530}, {.462, .530}, {.488, .516}, {.382, .530}, {.461, .652}, {.460, .866}}},
      {"4a", 480, 14, 192, 96, 208, 16, 48, 64,
       {{.450, .554}, {.448, .554}, {.480, .619}, {.418, .554}, {.457, .761}, {.479, .869}}},
      {"4b", 512, 14, 160, 112, 224, 24, 64, 64,
       {{.346, .222}, {.344, .222}, {.414, .721}, {.350, .222}, {.422, .786}, {.398, .555}}},
      {"4c", 512, 14, 128, 128, 256, 24, 64, 64,
       {{.373, .506}, {.392, .506}, {.419, .569}, {.364, .506}, {.400, .651}, {.409, .822}}},
      {"4d", 512, 14, 112, 144, 288, 32, 64, 64,
       {{.382, .434}, {.413, .434}, {.430, .443}, {.385, .434}, {.425, .639}, {.400, .750}}},
      {"4e", 528, 14, 256, 160, 320, 32, 128, 128,
       {{.343, .255}, {.395, .255}, {.371, .643}, {.370, .255}, {.423, .806}, {.388, .545}}},
      {"5a", 832, 7, 256, 160, 320, 32, 128, 128,
       {{.312, .500}, {.327, .500}, {.362, .565}, {.314, .500}, {.358, .695}, {.334, .799}}},
      {"5b", 832, 7, 384, 192, 384, 48, 128, 128,
       {{.319, .310}, {.329, .310}, {.367, .301}, {.330, .310}, {.346, .460}, {.315, .570}}}};
  int hw = 28;
  for (const Inception& m : modules) {
    if (m.hw != hw) x = b.max_pool(x, 3, 2, 0, true), hw = m.hw;  // 28 -> 14 -> 7
    x = inception(b, m, x);
  }
  x = b.flatten(b.global_average_pool(x));  // pool5/7x7_s1 over the whole 7 x 7 map
  b.layer(zoo_fc("loss3/classifier", 1024, 1000), x);
  ZooGraph z{std::move(b.layers()), {}};
  z.graph = b.finish();
  return z;
}

ZooGraph resnet_graph(const std::string& input, int depth) {
  const std::map<int, std::vector<int>> blocks = {{18, {2, 2, 2, 2}}, {34, {3, 4, 6, 3}},
                                                  {50, {3, 4, 6, 3}}};
  if (blocks.count(depth) == 0) throw std::invalid_argument("resnet_graph: depth 18, 34 or 50");
  GraphBuilder b(input, {1, 3, 224, 224});
  std::string x = b.relu(b.layer(image_input(zoo_conv("conv1", 3, 224, 64, 7, 2, 3, 1.0)), input));
  x = b.max_pool(x, 3, 2, 1, false);  // 112 -> 56 (PyTorch floor mode)
  int channels = 64, hw = 56;
  for (int s = 0; s < 4; ++s)
    x = stage(b, {depth, s + 1, blocks.at(depth)[std::size_t(s)], 64 << s}, x, channels, hw);
  x = b.flatten(b.global_average_pool(x));
  b.layer(zoo_fc("fc", channels, 1000, resnet_density(depth, "fc")), x);
  ZooGraph z{std::move(b.layers()), {}};
  z.graph = b.finish();
  return z;
}

}  // namespace axsim::workloads
