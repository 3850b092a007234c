// SPDX-License-Identifier: Apache-2.0
// The ONNX graph executor: every op on small hand-computed graphs written with the ONNX protobuf
// API, then the two real models (MobileNetV3 and Silero VAD) end to end, substituted, and through
// compression with reference activations.
#include "workloads/onnx/onnx_executor.hpp"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "results/compression_store.hpp"
#include "sim/error.hpp"
#include "tests/support/models.hpp"
#include "tests/support/onnx_graph.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/reference/executor.hpp"

namespace axsim::workloads::onnx_executor_test {
namespace {

namespace fs = std::filesystem;
using Dims = std::vector<std::int64_t>;

using test::attr;
using test::Graph;
using test::set_float;
using test::set_int;
using test::set_ints;
using test::set_string;

std::string write(const onnx::ModelProto& m, const std::string& tag = "") {
  return test::write_model(m, "axsim_exec_", tag);
}

using Inputs = std::map<std::string, OnnxValue>;

OnnxRun run(const Graph& gr, const Inputs& in = {}) {
  return OnnxExecutor(write(gr.m)).run(in);
}

OnnxValue fv(const Dims& shape, std::vector<float> v) { return OnnxValue::floats(shape, std::move(v)); }

// ---- ops -------------------------------------------------------------------------------------

TEST(OnnxExecutor, ElementwiseOpsBroadcastLikeNumpy) {
  Graph gr;
  gr.input("a"), gr.input("b");
  gr.floats("row", {3}, {10, 20, 30});
  gr.floats("col", {2, 1}, {2, 4});
  gr.node("Add", {"a", "row"}, {"sum"});    // [2,3] + [3]
  gr.node("Mul", {"col", "b"}, {"prod"});   // [2,1] * [1,3] -> [2,3]
  gr.node("Div", {"sum", "col"}, {"quot"});
  gr.node("Sub", {"a", "b"}, {"diff"});     // [2,3] - [1,3]
  gr.node("Pow", {"col", "col"}, {"pow"});
  gr.node("Equal", {"a", "b"}, {"eq"});
  for (auto o : {"sum", "prod", "quot", "diff", "pow", "eq"}) gr.output(o);
  const OnnxRun r = run(gr, {{"a", fv({2, 3}, {1, 2, 3, 4, 5, 6})}, {"b", fv({1, 3}, {1, 0, 3})}});
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{11, 22, 33, 14, 25, 36}));
  EXPECT_EQ(r.outputs[1].shape, (Dims{2, 3}));
  EXPECT_EQ(r.outputs[1].f, (std::vector<float>{2, 0, 6, 4, 0, 12}));
  EXPECT_EQ(r.outputs[2].f, (std::vector<float>{5.5f, 11, 16.5f, 14 / 4.f, 25 / 4.f, 9}));
  EXPECT_EQ(r.outputs[3].f, (std::vector<float>{0, 2, 0, 3, 5, 3}));
  EXPECT_EQ(r.outputs[4].f, (std::vector<float>{4, 256}));
  EXPECT_EQ(r.outputs[5].type, OnnxValue::Type::kBool);
  EXPECT_EQ(r.outputs[5].i, (Dims{1, 0, 1, 0, 0, 0}));
}

TEST(OnnxExecutor, UnaryOpsClipAndHardSigmoid) {
  for (int opset : {9, 13}) {
    Graph gr(opset);
    gr.input("x");
    auto* clip = gr.node("Clip", opset < 11 ? std::vector<std::string>{"x"}
                                            : std::vector<std::string>{"x", "lo", "hi"}, {"c"});
    if (opset < 11) set_float(clip, "min", 0), set_float(clip, "max", 6);
    else gr.floats("lo", {}, {0}), gr.floats("hi", {}, {6});
    auto* hs = gr.node("HardSigmoid", {"x"}, {"hs"});
    set_float(hs, "alpha", 0.2f), set_float(hs, "beta", 0.5f);
    gr.node("Relu", {"x"}, {"relu"});
    gr.node("Sigmoid", {"x"}, {"sig"});
    gr.node("Neg", {"x"}, {"neg"});
    for (auto o : {"c", "hs", "relu", "sig", "neg"}) gr.output(o);
    const OnnxRun r = run(gr, {{"x", fv({4}, {-3, 0, 2, 8})}});
    EXPECT_EQ(r.outputs[0].f, (std::vector<float>{0, 0, 2, 6})) << opset;
    EXPECT_EQ(r.outputs[1].f[0], 0.f);
    EXPECT_FLOAT_EQ(r.outputs[1].f[2], 0.9f) << opset;
    EXPECT_EQ(r.outputs[1].f[3], 1.f);
    EXPECT_EQ(r.outputs[2].f, (std::vector<float>{0, 0, 2, 8}));
    EXPECT_FLOAT_EQ(r.outputs[3].f[1], 0.5f);
    EXPECT_EQ(r.outputs[4].f, (std::vector<float>{3, 0, -2, -8}));
  }
}

