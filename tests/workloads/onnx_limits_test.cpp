// SPDX-License-Identifier: Apache-2.0
// Bad ONNX input is refused with a ConfigError naming the file and the node, attribute,
// input or initializer (issue 14): the attribute checks run before shape inference, zero and
// oversized dimensions, non-finite weights, the executor's size limits, and run-time sizes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "tests/support/onnx_graph.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/onnx/onnx_reader.hpp"
#include "workloads/reference/executor.hpp"

namespace axsim::workloads::onnx_limits_test {
namespace {

using test::Graph;
using test::set_int;
using test::set_ints;
using Dims = std::vector<std::int64_t>;

std::string write(const Graph& g, const std::string& tag = "") {
  return test::write_model(g.m, "axsim_limits_", tag);
}

/// The message read_onnx refuses the file with ("" if it reads it).
std::string refusal(const std::string& path, const OnnxReadOptions& o = {}) {
  try {
    read_onnx(path, o);
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "";
}

/// read_onnx refuses the file with a message naming it and containing `part`.
void expect_refused(const std::string& path, const std::string& part) {
  const std::string e = refusal(path);
  EXPECT_NE(e.find(path), std::string::npos) << e;
  EXPECT_NE(e.find(part), std::string::npos) << "'" << e << "' lacks '" << part << "'";
}

/// x [1,2,6,6] -> Conv (w [3,2,3,3]) -> y, the conv named "conv".
Graph conv_model(const Dims& x = {1, 2, 6, 6}) {
  Graph g;
  g.shaped_input("x", x);
  g.floats("w", {3, 2, 3, 3}, std::vector<float>(54, 0.5f));
  g.node("Conv", {"x", "w"}, {"y"}, "conv");
  g.output("y");
  return g;
}

// ---- attributes and declared dimensions, before shape inference ------------------------------

TEST(OnnxLimits, AttributesAreCheckedBeforeShapeInference) {
  struct Case {
    const char* attr;
    Dims value;
    const char* message;
  };
  const Case cases[] = {
      {"strides", {0, 1}, "attribute strides is 0, expected 1..65536"},
      {"dilations", {1, 0}, "attribute dilations is 0, expected 1..65536"},
      {"kernel_shape", {0, 3}, "attribute kernel_shape is 0, expected 1..65536"},
      {"pads", {-1, 0, 0, 0}, "attribute pads is -1, expected 0..65536"},
      {"pads", {0, 0, 1 << 30, 0}, "attribute pads is 1073741824, expected 0..65536"},
      {"output_padding", {-2}, "attribute output_padding is -2"},
  };
  for (const Case& c : cases) {
    Graph g = conv_model();
    set_ints(g.g->mutable_node(0), c.attr, c.value);
    const std::string path = write(g, c.attr);
    expect_refused(path, std::string("node 'conv' (Conv): ") + c.message);
  }
  Graph g = conv_model();
  set_int(g.g->mutable_node(0), "group", 0);
  expect_refused(write(g, "group"),
                 "node 'conv' (Conv): attribute group is 0, expected 1..16777216");
}

TEST(OnnxLimits, LstmHiddenSizeIsChecked) {
  Graph g;
  g.shaped_input("x", {2, 1, 3});
  g.floats("W", {1, 8, 3}, std::vector<float>(24, 0.1f));
  g.floats("R", {1, 8, 2}, std::vector<float>(16, 0.1f));
  set_int(g.node("LSTM", {"x", "W", "R"}, {"y"}, "rnn"), "hidden_size", 0);
  g.output("y");
  expect_refused(write(g), "node 'rnn' (LSTM): attribute hidden_size is 0, expected 1..");
}

TEST(OnnxLimits, DeclaredDimensionsAreBounded) {
  expect_refused(write(conv_model({1, 2, -3, 6}), "neg"), "graph input 'x': dimension 2 is -3");
  expect_refused(write(conv_model({1, 2, std::int64_t{1} << 30, 1 << 12}), "big"),
                 "graph input 'x': dimension 3 is 4096, expected 1.. with at most 2^40 values");
  Graph g = conv_model();
  test::Graph::Dims huge = {std::int64_t{1} << 41};
  auto* v = g.g->add_value_info();
  v->set_name("y");
  v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  v->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(huge[0]);
  expect_refused(write(g, "value_info"), "value 'y': dimension 0 is 2199023255552");
}

// Found by an outside mutation campaign: a graph input with a dim of 0 crashed `axsim compress`
// (the executor divided by the batch and read the first element of empty tensors).
TEST(OnnxLimits, ZeroDimensionGraphInputIsRefused) {
  const std::string path = write(conv_model({1, 2, 0, 6}));
  expect_refused(path, "graph input 'x': dimension 2 is 0, expected 1..");
  OnnxReadOptions o;  // the same through input_dims (the --input option)
  o.input_dims["x"] = {0, 2, 6, 6};
  const std::string e = refusal(write(conv_model()), o);
  EXPECT_NE(e.find("graph input 'x': dimension 0 is 0"), std::string::npos) << e;
}

TEST(OnnxLimits, ExecutorRefusesEmptyFloatTensors) {
  // A Slice that selects nothing feeds a Gemm: the executor refuses at the Gemm, naming it.
  Graph g;
  g.shaped_input("x", {2, 4});
  g.ints("starts", {1}, {1}), g.ints("ends", {1}, {1}), g.ints("axes", {1}, {0});
  g.node("Slice", {"x", "starts", "ends", "axes"}, {"none"}, "cut");
  g.floats("w", {4, 3}, std::vector<float>(12, 1.f));
  g.node("Gemm", {"none", "w"}, {"y"}, "fc");
  g.output("y");
  const std::string path = write(g);
  const OnnxExecutor ex(path);
  try {
    ex.run({{"x", OnnxValue::floats({2, 4}, std::vector<float>(8, 1.f))}});
    FAIL() << "no refusal";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("node 'fc' (Gemm): input 'none' is empty (shape [0,4])"),
              std::string::npos)
        << e.what();
  }
}

TEST(OnnxLimits, LayerNamesMustBeUtf8) {  // they go into the trace's JSON header
  Graph g = conv_model();
  g.g->mutable_node(0)->set_name("conv\xff");
  expect_refused(write(g), "a Conv node (layer 1) has a name that is not UTF-8");
}

// Found by the ONNX mutation test: a Conv without outputs made protobuf abort (its first output
// was read unchecked).
TEST(OnnxLimits, LayerNodesNeedAnInputAndAnOutput) {
  Graph g = conv_model();
  g.g->mutable_node(0)->clear_output();
  g.g->mutable_node(0)->set_name("conv");
  expect_refused(write(g, "no_output"), "node 'conv' (Conv): the node has no input or no output");
  Graph bn = conv_model();
  bn.node("BatchNormalization", {}, {"z"}, "bn");
  expect_refused(write(bn, "bn"), "node 'bn' (BatchNormalization): the node has no input");
}

// ---- weights --------------------------------------------------------------------------------

TEST(OnnxLimits, NonFiniteInitializersAreRefusedAtImport) {
  Graph g = conv_model();
  g.g->mutable_initializer(0)->set_float_data(7, std::numeric_limits<float>::quiet_NaN());
  expect_refused(write(g, "nan"), "initializer tensor 'w' (FLOAT [3,2,3,3]): value 7 is NaN");
  Graph inf;
  inf.shaped_input("x", {1, 4});
  inf.floats("b", {4, 2}, std::vector<float>(8, 1.f));
  inf.floats("c", {2}, {1.f, -std::numeric_limits<float>::infinity()});
  inf.node("Gemm", {"x", "b", "c"}, {"y"}, "fc");
  inf.output("y");
  expect_refused(write(inf, "inf"), "initializer tensor 'c' (FLOAT [2]): value 1 is infinite");
}

TEST(OnnxLimits, FoldedBatchNormalizationMustStayFinite) {
  Graph g = conv_model();
  for (const char* p : {"gamma", "beta", "mean"}) g.floats(p, {3}, {1, 1, 1});
  g.floats("var", {3}, {1, -1e-5f, 1});  // var + epsilon = 0: a division by zero
  g.g->mutable_output()->Clear();
  g.node("BatchNormalization", {"y", "gamma", "beta", "mean", "var"}, {"z"}, "bn");
  g.output("z");
  expect_refused(write(g), "node 'bn' (BatchNormalization): weights or bias not finite");
}

// Found by the ONNX mutation test: an Add constant (not a layer weight) of infinity made the
// next layer's reference activations infinite; their quantization scale was NaN and the trace
// held null for it, which the trace reader refused.
TEST(OnnxLimits, NonFiniteReferenceActivationsAreRefused) {
  Graph g;
  g.shaped_input("x", {1, 4});
  g.floats("w1", {4, 3}, std::vector<float>(12, 0.5f));
  g.floats("b", {3}, {0.f, std::numeric_limits<float>::infinity(), 1.f});
  g.floats("w2", {3, 2}, std::vector<float>(6, 0.25f));
  g.node("MatMul", {"x", "w1"}, {"h"}, "mm1");
  g.node("Add", {"h", "b"}, {"hb"}, "add");
  g.node("MatMul", {"hb", "w2"}, {"y"}, "mm2");
  g.output("y");
  const std::string path = write(g);
  const Model m = read_onnx(path);
  const Recipe r = parse_recipe("r.json", R"({"axsim_recipe": 1, "name": "r", "defaults": {
      "quantize": {"scheme": "uniform", "bits": 8}, "encoding": {"format": "dense"},
      "activations": {"source": "reference", "bits": 8}}})");
  try {
    compress(m, r);
    FAIL() << "no refusal";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": layer mm2: its input in a run on the seeded "
                                                "input is not finite"),
              std::string::npos)
        << e.what();
  }
}

