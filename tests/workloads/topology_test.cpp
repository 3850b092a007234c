// SPDX-License-Identifier: Apache-2.0
// Topology files: the shipped example reads as a sequential model whose float graph runs; shapes,
// densities and the operators after each layer are kept; mistakes are refused naming the file
// and the JSON path; a file whose layers do not chain is a set of independent layers unless it
// asks to be sequential.
#include "workloads/model/topology.hpp"

#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "workloads/compress/compress.hpp"

namespace axsim::workloads::topology_test {
namespace {

const std::string kSource = AXSIM_SOURCE_DIR;

std::string error_of(const std::string& layers, const std::string& extra = "") {
  try {
    parse_topology("net.json",
                   R"({"axsim_topology": 1, "name": "n", )" + extra + R"("layers": [)" + layers +
                       "]}",
                   1);
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Topology, TheExampleIsASequentialModel) {
  const Model m = read_topology(kSource + "/configs/topologies/small_cnn.json", 1);
  EXPECT_EQ(m.name, "small-cnn");
  ASSERT_EQ(m.layers.size(), 5u);
  EXPECT_TRUE(m.sequential);
  ASSERT_NE(m.graph, nullptr);
  const ModelLayer& c3 = m.layers[2];
  EXPECT_EQ(c3.groups, 4);
  EXPECT_EQ(c3.pool_after, 2);
  EXPECT_EQ(c3.pool_stride, 2);
  EXPECT_TRUE(c3.relu_after);
  EXPECT_DOUBLE_EQ(c3.weight_density, 0.4);
  EXPECT_DOUBLE_EQ(c3.act_density, 0.45);
  EXPECT_NE(c3.act_density_source.find("small_cnn.json"), std::string::npos);
  EXPECT_TRUE(m.layers[0].act_density_source.empty());  // none given: "published" refuses it
  EXPECT_EQ(shape_of(m.layers[3]).macs(), 4096u * 256u);
  ModelLayer l = m.layers[4];
  m.load_weights(l);
  EXPECT_EQ(l.weights.data.size(), 2560u);
}

TEST(Topology, UnchainedLayersAreIndependentUnlessSequentialIsAsked) {
  const std::string layers = R"({"name": "a", "kind": "fc", "in": 8, "out": 4},
                                {"name": "b", "kind": "fc", "in": 5, "out": 2})";
  const Model m = parse_topology(
      "net.json", R"({"axsim_topology": 1, "name": "n", "layers": [)" + layers + "]}", 1);
  EXPECT_FALSE(m.sequential);
  EXPECT_EQ(m.graph, nullptr);
  EXPECT_EQ(error_of(layers, R"("sequential": true, )"),
            "net.json: /layers/1/name: \"sequential\" is true but layer 'b' does not take the "
            "output before it: it takes 5 inputs, layer 'a' gives 4");
}

TEST(Topology, MistakesNameTheFileAndThePath) {
  EXPECT_EQ(error_of(R"({"name": "a", "kind": "pool"})"),
            "net.json: /layers/0/kind: expected one of conv, fc, lstm, got \"pool\"");
  EXPECT_NE(error_of(R"({"name": "a", "kind": "fc", "in": 4})")
                .find("net.json: /layers/0/out: missing"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name": "a", "kind": "fc", "in": 4, "out": 2},
                       {"name": "a", "kind": "fc", "in": 2, "out": 2})")
                .find("/layers/1/name: layer name 'a' is used twice"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name": "a", "kind": "conv", "in_channels": 1, "in_h": 4,
                        "out_channels": 2, "kernel": 7})")
                .find("net.json: /layers/0"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"name": "a", "kind": "fc", "in": 4, "out": 2, "colour": 1})")
                .find("/layers/0/colour: unknown key"),
            std::string::npos);
  EXPECT_NE(error_of("").find("/layers: expected at least one layer"), std::string::npos);
  EXPECT_NE(error_of(R"({"name": "a", "kind": "fc", "in": 4, "out": 2, "weight_density": 0})")
                .find("/layers/0/weight_density"),
            std::string::npos);
}

}  // namespace
}  // namespace axsim::workloads::topology_test