TEST(OnnxExecutor, ConvWithGroupsPadsStridesAndBias) {
  Graph gr;
  gr.input("x");
  gr.floats("w", {2, 1, 2, 2}, {1, 0, 0, 1, 1, 1, 1, 1});
  gr.floats("b", {2}, {0.5f, -1});
  auto* conv = gr.node("Conv", {"x", "w", "b"}, {"y"});
  set_int(conv, "group", 2), set_ints(conv, "pads", {1, 1, 1, 1}), set_ints(conv, "strides", {2, 2});
  gr.output("y");
  std::vector<float> x(18, 1.f);
  std::iota(x.begin(), x.begin() + 9, 1.f);  // channel 0: 1..9, channel 1: ones
  const OnnxRun r = run(gr, {{"x", fv({1, 2, 3, 3}, x)}});
  EXPECT_EQ(r.outputs[0].shape, (Dims{1, 2, 2, 2}));
  // Channel 0: the diagonal taps of the padded input; channel 1: taps inside the input.
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{1.5f, 3.5f, 7.5f, 14.5f, 0, 1, 1, 3}));
  const OnnxLayerInput& in = r.layer_inputs.at("Conv");
  EXPECT_EQ(in.dims, (Dims{2, 3, 3}));
  EXPECT_EQ(in.packed, x);
}

TEST(OnnxExecutor, Conv1dWithDilation) {
  Graph gr;
  gr.input("x");
  gr.floats("w", {1, 1, 2}, {1, 10});
  auto* conv = gr.node("Conv", {"x", "w"}, {"y"});
  set_ints(conv, "dilations", {2});
  gr.output("y");
  const OnnxRun r = run(gr, {{"x", fv({1, 1, 5}, {1, 2, 3, 4, 5})}});
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{31, 42, 53}));  // x[i] + 10 x[i + 2]
  EXPECT_EQ(r.layer_inputs.at("Conv").dims, (Dims{1, 1, 5}));
}

TEST(OnnxExecutor, PoolingBatchNormSoftmax) {
  Graph gr(9);
  gr.input("x");
  auto* mp = gr.node("MaxPool", {"x"}, {"mp"});
  set_ints(mp, "kernel_shape", {2, 2}), set_ints(mp, "strides", {2, 2});
  gr.node("GlobalAveragePool", {"x"}, {"gap"});
  gr.floats("g", {1}, {2}), gr.floats("be", {1}, {1}), gr.floats("mu", {1}, {4}), gr.floats("var", {1}, {3});
  auto* bn = gr.node("BatchNormalization", {"x", "g", "be", "mu", "var"}, {"bn"});
  set_float(bn, "epsilon", 1);
  gr.node("Softmax", {"gap"}, {"sm"});  // opset 9: [1][1][1][1] coerced to [1][1]
  for (auto o : {"mp", "gap", "bn", "sm"}) gr.output(o);
  const OnnxRun r = run(gr, {{"x", fv({1, 1, 2, 4}, {1, 5, 2, 0, 3, 4, 8, 6})}});
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{5, 8}));
  EXPECT_EQ(r.outputs[1].shape, (Dims{1, 1, 1, 1}));
  EXPECT_FLOAT_EQ(r.outputs[1].f[0], 29.f / 8);
  EXPECT_FLOAT_EQ(r.outputs[2].f[0], (1 - 4) / 2.f * 2 + 1);  // sqrt(3 + 1) = 2
  EXPECT_FLOAT_EQ(r.outputs[3].f[0], 1.f);
}

