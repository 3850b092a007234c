// SPDX-License-Identifier: Apache-2.0
// The zoo's models with branches (zoo.cpp's only): their layers and the graph over them.
#pragma once
#include <vector>

#include "workloads/model/graph.hpp"
#include "workloads/model/model.hpp"

namespace axsim::workloads {

struct ZooGraph {
  std::vector<ModelLayer> layers;
  ModelGraph graph;
};

/// A conv layer's geometry: c x hw x hw input, m outputs, k x k kernel.
ModelLayer zoo_conv(std::string name, int c, int hw, int m, int k, int stride, int pad,
                    double w_density = 1, int groups = 1);
/// An fc layer's geometry.
ModelLayer zoo_fc(std::string name, int in, int out, double w_density = 1, double a_density = 1);

/// GoogLeNet v1 as Caffe's bvlc_googlenet deploy net, without its LRNs.
ZooGraph googlenet_graph(const std::string& input);
/// torchvision's ResNet-18, -34 or -50 without BatchNormalization.
ZooGraph resnet_graph(const std::string& input, int depth);

}  // namespace axsim::workloads
