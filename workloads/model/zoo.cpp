// SPDX-License-Identifier: Apache-2.0
#include "workloads/model/zoo.hpp"

#include <cmath>
#include <functional>
#include <iterator>
#include <memory>

#include "sim/error.hpp"
#include "workloads/model/zoo_graphs.hpp"
#include "workloads/parallel.hpp"
#include "workloads/rng.hpp"

namespace axsim::workloads {

namespace {

ModelLayer fc(std::string name, int in, int out, double w_density = 1, double a_density = 1) {
  return zoo_fc(std::move(name), in, out, w_density, a_density);
}

ModelLayer conv(std::string name, int c, int hw, int m, int k, int stride, int pad,
                double w_density = 1, int groups = 1) {
  return zoo_conv(std::move(name), c, hw, m, k, stride, pad, w_density, groups);
}

ModelLayer lstm(std::string name, int in, int hidden, int recurrent_in, double w_density = 1) {
  ModelLayer l;
  l.name = std::move(name);
  l.kind = OpKind::kLstm;
  l.in_channels = in, l.out_channels = hidden, l.recurrent_in = recurrent_in;
  l.weight_density = w_density;
  return l;
}

// The float network's operators between layers (see ModelLayer): ReLU, then k x k max pooling.
ModelLayer relu(ModelLayer l) {
  l.relu_after = true;
  return l;
}

ModelLayer max_pool(ModelLayer l, int k, int stride) {
  l.pool_after = k, l.pool_stride = stride;
  return l;
}

// A small conv + fc pair for tests and smoke runs. Not sequential: the fc takes 16 inputs, not
// the conv's 4x8x8 outputs (tests depend on these shapes).
std::vector<ModelLayer> tiny() { return {conv("conv", 3, 8, 4, 3, 1, 1), fc("fc", 16, 8)}; }

// Weight densities: Deep Compression (Han et al., ICLR 2016) Tables 2-5 "Weights% (P)"; input
// activation densities: see input_density() below.
std::vector<ModelLayer> lenet_300_100() {
  return {relu(fc("ip1", 784, 300, 0.08)), relu(fc("ip2", 300, 100, 0.09)),
          fc("ip3", 100, 10, 0.26)};
}

// Caffe's LeNet-5 (examples/mnist/lenet_train_test.prototxt) has no ReLU after its convs, only
// after ip1: 28 -conv-> 24 -pool-> 12 -conv-> 8 -pool-> 4, and 50 x 4 x 4 = 800.
std::vector<ModelLayer> lenet5() {
  return {max_pool(conv("conv1", 1, 28, 20, 5, 1, 0, 0.66), 2, 2),
          max_pool(conv("conv2", 20, 12, 50, 5, 1, 0, 0.12), 2, 2),
          relu(fc("ip1", 800, 500, 0.08)), fc("ip2", 500, 10, 0.19)};
}

// Published input activation densities (ModelLayer::act_density_source names each one).
// Han, Pool, Tran, Dally, "Learning both Weights and Connections for Efficient Neural Networks",
// NIPS 2015, Tables 4 (AlexNet) and 5 (VGG-16): "Act%" is the share of non-zero activations of
// the pruned network, per layer, and it is the layer's OUTPUT (FLOP% = Weights% x the previous
// row's Act% in every row), so a layer's input density is the previous row's Act%. Pooling
// between the layers is ignored by that identity (max pooling makes an input somewhat denser).
// The first layer's input is the image: dense.
constexpr const char* kImageInput = "the network input (an image): dense";
constexpr const char* kHanTable4 =
    "Han et al., Learning both Weights and Connections, NIPS 2015, Table 4: previous layer's Act%";
constexpr const char* kHanTable5 =
    "Han et al., Learning both Weights and Connections, NIPS 2015, Table 5: previous layer's Act%";
// EIE (Han et al., "EIE: Efficient Inference Engine on Compressed Deep Neural Network", ISCA
// 2016), Table III: the activation density each benchmark layer reads, measured.
constexpr const char* kEieTable3 = "Han et al., EIE, ISCA 2016, Table III: measured input density";

ModelLayer input_density(ModelLayer l, double density, const char* source) {
  l.act_density = density, l.act_density_source = source;
  return l;
}

// Caffe BVLC AlexNet: conv2, conv4 and conv5 are 2-grouped (their weight counts match Deep
// Compression Table 4: 307K, 663K, 442K). Between layers: ReLU, and 3/2 max pooling after
// conv1, conv2 and conv5 (55 -> 27, 27 -> 13, 13 -> 6; 256 x 6 x 6 = 9216). The local response
// normalisation after conv1 and conv2 is left out: it rescales activations without changing
// their sparsity, and the reference executor does not model it. Input densities: conv1-5 from
// Han et al. NIPS 2015 Table 4 (1.0, then Act% 88, 52, 37, 40 of conv1-4); fc6-8 keep EIE's
// Table III figures (35.1, 35.3, 37.5 %), which are measured input densities of the same pruned
// network (Table 4's conv5/fc6/fc7 Act% give 34, 36, 40 %) and are the Alex-6/7/8 benchmarks'.
std::vector<ModelLayer> alexnet() {
  return {input_density(max_pool(relu(conv("conv1", 3, 227, 96, 11, 4, 0, 0.84)), 3, 2), 1.0,
                        kImageInput),
          input_density(max_pool(relu(conv("conv2", 96, 27, 256, 5, 1, 2, 0.38, 2)), 3, 2), 0.88,
                        kHanTable4),
          input_density(relu(conv("conv3", 256, 13, 384, 3, 1, 1, 0.35)), 0.52, kHanTable4),
          input_density(relu(conv("conv4", 384, 13, 384, 3, 1, 1, 0.37, 2)), 0.37, kHanTable4),
          input_density(max_pool(relu(conv("conv5", 384, 13, 256, 3, 1, 1, 0.37, 2)), 3, 2), 0.40,
                        kHanTable4),
          input_density(relu(fc("fc6", 9216, 4096, 0.09)), 0.351, kEieTable3),
          input_density(relu(fc("fc7", 4096, 4096, 0.09)), 0.353, kEieTable3),
          input_density(fc("fc8", 4096, 1000, 0.25), 0.375, kEieTable3)};
}

// ReLU after every conv and fc6/fc7; 2/2 max pooling ends each block (after conv1_2, conv2_2,
// conv3_3, conv4_3, conv5_3): exactly where the next conv's input size halves, or the last conv.
// Weight densities: Deep Compression Table 5; input densities: Han et al. NIPS 2015 Table 5
// (the previous layer's Act%; conv1_1 reads the image).
std::vector<ModelLayer> vgg16() {
  const struct {
    const char* name;
    int c, hw, m;
    double density, input_density;
  } convs[] = {{"conv1_1", 3, 224, 64, 0.58, 1.0},    {"conv1_2", 64, 224, 64, 0.22, 0.53},
               {"conv2_1", 64, 112, 128, 0.34, 0.89}, {"conv2_2", 128, 112, 128, 0.36, 0.80},
               {"conv3_1", 128, 56, 256, 0.53, 0.81}, {"conv3_2", 256, 56, 256, 0.24, 0.68},
               {"conv3_3", 256, 56, 256, 0.42, 0.70}, {"conv4_1", 256, 28, 512, 0.32, 0.64},
               {"conv4_2", 512, 28, 512, 0.27, 0.51}, {"conv4_3", 512, 28, 512, 0.34, 0.45},
               {"conv5_1", 512, 14, 512, 0.35, 0.34}, {"conv5_2", 512, 14, 512, 0.29, 0.32},
               {"conv5_3", 512, 14, 512, 0.36, 0.29}};
  std::vector<ModelLayer> layers;
  const std::size_t n = std::size(convs);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& c = convs[i];
    ModelLayer l = input_density(relu(conv(c.name, c.c, c.hw, c.m, 3, 1, 1, c.density)),
                                 c.input_density, i == 0 ? kImageInput : kHanTable5);
    const bool block_end = i + 1 == n || convs[i + 1].hw != c.hw;
    layers.push_back(block_end ? max_pool(std::move(l), 2, 2) : std::move(l));
  }
  // 512 x 7 x 7 = 25088; inputs: conv5_3, fc6 and fc7 Act% (19, 38, 42 %).
  layers.push_back(input_density(relu(fc("fc6", 25088, 4096, 0.04)), 0.19, kHanTable5));
  layers.push_back(input_density(relu(fc("fc7", 4096, 4096, 0.04)), 0.38, kHanTable5));
  layers.push_back(input_density(fc("fc8", 4096, 1000, 0.23), 0.42, kHanTable5));
  return layers;
}

// EIE's NeuralTalk benchmarks (Han et al., ISCA 2016: Table III names them; NT-We is 4096 x 600,
// its 600 rows per the paper's discussion of Fig. 8). The densities (We 10 %, Wd 11 %, LSTM
// 10 %) and NT-Wd/NT-LSTM shapes are recollections [R] of EIE Table III, not read in the paper:
// check before using them as targets.
std::vector<ModelLayer> neuraltalk() {
  return {fc("NT-We", 4096, 600, 0.10), fc("NT-Wd", 600, 8791, 0.11),
          lstm("NT-LSTM", 600, 600, 600, 0.10)};
}

// EIE's nine benchmarks (Han et al., ISCA 2016, Table III) as separate matrices, in-by-out as
// the paper sizes them. Alex-6/7/8 sizes and densities are from the paper [T]. The VGG and
// NeuralTalk rows were not read in the paper: their sizes follow the source networks (VGG-16
// fc6-8, NT-We's 600 rows as above), their weight densities are Deep Compression's (Han et al.,
// ICLR 2016, Table 5) and NeuralTalk's recalled ones; the activation densities VGG-6/7/8
// 18.3/37.5/41.1 % and NeuralTalk 100 % are recollections [R] of Table III. NT-LSTM is the
// paper's 1201 x 2400 matrix: [x; h; 1] (600 + 600 + a bias input) to the four 600-wide gates,
// run as one matrix-vector product per step.
std::vector<ModelLayer> eie_benchmarks() {
  return {input_density(relu(fc("Alex-6", 9216, 4096, 0.09, 0.351)), 0.351, kEieTable3),
          input_density(relu(fc("Alex-7", 4096, 4096, 0.09, 0.353)), 0.353, kEieTable3),
          input_density(fc("Alex-8", 4096, 1000, 0.25, 0.375), 0.375, kEieTable3),
          relu(fc("VGG-6", 25088, 4096, 0.04, 0.183)),
          relu(fc("VGG-7", 4096, 4096, 0.04, 0.375)),  fc("VGG-8", 4096, 1000, 0.23, 0.411),
          fc("NT-We", 4096, 600, 0.10, 1.0),           fc("NT-Wd", 600, 8791, 0.11, 1.0),
          fc("NT-LSTM", 1201, 2400, 0.10, 1.0)};
}

// ESE's speech LSTM (Han et al., FPGA 2017) as recalled [R], not read in the paper: an LSTMP
// with 1,024 cells, 512-d projection and 153-d input, pruned 10x (its abstract [S]).
std::vector<ModelLayer> ese_lstm() {
  ModelLayer l = lstm("lstm", 153, 1024, 512, 0.1);
  l.projection.shape = {512, 1024};
  return {l};
}

/// How a model is made: its layers (a chain when `sequential`), or its layers and graph.
struct ZooEntry {
  ZooInfo info;
  std::function<std::vector<ModelLayer>()> layers;
  bool sequential;  ///< layers chain (see Model::sequential)
  std::function<ZooGraph(const std::string& input)> graph = nullptr;
};

ZooGraph resnet18(const std::string& input) { return resnet_graph(input, 18); }
ZooGraph resnet34(const std::string& input) { return resnet_graph(input, 34); }
ZooGraph resnet50(const std::string& input) { return resnet_graph(input, 50); }

const std::vector<ZooEntry>& zoo() {
  static const std::vector<ZooEntry> entries = {
      {{"tiny", "two small layers (conv 3x8x8 -> 4, 3x3; fc 16 -> 8)", "axsim test shape"}, tiny,
       false},
      {{"lenet-300-100", "LeNet-300-100 MLP (MNIST)",
        "Deep Compression (Han et al., ICLR 2016) Table 2"},
       lenet_300_100, true},
      {{"lenet5", "Caffe LeNet-5 (MNIST)", "Deep Compression (Han et al., ICLR 2016) Table 3"},
       lenet5, true},
      {{"alexnet", "Caffe BVLC AlexNet (ImageNet), grouped conv2/4/5",
        "Deep Compression (Han et al., ICLR 2016) Table 4; EIE (Han et al., ISCA 2016) Table III"},
       alexnet, true},
      {{"vgg16", "VGG-16 (ImageNet)", "Deep Compression (Han et al., ICLR 2016) Table 5"}, vgg16,
       true},
      {{"googlenet", "GoogLeNet v1 conv layers and classifier (ImageNet), inception graph",
        "Szegedy et al., CVPR 2015, Table 1; SCNN's workloads (Parashar et al., ISCA 2017, "
        "Table 1); inception densities: Timeloop (Parashar et al., ISPASS 2019)"},
       nullptr, false, googlenet_graph},  // a DAG: inception branches run side by side
      {{"resnet18", "torchvision ResNet-18 (ImageNet), no BatchNorm",
        "He et al. 2016; AGP densities of Distiller (Zhu & Gupta 2017)"},
       nullptr, false, resnet18},
      {{"resnet34", "torchvision ResNet-34 (ImageNet), no BatchNorm",
        "He et al. 2016; no published per-layer densities (dense)"},
       nullptr, false, resnet34},
      {{"resnet50", "torchvision ResNet-50 (ImageNet), no BatchNorm",
        "He et al. 2016; AGP densities of Distiller (Zhu & Gupta 2017)"},
       nullptr, false, resnet50},
      {{"neuraltalk", "NeuralTalk layers of EIE: NT-We, NT-Wd, NT-LSTM",
        "EIE (Han et al., ISCA 2016) Table III, Fig. 8 text; shapes and densities partly "
        "recalled [R]"},
       neuraltalk, false},  // separate matrices, not one chain
      {{"eie-benchmarks", "EIE's nine FC/LSTM benchmark matrices (Alex-6..NT-LSTM)",
        "EIE (Han et al., ISCA 2016) Table III; VGG/NT activation densities recalled [R]"},
       eie_benchmarks, false},  // independent matrices
      {{"ese-lstm", "ESE speech LSTM (LSTMP 1024 cells, 512 projection)",
        "ESE (Han et al., FPGA 2017), shape recalled [R]"},
       ese_lstm, false},  // LSTM: no graph
  };
  return entries;
}

std::int64_t fan_in(const ModelLayer& l) {
  return l.kind == OpKind::kLstm ? std::int64_t(l.in_channels) + l.recurrent_in : l.cols();
}

// Laplace(0, b) has standard deviation b sqrt(2); inverse-CDF sampling from a uniform draw.
// Element i takes draw i of `rng`'s stream, so ranges fill on all cores with the same values.
void fill_laplace(std::vector<float>& v, double sigma, Rng& rng) {
  const double b = sigma / std::sqrt(2.0);
  constexpr std::size_t kMinRange = std::size_t{1} << 20;  // below this a thread costs more
  parallel_ranges(v.size(), kMinRange, [&, first = rng](std::size_t begin, std::size_t end) {
    Rng draws = first;
    draws.discard(begin);
    for (std::size_t i = begin; i < end; ++i) {
      const double u = draws.uniform() - 0.5;
      v[i] = static_cast<float>(-b * (u < 0 ? -1.0 : 1.0) * std::log(1.0 - 2.0 * std::abs(u)));
    }
  });
  rng.discard(v.size());
}

}  // namespace