TEST(OnnxExecutor, SoftmaxAxisDiffersBetweenOpsets) {
  for (int opset : {9, 13}) {
    Graph gr(opset);
    gr.input("x");
    gr.node("Softmax", {"x"}, {"y"});
    gr.output("y");
    const OnnxRun r = run(gr, {{"x", fv({1, 2, 2}, {0, 0, 0, 0})}});
    // Opset 9 (axis 1) spreads over the trailing 2 x 2 block, opset 13 (axis -1) over pairs.
    EXPECT_FLOAT_EQ(r.outputs[0].f[0], opset < 13 ? 0.25f : 0.5f) << opset;
  }
}

TEST(OnnxExecutor, MatMulAndGemm) {
  Graph gr;
  gr.input("x");
  gr.floats("w", {2, 3}, {1, 2, 3, 4, 5, 6});
  gr.floats("wt", {3, 2}, {1, 4, 2, 5, 3, 6});
  gr.floats("c", {3}, {1, 1, 1});
  gr.node("MatMul", {"x", "w"}, {"mm"}, "mm");
  auto* gemm = gr.node("Gemm", {"x", "wt", "c"}, {"gm"}, "gm");
  set_int(gemm, "transB", 1), set_float(gemm, "alpha", 2), set_float(gemm, "beta", 3);
  gr.output("mm"), gr.output("gm");
  const OnnxRun r = run(gr, {{"x", fv({1, 2}, {1, -1})}});
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{-3, -3, -3}));
  EXPECT_EQ(r.outputs[1].f, (std::vector<float>{-3, -3, -3}));  // 2 (-3) + 3
  EXPECT_EQ(r.layer_inputs.at("mm").packed, (std::vector<float>{1, -1}));
}

TEST(OnnxExecutor, ShapeOpsOnIntegers) {
  Graph gr(13);
  gr.input("x");
  gr.node("Shape", {"x"}, {"shape"});
  gr.ints("one", {1}, {1});
  gr.ints("zero", {}, {0});
  gr.node("Gather", {"shape", "zero"}, {"n"});               // scalar 2
  gr.node("Unsqueeze", {"n", "zero1"}, {"n1"}), gr.ints("zero1", {1}, {0});
  gr.node("Concat", {"n1", "one"}, {"target"});              // [2, 1]... then -1 below
  gr.ints("neg", {1}, {-1});
  gr.node("Concat", {"n1", "neg"}, {"target2"});
  gr.node("Reshape", {"x", "target2"}, {"flat"});            // [2, 3]
  gr.node("Cast", {"shape"}, {"shape_f"});
  set_int(gr.g->mutable_node(6), "to", onnx::TensorProto::FLOAT);
  gr.node("Transpose", {"flat"}, {"tr"});                    // [3, 2]
  gr.node("ReduceMean", {"flat"}, {"mean"});
  set_ints(gr.g->mutable_node(8), "axes", {1}), set_int(gr.g->mutable_node(8), "keepdims", 0);
  gr.node("Unsqueeze", {"flat", "zero1"}, {"un"});           // [1, 2, 3]
  gr.node("Squeeze", {"un", "zero1"}, {"sq"});
  gr.node("ConstantOfShape", {"target"}, {"zeros"});
  gr.node("Equal", {"n", "zero"}, {"is0"});
  for (auto o : {"shape", "n", "target", "flat", "shape_f", "tr", "mean", "sq", "zeros", "is0"}) gr.output(o);
  const OnnxRun r = run(gr, {{"x", fv({2, 1, 3}, {1, 2, 3, 4, 5, 6})}});
  EXPECT_EQ(r.outputs[0].i, (Dims{2, 1, 3}));
  EXPECT_TRUE(r.outputs[1].shape.empty());
  EXPECT_EQ(r.outputs[1].i, (Dims{2}));
  EXPECT_EQ(r.outputs[2].i, (Dims{2, 1}));
  EXPECT_EQ(r.outputs[3].shape, (Dims{2, 3}));
  EXPECT_EQ(r.outputs[4].f, (std::vector<float>{2, 1, 3}));
  EXPECT_EQ(r.outputs[5].f, (std::vector<float>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(r.outputs[6].f, (std::vector<float>{2, 5}));
  EXPECT_EQ(r.outputs[7].shape, (Dims{2, 3}));
  EXPECT_EQ(r.outputs[8].shape, (Dims{2, 1}));
  EXPECT_EQ(r.outputs[8].f, (std::vector<float>{0, 0}));
  EXPECT_EQ(r.outputs[9].i, (Dims{0}));
}

TEST(OnnxExecutor, SliceWithNegativeStepsAndPadModes) {
  Graph gr(16);
  gr.input("x");
  gr.ints("s", {1}, {-1}), gr.ints("e", {1}, {-9223372036854775807LL}), gr.ints("ax", {1}, {-1});
  gr.ints("st", {1}, {-1});
  gr.node("Slice", {"x", "s", "e", "ax", "st"}, {"rev"}, "rev");
  gr.ints("s2", {1}, {1}), gr.ints("e2", {1}, {100});
  gr.node("Slice", {"x", "s2", "e2", "ax"}, {"tail"}, "tail");
  gr.ints("pads", {4}, {0, 2, 0, 1});
  auto* reflect = gr.node("Pad", {"x", "pads"}, {"refl"}, "refl");
  set_string(reflect, "mode", "reflect");
  auto* edge = gr.node("Pad", {"x", "pads"}, {"edge"}, "edge");
  set_string(edge, "mode", "edge");
  gr.floats("v", {}, {9});
  gr.node("Pad", {"x", "pads", "v"}, {"const"}, "const");
  for (auto o : {"rev", "tail", "refl", "edge", "const"}) gr.output(o);
  const OnnxRun r = run(gr, {{"x", fv({1, 4}, {1, 2, 3, 4})}});
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{4, 3, 2, 1}));
  EXPECT_EQ(r.outputs[1].f, (std::vector<float>{2, 3, 4}));
  EXPECT_EQ(r.outputs[2].f, (std::vector<float>{3, 2, 1, 2, 3, 4, 3}));  // numpy 'reflect'
  EXPECT_EQ(r.outputs[3].f, (std::vector<float>{1, 1, 1, 2, 3, 4, 4}));
  EXPECT_EQ(r.outputs[4].f, (std::vector<float>{9, 9, 1, 2, 3, 4, 9}));
}