// ---- sizes at run time ----------------------------------------------------------------------

/// The message an executor run of `g` (one unused input x) is refused with.
std::string run_refusal(const Graph& g, const std::string& tag) {
  try {
    OnnxExecutor(write(g, tag)).run({{"x", OnnxValue::floats({1}, {0.f})}});
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "";
}

Graph fill_model(std::int64_t rows, std::int64_t cols) {
  Graph g;
  g.input("x");
  g.ints("shape", {2}, {rows, cols});
  g.node("ConstantOfShape", {"shape"}, {"y"}, "fill");
  g.output("y");
  return g;
}

TEST(OnnxLimits, ExecutorCountsAreBounded) {
  const std::int64_t big = std::int64_t{1} << 30;
  std::string e = run_refusal(fill_model(big, big), "count");
  EXPECT_NE(e.find("node 'fill' (ConstantOfShape): tensor shape [1073741824,1073741824]: a "
                   "dimension is negative or the tensor has over 2^40 values"),
            std::string::npos)
      << e;
  e = run_refusal(fill_model(-4, 2), "negative");
  EXPECT_NE(e.find("tensor shape [-4,2]: a dimension is negative"), std::string::npos) << e;
  sim::MemoryBudget::set("1M");  // 2^20 floats need 4 MiB
  e = run_refusal(fill_model(1024, 1024), "budget");
  sim::MemoryBudget::clear();
  EXPECT_NE(e.find("(ConstantOfShape): tensor shape [1024,1024]: decoding needs 4194304 bytes, "
                   "above the memory budget of 1048576"),
            std::string::npos)
      << e;
}

// A run gives the conv an input 70,000 wide (a Reshape the file does not declare): above the
// spatial limit, so the observed size is refused instead of being taken into the layer.
TEST(OnnxLimits, ObservedInputSizesAreBounded) {
  Graph g;
  g.shaped_input("x", {70000});
  g.input("s", onnx::TensorProto::INT64)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->add_dim()
      ->set_dim_value(4);
  g.node("Reshape", {"x", "s"}, {"img"}, "reshape");  // a shape given at run time only
  g.floats("w", {1, 1, 1, 1}, {2.f});
  g.node("Conv", {"img", "w"}, {"y"}, "conv");
  g.output("y");
  const std::string path = write(g);
  OnnxReadOptions o;
  o.input_values["s"] = {1, 1, 1, 70000};
  Model m = read_onnx(path, o);
  ASSERT_EQ(m.layers.at(0).in_w, 0);  // unknown until a run
  try {
    observe_geometry(m, 1);
    FAIL() << "no refusal";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": layer 'conv': its input width in a run is "
                                                "70000, expected 1..65536"),
              std::string::npos)
        << e.what();
  }
}