void fill_random_weights(ModelLayer& l, std::uint64_t seed) {
  Rng rng(mix_seed(seed, l.name));
  const double sigma = std::sqrt(2.0 / static_cast<double>(fan_in(l)));
  const std::int64_t w_cols = l.kind == OpKind::kLstm ? l.in_channels : l.cols();
  l.weights.shape = {l.rows(), w_cols};
  l.weights.data.resize(std::size_t(l.rows() * w_cols));
  fill_laplace(l.weights.data, sigma, rng);
  if (l.kind == OpKind::kLstm) {
    l.recurrent.shape = {l.rows(), l.recurrent_in};
    l.recurrent.data.resize(std::size_t(l.rows() * l.recurrent_in));
    fill_laplace(l.recurrent.data, sigma, rng);
  }
  if (l.has_projection()) {  // fan-in H
    l.projection.data.resize(std::size_t(l.recurrent_in) * std::size_t(l.out_channels));
    fill_laplace(l.projection.data, std::sqrt(2.0 / l.out_channels), rng);
  }
  const std::int64_t biases = l.kind == OpKind::kLstm ? 2 * l.rows() : l.rows();
  l.bias.shape = {biases};
  l.bias.data.assign(std::size_t(biases), 0.0f);
}

std::vector<ZooInfo> zoo_models() {
  std::vector<ZooInfo> out;
  for (const ZooEntry& e : zoo()) out.push_back(e.info);
  return out;
}

Model make_zoo_model(const std::string& name, std::uint64_t seed, ZooWeights weights) {
  for (const ZooEntry& e : zoo()) {
    if (e.info.name != name) continue;
    Model m;
    m.name = name, m.source = "builtin:" + name, m.sequential = e.sequential;
    if (e.graph) {  // the graph input is named after the model, as sequential_graph()'s
      ZooGraph z = e.graph(name);
      m.layers = std::move(z.layers);
      m.graph = std::make_shared<const ModelGraph>(std::move(z.graph));
    } else {
      m.layers = e.layers();
      if (e.sequential)
        m.graph = std::make_shared<const ModelGraph>(sequential_graph(name, m.layers));
    }
    if (weights == ZooWeights::kOnDemand) {
      m.load_weights = [seed](ModelLayer& l) { fill_random_weights(l, seed); };
      return m;
    }
    for (ModelLayer& l : m.layers) fill_random_weights(l, seed);
    return m;
  }
  std::string known;
  for (const ZooEntry& e : zoo()) known += (known.empty() ? "" : ", ") + e.info.name;
  throw sim::ConfigError("unknown built-in model \"" + name + "\" (built-in: " + known + ")");
}

}  // namespace axsim::workloads