TEST(OnnxExecutor, OpsetNineSliceTakesAttributes) {
  Graph gr(9);
  gr.input("x");
  auto* s = gr.node("Slice", {"x"}, {"y"});
  set_ints(s, "axes", {0}), set_ints(s, "starts", {0}), set_ints(s, "ends", {1});
  gr.output("y");
  EXPECT_EQ(run(gr, {{"x", fv({3}, {7, 8, 9})}}).outputs[0].f, (std::vector<float>{7}));
}

float sigm(float x) { return 1 / (1 + std::exp(-x)); }

TEST(OnnxExecutor, LstmMatchesAHandRolledStep) {
  // H = 1, in = 2, two steps; gate rows i, o, f, c.
  const std::vector<float> w = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f};
  const std::vector<float> rr = {0.9f, -1.0f, 1.1f, -1.2f};
  const std::vector<float> b = {0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f, 0.08f};
  Graph gr(14);
  gr.input("x"), gr.input("h0"), gr.input("c0");
  gr.floats("w", {1, 4, 2}, w), gr.floats("r", {1, 4, 1}, rr), gr.floats("b", {1, 8}, b);
  auto* n = gr.node("LSTM", {"x", "w", "r", "b", "", "h0", "c0"}, {"y", "yh", "yc"}, "lstm");
  set_int(n, "hidden_size", 1);
  gr.output("y"), gr.output("yh"), gr.output("yc");
  const std::vector<float> x = {0.5f, -1.f, 2.f, 0.25f};
  const OnnxRun r = run(gr, {{"x", fv({2, 1, 2}, x)}, {"h0", fv({1, 1, 1}, {0.3f})},
                             {"c0", fv({1, 1, 1}, {-0.2f})}});
  float h = 0.3f, c = -0.2f;
  for (int t = 0; t < 2; ++t) {
    float g[4];
    for (int k = 0; k < 4; ++k)
      g[k] = w[std::size_t(2 * k)] * x[std::size_t(2 * t)] + w[std::size_t(2 * k + 1)] * x[std::size_t(2 * t + 1)] +
             rr[std::size_t(k)] * h + b[std::size_t(k)] + b[std::size_t(4 + k)];
    c = sigm(g[2]) * c + sigm(g[0]) * std::tanh(g[3]);
    h = sigm(g[1]) * std::tanh(c);
    EXPECT_NEAR(r.outputs[0].f[std::size_t(t)], h, 1e-6) << t;
  }
  EXPECT_NEAR(r.outputs[1].f[0], h, 1e-6);
  EXPECT_NEAR(r.outputs[2].f[0], c, 1e-6);
  EXPECT_EQ(r.outputs[0].shape, (Dims{2, 1, 1, 1}));
  // Packed like synthetic_activations(): x of each step, then h0.
  EXPECT_EQ(r.layer_inputs.at("lstm").packed, (std::vector<float>{0.5f, -1, 2, 0.25f, 0.3f}));
  EXPECT_EQ(r.layer_inputs.at("lstm").dims, (Dims{2, 2}));
}

