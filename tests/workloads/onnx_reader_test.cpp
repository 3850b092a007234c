// SPDX-License-Identifier: Apache-2.0
// The ONNX reader on the two real models tools/fetch_models.sh caches, and on small models the
// test writes with the ONNX protobuf API (the only file besides the reader that includes it).
#include "workloads/onnx/onnx_reader.hpp"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "sim/error.hpp"
#include "tests/support/models.hpp"
#include "sim/provenance.hpp"

namespace axsim::workloads::onnx_reader_test {
namespace {

namespace fs = std::filesystem;
using IfBranch = OnnxReadOptions::IfBranch;

using test::kMobileNet;
using test::kSilero;

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::map<OpKind, int> kind_counts(const Model& m) {
  std::map<OpKind, int> n;
  for (const ModelLayer& l : m.layers) ++n[l.kind];
  return n;
}

const ModelLayer& layer(const Model& m, const std::string& name) {
  auto it = std::find_if(m.layers.begin(), m.layers.end(),
                         [&](const ModelLayer& l) { return l.name == name; });
  if (it == m.layers.end()) throw std::runtime_error("no layer " + name);
  return *it;
}

bool all_finite(const Tensor& t) {
  return std::all_of(t.data.begin(), t.data.end(), [](float v) { return std::isfinite(v); });
}

/// Every layer holds as many weights as its shape says, all finite, and its matrix view adds up.
void expect_sane(const Model& m) {
  for (const ModelLayer& l : m.layers) {
    SCOPED_TRACE(l.name);
    EXPECT_FALSE(l.weights.data.empty());
    EXPECT_EQ(l.weights.data.size(), l.weights.numel());
    EXPECT_TRUE(all_finite(l.weights) && all_finite(l.bias) && all_finite(l.recurrent));
    EXPECT_EQ(l.matrix().size(), l.weight_count());
    EXPECT_EQ(l.bias.data.size(), std::size_t(l.kind == OpKind::kLstm ? 2 * l.rows() : l.rows()));
  }
}

// ---- the real models -------------------------------------------------------------------------

TEST(OnnxReader, MobileNetV3ClassifierInventory) {
  REQUIRE_MODEL(path, kMobileNet);
  const Model m = read_onnx(path);
  EXPECT_EQ(m.name, "ch_ppocr_mobile_v2.0_cls_infer");
  EXPECT_EQ(m.source, path);
  EXPECT_EQ(m.source_hash, sim::fnv1a_hex(file_bytes(path)));
  EXPECT_EQ(m.source_hash.size(), 16u);
  // 53 Conv (weights in Constant nodes, BatchNorm folded into the convs) and one MatMul classifier.
  ASSERT_EQ(m.layers.size(), 54u);
  EXPECT_EQ(kind_counts(m)[OpKind::kConv], 53);
  EXPECT_EQ(kind_counts(m)[OpKind::kFullyConnected], 1);
  EXPECT_EQ(m.layers.front().name, "p2o.Conv.0");
  EXPECT_EQ(m.layers.back().name, "p2o.MatMul.0");
  expect_sane(m);
  std::size_t weights = 0, depthwise = 0;
  for (const ModelLayer& l : m.layers) {
    weights += l.weights.data.size();
    depthwise += l.groups > 1 && l.groups == l.in_channels;
  }
  EXPECT_EQ(weights, 124072u);  // counted independently from the file
  EXPECT_EQ(depthwise, 11u);
}

TEST(OnnxReader, MobileNetV3LayerDetails) {
  REQUIRE_MODEL(path, kMobileNet);
  OnnxReadOptions raw;
  raw.fold_batch_norm = false;  // the values below are the file's own
  const Model m = read_onnx(path, raw);
  const ModelLayer& c0 = m.layers.front();
  EXPECT_EQ(c0.weights.shape, (std::vector<std::int64_t>{8, 3, 3, 3}));
  EXPECT_EQ(c0.in_channels, 3);
  EXPECT_EQ(c0.out_channels, 8);
  EXPECT_EQ(c0.stride_h, 2);
  EXPECT_EQ(c0.stride_w, 2);
  EXPECT_EQ(c0.pad_h, 1);
  EXPECT_EQ(c0.pad_w, 1);
  // Its text-line stages stride [2, 1]: down the rows only.
  EXPECT_TRUE(std::any_of(m.layers.begin(), m.layers.end(),
                          [](const ModelLayer& l) { return l.stride_h == 2 && l.stride_w == 1; }));
  EXPECT_FLOAT_EQ(c0.weights.data[0], -0.03783069f);
  EXPECT_FLOAT_EQ(c0.weights.data[2], -0.06707426f);
  EXPECT_FLOAT_EQ(c0.weights.data.back(), -0.056175124f);
  // The image size is symbolic in the file, so no size is known without input_dims.
  EXPECT_EQ(c0.in_h, 0);
  EXPECT_EQ(c0.in_w, 0);
  const ModelLayer& dw = layer(m, "p2o.Conv.2");
  EXPECT_EQ(dw.groups, 8);
  EXPECT_EQ(dw.weights.shape, (std::vector<std::int64_t>{8, 1, 3, 3}));
  // ONNX stores the classifier as [in=200][out=2]; the model wants [out][in].
  const ModelLayer& fc = layer(m, "p2o.MatMul.0");
  EXPECT_EQ(fc.weights.shape, (std::vector<std::int64_t>{2, 200}));
  EXPECT_FLOAT_EQ(fc.weights.data[0], 0.07701105f);
  EXPECT_FLOAT_EQ(fc.weights.data[1], 0.23027599f);     // W[1][0]
  EXPECT_FLOAT_EQ(fc.weights.data[200], -0.13949361f);  // W[0][1]
}

TEST(OnnxReader, MobileNetV3ShapesFromInference) {
  REQUIRE_MODEL(path, kMobileNet);
  OnnxReadOptions options;
  options.input_dims["x"] = {1, 3, 48, 192};  // PaddleOCR's classifier input size
  const Model m = read_onnx(path, options);
  EXPECT_EQ(m.layers[0].in_h, 48);
  EXPECT_EQ(m.layers[0].in_w, 192);
  EXPECT_EQ(layer(m, "p2o.Conv.1").in_h, 24);  // after the stride-2 stem
  EXPECT_EQ(layer(m, "p2o.Conv.1").in_w, 96);
  EXPECT_EQ(layer(m, "p2o.Conv.3").in_h, 1);  // squeeze-excite after global pooling
  OnnxReadOptions bad;
  bad.input_dims["nope"] = {1};
  EXPECT_THROW(read_onnx(path, bad), sim::ConfigError);
}

TEST(OnnxReader, SileroVadLstmInsideIfBranches) {
  REQUIRE_MODEL(path, kSilero);
  // All layers sit in If branches: then = the 16 kHz model (sr == 16000), else = 8 kHz.
  const Model m = read_onnx(path);
  ASSERT_EQ(m.layers.size(), 20u);
  EXPECT_EQ(kind_counts(m)[OpKind::kConv], 18);
  EXPECT_EQ(kind_counts(m)[OpKind::kLstm], 2);
  expect_sane(m);
  const ModelLayer& lstm = layer(m, "LSTM_245");
  EXPECT_EQ(lstm.out_channels, 64);
  EXPECT_EQ(lstm.in_channels, 64);
  EXPECT_EQ(lstm.recurrent_in, 64);
  EXPECT_EQ(lstm.weights.shape, (std::vector<std::int64_t>{256, 64}));
  EXPECT_EQ(lstm.recurrent.shape, (std::vector<std::int64_t>{256, 64}));
  EXPECT_EQ(lstm.bias.data.size(), 512u);
  EXPECT_FLOAT_EQ(lstm.weights.data[1], -0.2534147f);
  EXPECT_FLOAT_EQ(lstm.recurrent.data.back(), -0.16333243f);
  EXPECT_FLOAT_EQ(lstm.bias.data.back(), 0.0019540878f);
  std::size_t weights = 0;
  for (const ModelLayer& l : m.layers) weights += l.weights.data.size() + l.recurrent.data.size();
  EXPECT_EQ(weights, 154145u);  // counted independently from the file
}

TEST(OnnxReader, SileroVadConvAndBranchChoice) {
  REQUIRE_MODEL(path, kSilero);
  const Model m = read_onnx(path);
  // The STFT as a 1-D conv [258][1][256], stride 64: one row of width L.
  const ModelLayer& stft = m.layers.front();
  EXPECT_EQ(stft.name, "Conv_73");
  EXPECT_EQ(stft.weights.shape, (std::vector<std::int64_t>{258, 1, 1, 256}));
  EXPECT_EQ(stft.kernel_h, 1);
  EXPECT_EQ(stft.kernel_w, 256);
  EXPECT_EQ(stft.stride_w, 64);  // along the row; the rows: stride 1, no padding
  EXPECT_EQ(stft.stride_h, 1);
  EXPECT_EQ(stft.in_w, 0);  // audio length is dynamic
  EXPECT_EQ(layer(m, "Conv_137").groups, 258);
  EXPECT_EQ(layer(m, "Conv_137").pad_w, 2);
  EXPECT_EQ(layer(m, "Conv_137").pad_h, 0);
  OnnxReadOptions other;
  other.if_branch = IfBranch::kElse;
  const Model m8k = read_onnx(path, other);
  EXPECT_EQ(m8k.layers.size(), 20u);
  EXPECT_EQ(m8k.layers.front().name, "Conv_547");
  other.if_branch = IfBranch::kBoth;
  const Model both = read_onnx(path, other);
  EXPECT_EQ(kind_counts(both)[OpKind::kConv], 36);
  EXPECT_EQ(kind_counts(both)[OpKind::kLstm], 8);  // nested If: 2 LSTMs in each of 4 branches
}

// ---- a model written by the test -------------------------------------------------------------

void add_value(google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>* list,
               const std::string& name, const std::vector<std::int64_t>& dims) {
  onnx::ValueInfoProto* v = list->Add();
  v->set_name(name);
  auto* type = v->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  for (std::int64_t d : dims) type->mutable_shape()->add_dim()->set_dim_value(d);
}

onnx::NodeProto* add_node(onnx::GraphProto* g, const std::string& op,
                          const std::vector<std::string>& in, const std::string& out,
                          const std::string& name) {
  onnx::NodeProto* n = g->add_node();
  n->set_op_type(op);
  n->set_name(name);
  for (const std::string& i : in) n->add_input(i);
  n->add_output(out);
  return n;
}

void set_int(onnx::NodeProto* n, const std::string& name, std::int64_t v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void set_ints(onnx::NodeProto* n, const std::string& name, const std::vector<std::int64_t>& v) {
  onnx::AttributeProto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (std::int64_t x : v) a->add_ints(x);
}

void fill_dims(onnx::TensorProto* t, const std::string& name,
               const std::vector<std::int64_t>& dims, int type) {
  t->set_name(name);
  t->set_data_type(type);
  for (std::int64_t d : dims) t->add_dims(d);
}

void float_data(onnx::TensorProto* t, const std::string& name,
                const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
  fill_dims(t, name, dims, onnx::TensorProto::FLOAT);
  for (float v : values) t->add_float_data(v);
}

/// float32 as little-endian raw_data, written byte by byte as a file would hold it.
void float_raw(onnx::TensorProto* t, const std::string& name,
               const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
  fill_dims(t, name, dims, onnx::TensorProto::FLOAT);
  std::string raw;
  for (float v : values)
    for (int b = 0; b < 4; ++b) raw += char(std::bit_cast<std::uint32_t>(v) >> (8 * b));
  t->set_raw_data(raw);
}

std::vector<float> ramp(std::size_t n, float step) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = step * float(i) - 1.0f;
  return v;
}

// float16 bit patterns and their values: normal, negative, zero, the largest and two subnormals.
const std::vector<std::uint16_t> kHalfBits = {0x3800, 0xBD00, 0x4000, 0x0000, 0x4300, 0x0001,
                                              0x7BFF, 0xC000, 0x3C00, 0x3555, 0x0200, 0x8400};
const std::vector<float> kHalfValues = {0.5f, -1.25f, 2.0f,  0.0f, 3.5f, 5.9604645e-8f, 65504.0f,
                                        -2.0f, 1.0f, 0.33325195f, 3.0517578e-5f, -6.1035156e-5f};

/// then: Constant (float16 raw_data) feeding MatMul; else: MatMul on an outer initializer.
void add_if(onnx::GraphProto* g) {
  onnx::TensorProto* cond = g->add_initializer();
  fill_dims(cond, "cond", {}, onnx::TensorProto::BOOL);
  cond->add_int32_data(1);
  float_data(g->add_initializer(), "w_outer", {4, 3}, ramp(12, 0.125f));
  onnx::NodeProto* if_node = add_node(g, "If", {"cond"}, "y", "branchy");
  onnx::AttributeProto* then_attr = if_node->add_attribute();
  then_attr->set_name("then_branch");
  then_attr->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto* then_g = then_attr->mutable_g();
  then_g->set_name("then");
  onnx::NodeProto* c = add_node(then_g, "Constant", {}, "w_half", "");
  onnx::AttributeProto* value = c->add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  fill_dims(value->mutable_t(), "w_half", {4, 3}, onnx::TensorProto::FLOAT16);
  std::string raw;
  for (std::uint16_t h : kHalfBits) raw += {char(h & 0xff), char(h >> 8)};
  value->mutable_t()->set_raw_data(raw);
  add_node(then_g, "MatMul", {"x", "w_half"}, "y_then", "then_mm");
  add_value(then_g->mutable_output(), "y_then", {2, 3});
  onnx::AttributeProto* else_attr = if_node->add_attribute();
  else_attr->set_name("else_branch");
  else_attr->set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto* else_g = else_attr->mutable_g();
  else_g->set_name("else");
  add_node(else_g, "MatMul", {"x", "w_outer"}, "y_else", "else_mm");
  add_value(else_g->mutable_output(), "y_else", {2, 3});
}

/// Relu -> grouped Conv (double weights, asymmetric pads), so the conv input needs inference.
void add_conv(onnx::GraphProto* g) {
  add_value(g->mutable_input(), "img", {1, 2, 5, 6});
  add_node(g, "Relu", {"img"}, "img_relu", "relu");
  onnx::TensorProto* w = g->add_initializer();
  fill_dims(w, "conv_w", {4, 1, 3, 3}, onnx::TensorProto::DOUBLE);
  for (int i = 0; i < 36; ++i) w->add_double_data(0.25 * i);
  onnx::NodeProto* conv = add_node(g, "Conv", {"img_relu", "conv_w"}, "img_out", "conv");
  set_int(conv, "group", 2);
  set_ints(conv, "strides", {2, 2});
  set_ints(conv, "pads", {1, 1, 2, 2});
  add_value(g->mutable_output(), "img_out", {});
}

/// Unnamed Gemm with transB = 1 and alpha 0.5, then a bidirectional LSTM.
void add_gemm_lstm(onnx::GraphProto* g) {
  float_data(g->add_initializer(), "gemm_b", {5, 3}, ramp(15, 0.25f));
  float_raw(g->add_initializer(), "gemm_c", {5}, {1, 2, 3, 4, 5});
  onnx::NodeProto* gemm = add_node(g, "Gemm", {"y", "gemm_b", "gemm_c"}, "gemm_out", "");
  set_int(gemm, "transB", 1);
  onnx::AttributeProto* alpha = gemm->add_attribute();
  alpha->set_name("alpha");
  alpha->set_type(onnx::AttributeProto::FLOAT);
  alpha->set_f(0.5f);
  add_value(g->mutable_output(), "gemm_out", {2, 5});
  add_value(g->mutable_input(), "seq", {7, 1, 3});
  float_raw(g->add_initializer(), "lstm_w", {2, 8, 3}, ramp(48, 0.5f));
  float_data(g->add_initializer(), "lstm_r", {2, 8, 2}, ramp(32, 0.25f));
  float_data(g->add_initializer(), "lstm_b", {2, 16}, ramp(32, 1.0f));
  onnx::NodeProto* lstm =
      add_node(g, "LSTM", {"seq", "lstm_w", "lstm_r", "lstm_b"}, "seq_y", "rnn");
  set_int(lstm, "hidden_size", 2);
  onnx::AttributeProto* dir = lstm->add_attribute();
  dir->set_name("direction");
  dir->set_type(onnx::AttributeProto::STRING);
  dir->set_s("bidirectional");
  add_value(g->mutable_output(), "seq_y", {});
}

onnx::ModelProto small_model() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  onnx::GraphProto* g = m.mutable_graph();
  g->set_name("small");
  add_value(g->mutable_input(), "x", {2, 4});
  add_conv(g);
  add_if(g);
  add_gemm_lstm(g);
  return m;
}

std::string temp_file(const std::string& bytes) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const fs::path p = fs::path(::testing::TempDir()) /
                     (std::string("axsim_onnx_") + info->name() + ".onnx");
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

std::string write_small_model() { return temp_file(small_model().SerializeAsString()); }

TEST(OnnxReader, SmallModelLayersInGraphOrder) {
  const std::string path = write_small_model();
  const Model m = read_onnx(path);
  std::vector<std::string> names;
  for (const ModelLayer& l : m.layers) names.push_back(l.name);
  // The Gemm has no name, so it is named after its output.
  EXPECT_EQ(names, (std::vector<std::string>{"conv", "then_mm", "gemm_out", "rnn"}));
  EXPECT_EQ(m.source_hash, sim::fnv1a_hex(file_bytes(path)));
  OnnxReadOptions options;
  options.if_branch = IfBranch::kBoth;
  EXPECT_EQ(read_onnx(path, options).layers.size(), 5u);
  options.if_branch = IfBranch::kElse;
  const Model else_model = read_onnx(path, options);
  // The else branch reads an initializer of the enclosing graph: [in=4][out=3] -> [3][4].
  const ModelLayer& mm = layer(else_model, "else_mm");
  EXPECT_EQ(mm.weights.shape, (std::vector<std::int64_t>{3, 4}));
  EXPECT_FLOAT_EQ(mm.weights.data[1], 0.125f * 3 - 1.0f);  // W[1][0]
}

TEST(OnnxReader, SmallModelFloat16ConstantInIfBranch) {
  const Model m = read_onnx(write_small_model());
  const ModelLayer& mm = layer(m, "then_mm");
  EXPECT_EQ(mm.kind, OpKind::kFullyConnected);
  EXPECT_EQ(mm.in_channels, 4);
  EXPECT_EQ(mm.out_channels, 3);
  ASSERT_EQ(mm.weights.data.size(), 12u);
  for (int i = 0; i < 4; ++i)
    for (int o = 0; o < 3; ++o)
      EXPECT_FLOAT_EQ(mm.weights.data[std::size_t(o * 4 + i)], kHalfValues[std::size_t(i * 3 + o)])
          << "W[" << i << "][" << o << "]";
  EXPECT_EQ(mm.bias.data, std::vector<float>(3, 0.0f));
}

TEST(OnnxReader, SmallModelGemmTransBAndAlpha) {
  const Model m = read_onnx(write_small_model());
  const ModelLayer& gemm = layer(m, "gemm_out");
  EXPECT_EQ(gemm.weights.shape, (std::vector<std::int64_t>{5, 3}));  // transB: already [out][in]
  const std::vector<float> b = ramp(15, 0.25f);
  for (std::size_t i = 0; i < b.size(); ++i) EXPECT_FLOAT_EQ(gemm.weights.data[i], 0.5f * b[i]);
  EXPECT_EQ(gemm.bias.data, (std::vector<float>{1, 2, 3, 4, 5}));
}

TEST(OnnxReader, SmallModelConvAndLstm) {
  const Model m = read_onnx(write_small_model());
  const ModelLayer& conv = layer(m, "conv");
  EXPECT_EQ(conv.in_channels, 2);
  EXPECT_EQ(conv.groups, 2);
  EXPECT_EQ(conv.stride_h, 2);
  EXPECT_EQ(conv.stride_w, 2);
  EXPECT_EQ(conv.pad_h, 1);  // pads [1,1,2,2]: the begin pads are kept
  EXPECT_EQ(conv.pad_w, 1);
  EXPECT_EQ(conv.in_h, 5);  // Relu output: known only through shape inference
  EXPECT_EQ(conv.in_w, 6);
  EXPECT_FLOAT_EQ(conv.weights.data[35], 8.75f);  // from double_data
  EXPECT_EQ(conv.bias.data, std::vector<float>(4, 0.0f));
  const ModelLayer& lstm = layer(m, "rnn");
  EXPECT_EQ(lstm.out_channels, 2);
  EXPECT_EQ(lstm.in_channels, 3);
  EXPECT_EQ(lstm.seq_len, 7);
  // Bidirectional: the forward direction (the first half of each tensor) only.
  const std::vector<float> w = ramp(48, 0.5f), b = ramp(32, 1.0f);
  EXPECT_EQ(lstm.weights.data, std::vector<float>(w.begin(), w.begin() + 24));
  EXPECT_EQ(lstm.bias.data, std::vector<float>(b.begin(), b.begin() + 16));
  EXPECT_EQ(lstm.recurrent.data.size(), 16u);
}

// ---- errors ----------------------------------------------------------------------------------

void expect_error_naming(const std::string& path, const std::string& needle) {
  try {
    read_onnx(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const sim::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(OnnxReader, CorruptFilesGiveConfigErrorNamingTheFile) {
  const std::string whole = small_model().SerializeAsString();
  expect_error_naming(temp_file(whole.substr(0, whole.size() / 2)), "not an ONNX");
  expect_error_naming(temp_file("this is not a model\n"), "not an ONNX");
  expect_error_naming(temp_file(""), "not an ONNX");
  expect_error_naming("/nonexistent/model.onnx", "cannot open");
}

TEST(OnnxReader, MalformedWeightsGiveConfigError) {
  onnx::ModelProto m = small_model();
  for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
    if (t.name() == "lstm_w") t.mutable_raw_data()->pop_back();
  expect_error_naming(temp_file(m.SerializeAsString()), "tensor 'lstm_w'");
  m = small_model();
  for (onnx::TensorProto& t : *m.mutable_graph()->mutable_initializer())
    if (t.name() == "gemm_b") t.set_data_type(onnx::TensorProto::INT8);
  expect_error_naming(temp_file(m.SerializeAsString()), "weights must be float");
  m = small_model();
  m.mutable_graph()->mutable_node(1)->set_input(1, "computed_somewhere");  // the Conv
  expect_error_naming(temp_file(m.SerializeAsString()), "node 'conv' (Conv)");
}

}  // namespace
}  // namespace axsim::workloads::onnx_reader_test

namespace axsim::workloads::onnx_reader_test {
namespace {

// Conv -> BatchNormalization folds: w' = w g / sqrt(var + eps), b' = (b - mean) g / sqrt(var + eps)
// + beta. Here sqrt(0 + 0.25) = 0.5, so the factors are 4 and 6.
onnx::ModelProto conv_bn_model() {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(13);
  onnx::GraphProto* g = m.mutable_graph();
  g->set_name("conv_bn");
  add_value(g->mutable_input(), "x", {1, 1, 3, 3});
  float_data(g->add_initializer(), "w", {2, 1, 1, 1}, {1.0f, 2.0f});
  float_data(g->add_initializer(), "gamma", {2}, {2.0f, 3.0f});
  float_data(g->add_initializer(), "beta", {2}, {0.5f, -1.0f});
  float_data(g->add_initializer(), "mean", {2}, {1.0f, 0.0f});
  float_data(g->add_initializer(), "var", {2}, {0.0f, 0.0f});
  add_node(g, "Conv", {"x", "w"}, "c", "conv");
  onnx::NodeProto* bn = add_node(g, "BatchNormalization", {"c", "gamma", "beta", "mean", "var"},
                                 "y", "bn");
  onnx::AttributeProto* eps = bn->add_attribute();
  eps->set_name("epsilon");
  eps->set_type(onnx::AttributeProto::FLOAT);
  eps->set_f(0.25f);
  add_value(g->mutable_output(), "y", {});
  return m;
}

TEST(OnnxReader, BatchNormalizationFoldsIntoThePrecedingConv) {
  const std::string path = temp_file(conv_bn_model().SerializeAsString());
  const Model folded = read_onnx(path);
  ASSERT_EQ(folded.layers.size(), 1u);
  EXPECT_EQ(folded.layers[0].weights.data, (std::vector<float>{4.0f, 12.0f}));
  EXPECT_EQ(folded.layers[0].bias.data, (std::vector<float>{-3.5f, -1.0f}));
  OnnxReadOptions raw;
  raw.fold_batch_norm = false;
  EXPECT_EQ(read_onnx(path, raw).layers[0].weights.data, (std::vector<float>{1.0f, 2.0f}));
}

TEST(OnnxReader, BatchNormalizationIsNotFoldedWhenTheConvOutputIsAlsoUsedElsewhere) {
  onnx::ModelProto m = conv_bn_model();
  add_value(m.mutable_graph()->mutable_output(), "c", {});  // the raw conv output is needed too
  const Model read = read_onnx(temp_file(m.SerializeAsString()));
  EXPECT_EQ(read.layers[0].weights.data, (std::vector<float>{1.0f, 2.0f}));
}

}  // namespace
}  // namespace axsim::workloads::onnx_reader_test