// A MaxPool window of 2^16 x 2^16 over a 2 x 2 input visits the 4 input values per output,
// not 2^32 taps.
TEST(OnnxLimits, HugePoolingWindowsCostWhatTheInputHolds) {
  Graph g;
  g.shaped_input("x", {1, 1, 2, 2});
  auto* pool = g.node("MaxPool", {"x"}, {"y"}, "pool");
  set_ints(pool, "kernel_shape", {65536, 65536});
  set_ints(pool, "pads", {32767, 32767, 32767, 32767});
  g.output("y");
  const OnnxRun r =
      OnnxExecutor(write(g)).run({{"x", OnnxValue::floats({1, 1, 2, 2}, {1, 4, 3, 2})}});
  ASSERT_EQ(r.outputs[0].shape, (Dims{1, 1, 1, 1}));
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{4}));
}

// Found by the ONNX mutation test: reflect padding walked back and forth once per input length,
// so a pad of 2^22 on 3 values took 2^21 steps per element; now one.
TEST(OnnxLimits, ReflectPaddingFarFromTheInputIsDirect) {
  for (const std::int64_t before : {std::int64_t{7}, std::int64_t{1} << 22}) {
    Graph g(13);
    g.shaped_input("x", {3});
    g.ints("pads", {2}, {before, 0});
    test::set_string(g.node("Pad", {"x", "pads"}, {"y"}, "pad"), "mode", "reflect");
    g.output("y");
    const OnnxRun r = OnnxExecutor(write(g, std::to_string(before)))
                          .run({{"x", OnnxValue::floats({3}, {1, 2, 3})}});
    ASSERT_EQ(r.outputs[0].f.size(), std::size_t(before + 3));
    const std::vector<float> tail(r.outputs[0].f.end() - 10, r.outputs[0].f.end());
    EXPECT_EQ(tail, (std::vector<float>{2, 3, 2, 1, 2, 3, 2, 1, 2, 3}));  // numpy's reflect
  }
}