TEST(OnnxExecutor, KeepsNamedValuesAndTakesAnLstmsOutputsFromASubstitute) {
  Graph gr(14);
  gr.input("x");
  gr.floats("w", {1, 4, 2}, std::vector<float>(8, 0.5f)), gr.floats("r", {1, 4, 1}, std::vector<float>(4, 0.25f));
  auto* n = gr.node("LSTM", {"x", "w", "r"}, {"y", "yh", "yc"}, "lstm");
  set_int(n, "hidden_size", 1);
  gr.node("Neg", {"y"}, {"z"}, "neg");
  gr.output("z"), gr.output("yh"), gr.output("yc");
  const OnnxExecutor e(write(gr.m));
  const Inputs in = {{"x", fv({3, 1, 2}, {1, 2, 3, 4, 5, 6})}};
  const OnnxRun plain = e.run(in, {}, nullptr, {"y", "nothing"});
  ASSERT_EQ(plain.kept.count("y"), 1u);
  EXPECT_EQ(plain.kept.count("nothing"), 0u);
  EXPECT_EQ(plain.kept.at("y").shape, (Dims{3, 1, 1, 1}));
  OnnxSubstitute sub;
  std::vector<float> seen;
  sub.lstm_outputs = [&seen](const OnnxValue& x) { seen = x.f; return std::vector<float>{0.1f, 0.2f, 0.3f}; };
  const OnnxRun r = e.run(in, {{"lstm", sub}}, nullptr, {"y"});
  EXPECT_EQ(seen, (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(r.outputs[0].f, (std::vector<float>{-0.1f, -0.2f, -0.3f}));  // downstream sees them
  EXPECT_EQ(r.outputs[1].f, (std::vector<float>{0.3f}));                 // Y_h: the last
  EXPECT_EQ(r.outputs[2].f, plain.outputs[2].f);                         // Y_c: the float LSTM's
  sub.lstm_outputs = [](const OnnxValue&) { return std::vector<float>{0.1f}; };
  EXPECT_THROW(e.run(in, {{"lstm", sub}}), sim::ConfigError);  // not [seq][H]
}

onnx::GraphProto branch(const std::string& from, const std::string& out) {
  onnx::GraphProto g;
  g.set_name(out);
  onnx::NodeProto* n = g.add_node();
  n->set_op_type("Identity"), n->add_input(from), n->add_output(out);
  g.add_output()->set_name(out);
  return g;
}

TEST(OnnxExecutor, IfRunsTheBranchTheConditionPicks) {
  Graph gr;
  gr.input("cond", onnx::TensorProto::BOOL), gr.input("a"), gr.input("b");
  auto* n = gr.node("If", {"cond"}, {"y"});
  auto* t = attr(n, "then_branch");
  t->set_type(onnx::AttributeProto::GRAPH), *t->mutable_g() = branch("a", "ta");
  auto* e = attr(n, "else_branch");
  e->set_type(onnx::AttributeProto::GRAPH), *e->mutable_g() = branch("b", "eb");
  gr.output("y");
  const std::string path = write(gr.m);
  const OnnxExecutor ex(path);
  for (std::int64_t c : {1, 0}) {
    const OnnxRun r = ex.run({{"cond", OnnxValue::ints({}, {c}, OnnxValue::Type::kBool)},
                              {"a", fv({1}, {1})}, {"b", fv({1}, {2})}});
    EXPECT_EQ(r.outputs[0].f[0], c ? 1.f : 2.f);
  }
}

TEST(OnnxExecutor, UnsupportedOpNamesFileNodeAndOp) {
  Graph gr;
  gr.input("x");
  gr.node("Erf", {"x"}, {"y"}, "my_erf");
  gr.output("y");
  const std::string path = write(gr.m);
  try {
    OnnxExecutor(path).run({{"x", fv({1}, {0})}});
    FAIL() << "no error";
  } catch (const sim::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("my_erf"), std::string::npos) << what;
    EXPECT_NE(what.find("Erf"), std::string::npos) << what;
  }
}

TEST(OnnxExecutor, SeededInputsAndErrors) {
  Graph gr;
  gr.input("x"), gr.input("sr", onnx::TensorProto::INT64);
  for (auto* v : {gr.g->mutable_input(0), gr.g->mutable_input(1)}) v->mutable_type()->mutable_tensor_type()->mutable_shape();
  auto* dim = gr.g->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim();
  dim->set_dim_param("batch");
  const std::string path = write(gr.m);
  const OnnxExecutor ex(path);
  OnnxReadOptions o;
  EXPECT_THROW(onnx_inputs(ex, o, 1, path), sim::ConfigError);  // symbolic size
  o.input_dims["x"] = {3};
  try {
    onnx_inputs(ex, o, 1, path);
    FAIL() << "sr has no value";
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--input-value sr="), std::string::npos) << e.what();
  }
  o.input_values["sr"] = {16000};
  const auto in = onnx_inputs(ex, o, 1, path);
  EXPECT_EQ(in.at("sr").i, (Dims{16000}));
  ASSERT_EQ(in.at("x").f.size(), 3u);
  for (float v : in.at("x").f) EXPECT_TRUE(v > 0 && v < 1);
  EXPECT_NE(onnx_inputs(ex, o, 2, path).at("x").f, in.at("x").f);  // another seed
}

// ---- the real models -------------------------------------------------------------------------

using test::kMobileNet;
using test::kSilero;

OnnxReadOptions mobilenet_options() {
  OnnxReadOptions o;
  o.input_dims["x"] = {1, 3, 48, 192};
  return o;
}

OnnxReadOptions silero_options() {
  OnnxReadOptions o;
  o.input_dims["input"] = {1, 512};
  o.input_values = {{"sr", {16000}}, {"h", {0}}, {"c", {0}}};
  return o;
}

Model read_and_observe(const std::string& path, const OnnxReadOptions& o) {
  Model m = read_onnx(path, o);
  observe_geometry(m, 1);
  return m;
}

std::vector<LayerSubstitute> float_substitutes(const Model& m) {
  std::vector<LayerSubstitute> subs;
  for (const ModelLayer& l : m.layers) subs.push_back({&l, 0});
  return subs;
}

void expect_close(const std::vector<float>& a, const std::vector<float>& b, double rel) {
  ASSERT_EQ(a.size(), b.size());
  double top = 0;
  for (float v : a) top = std::max(top, double(std::abs(v)));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], rel * top) << i;
}

TEST(OnnxExecutorModels, MobileNetRunsAndSoftmaxSumsToOne) {
  REQUIRE_MODEL(path, kMobileNet);
  const Model m = read_onnx(path, mobilenet_options());
  ASSERT_TRUE(m.runner);
  EXPECT_EQ(m.runner->unavailable(), "");
  const ModelRunner::Result r = m.runner->run(1, {});
  ASSERT_EQ(r.output.size(), 2u);
  EXPECT_NEAR(r.output[0] + r.output[1], 1.0, 1e-6);
  ASSERT_EQ(r.layer_inputs.size(), m.layers.size());
  for (std::size_t i = 0; i < m.layers.size(); ++i) EXPECT_FALSE(r.layer_inputs[i].empty()) << m.layers[i].name;
  EXPECT_EQ(read_onnx(path).runner->unavailable().find("symbolic") != std::string::npos, true);
}

TEST(OnnxExecutorModels, MobileNetFirstLayerEqualsTheReferenceConv) {
  REQUIRE_MODEL(path, kMobileNet);
  const Model m = read_and_observe(path, mobilenet_options());
  const ModelLayer& conv0 = m.layers[0];
  ASSERT_EQ(conv0.name, "p2o.Conv.0");
  EXPECT_EQ(conv0.in_h, 48);
  EXPECT_EQ(conv0.in_w, 192);
  // The executor's BatchNormalization output (made a graph output in a copy of the file)
  // against read_onnx's folded first layer through the reference executor's convolution.
  onnx::ModelProto proto;
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(proto.ParseFromIstream(&in));
  proto.mutable_graph()->add_output()->set_name("batch_norm_0.tmp_3");
  const OnnxExecutor ex(write(proto, "_bn"));
  const OnnxRun r = ex.run(onnx_inputs(ex, mobilenet_options(), 1, path));
  const std::vector<float> ref = run_layer(conv0, r.layer_inputs.at("p2o.Conv.0").packed);
  expect_close(r.outputs.at(1).f, ref, 1e-5);
}