/// The output of running `g` on x = 1..5, or the refusal's message.
std::string run_on_five(const Graph& g, const std::string& tag, std::vector<float>* out = nullptr) {
  try {
    const OnnxRun r =
        OnnxExecutor(write(g, tag)).run({{"x", OnnxValue::floats({5}, {1, 2, 3, 4, 5})}});
    if (out != nullptr) *out = r.outputs.at(0).f;
  } catch (const sim::ConfigError& e) {
    return e.what();
  }
  return "";
}

// Reviewed with the executor's empty-tensor rule: inputs that indexed past a tensor or
// overflowed are refused by name, or computed.
TEST(OnnxLimits, ExecutorEdgeCases) {
  Graph unsq;
  unsq.input("x"), unsq.ints("axes", {2}, {0, 0});
  unsq.node("Unsqueeze", {"x", "axes"}, {"y"}, "unsq"), unsq.output("y");
  EXPECT_NE(run_on_five(unsq, "unsq").find("node 'unsq' (Unsqueeze): axis 0 is given twice"),
            std::string::npos);
  Graph clip;
  clip.input("x"), clip.ints("lo", {0}, {});
  clip.node("Clip", {"x", "lo"}, {"y"}, "clip"), clip.output("y");
  EXPECT_NE(run_on_five(clip, "clip").find("node 'clip' (Clip): min is empty"), std::string::npos);
  Graph slice;  // a step of -2^63 takes one element
  slice.input("x"), slice.ints("s", {1}, {4}), slice.ints("e", {1}, {-(std::int64_t{1} << 62)});
  slice.ints("a", {1}, {0}), slice.ints("st", {1}, {std::numeric_limits<std::int64_t>::min()});
  slice.node("Slice", {"x", "s", "e", "a", "st"}, {"y"}, "slice"), slice.output("y");
  std::vector<float> y;
  EXPECT_EQ(run_on_five(slice, "slice", &y), "");
  EXPECT_EQ(y, (std::vector<float>{5}));
}

}  // namespace
}  // namespace axsim::workloads::onnx_limits_test