TEST(OnnxExecutorModels, SubstitutingTheFloatWeightsChangesNothing) {
  for (const auto& [file, options] : {std::pair{kMobileNet, mobilenet_options()}, std::pair{kSilero, silero_options()}}) {
    REQUIRE_MODEL(path, file);
    const Model m = read_and_observe(path, options);
    const std::vector<float> plain = m.runner->run(3, {}).output;
    const std::vector<float> swapped = m.runner->run(3, float_substitutes(m)).output;
    expect_close(plain, swapped, 1e-4);
  }
}

TEST(OnnxExecutorModels, SileroGivesAProbability) {
  REQUIRE_MODEL(path, kSilero);
  const Model m = read_and_observe(path, silero_options());
  const ModelRunner::Result r = m.runner->run(1, {});
  ASSERT_EQ(r.output.size(), 1u);
  EXPECT_GE(r.output[0], 0.f);
  EXPECT_LE(r.output[0], 1.f);
  // The 1-D conv sizes ONNX shape inference leaves symbolic are observed: 512 samples
  // reflect-padded by 96 on each side feed the 256-tap STFT conv.
  EXPECT_EQ(m.layers[0].name, "Conv_73");
  EXPECT_EQ(m.layers[0].in_h, 1);
  EXPECT_EQ(m.layers[0].in_w, 704);
  for (const ModelLayer& l : m.layers)
    if (l.kind == OpKind::kConv) {
      EXPECT_GT(l.in_w, 0) << l.name;
    }
}

Recipe recipe(const std::string& defaults) {
  return parse_recipe("t.json", R"({"axsim_recipe":1,"name":"t","seed":1,"defaults":)" + defaults + "}");
}

TEST(OnnxExecutorModels, CompressionTakesReferenceActivationsAndFidelityRunsEndToEnd) {
  for (const auto& [file, options] : {std::pair{kMobileNet, mobilenet_options()}, std::pair{kSilero, silero_options()}}) {
    REQUIRE_MODEL(path, file);
    const Model m = read_and_observe(path, options);
    const Recipe r = recipe(R"({"quantize":{"scheme":"uniform","bits":8,"per_channel":true},
                                "activations":{"source":"reference","bits":8}})");
    const Compressed c = compress(m, r);
    const ModelRunner::Result run = m.runner->run(r.seed, {});
    for (std::size_t i = 0; i < m.layers.size(); ++i) {
      EXPECT_EQ(c.layers[i].input_float, run.layer_inputs[i]) << m.layers[i].name;
      EXPECT_TRUE(c.layers[i].reference_input);
    }
    const ModelFidelity f = model_fidelity(m, c, r.seed, 4);
    EXPECT_EQ(f.inputs, 4);
    EXPECT_GT(f.sqnr_db, 5) << file;
    EXPECT_GT(f.cosine, 0.9) << file;
    const bool classes = run.output.size() > 1;
    EXPECT_EQ(f.top1 >= 0, classes) << file;
    const auto layers = layer_fidelity(m, c, r.seed);
    for (const LayerFidelity& l : layers) EXPECT_GT(l.outputs, 0u) << l.layer;
    const std::vector<results::FidelityRow> rows = results::fidelity_rows(layers, f);
    EXPECT_EQ(rows.back().layer, "model");
  }
}

TEST(OnnxExecutorModels, UncompressedModelHasFullEndToEndFidelity) {
  REQUIRE_MODEL(path, kMobileNet);
  const Model m = read_and_observe(path, mobilenet_options());
  const Recipe r = recipe(R"({"activations":{"bits":16}})");
  const ModelFidelity f = model_fidelity(m, compress(m, r), r.seed, 2);
  EXPECT_GT(f.sqnr_db, 50);
  EXPECT_EQ(f.top1, 1.0);
}

}  // namespace
}  // namespace axsim::workloads::onnx_executor_test
