// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/task_eval.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

#include "sim/error.hpp"
#include "tools/axsim/compress_command.hpp"
#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/onnx/onnx_reader.hpp"
#include "workloads/npy/npy_reader.hpp"
#include "workloads/task/class_labels.hpp"
#include "workloads/task/vad_labels.hpp"

namespace axsim::tools {

namespace {

using workloads::OnnxValue;

[[noreturn]] void mismatch(const workloads::Layer& l, const OnnxValue& x, const std::string& expected) {
  throw sim::ConfigError(fmt::format("task: layer '{}' expects {}; the model gives it [{}]", l.name,
                                     expected, fmt::join(x.shape, ", ")));
}

OnnxValue conv_products(arch::LayerFunction& fn, const workloads::Layer& l, const OnnxValue& x) {
  const std::size_t rank = x.shape.size();
  if ((rank != 3 && rank != 4) || x.shape[1] != l.shape.in_channels)
    mismatch(l, x, fmt::format("X [1][{}][..]", l.shape.in_channels));
  workloads::LayerShape s = l.shape;
  s.in_h = rank == 4 ? int(x.shape[2]) : 1, s.in_w = int(x.shape.back());
  if (s.out_h() < 1 || s.out_w() < 1) mismatch(l, x, "a plane at least as large as its kernel");
  std::vector<float> y = fn.compute(x.f, s.in_h, s.in_w);
  std::vector<std::int64_t> shape = {1, s.out_channels};
  if (rank == 4) shape.push_back(s.out_h());
  // A 1-D conv is one row, unpadded along the rows (traces written before pad_w existed padded
  // both axes: compress them again).
  else if (s.out_h() != 1) mismatch(l, x, "a 1-D convolution padded along its row only (re-compress the trace)");
  shape.push_back(s.out_w());
  return OnnxValue::floats(shape, std::move(y));
}

OnnxValue fc_products(arch::LayerFunction& fn, const workloads::Layer& l, const OnnxValue& x) {
  if (x.shape.empty() || x.shape.back() != l.shape.in_channels || std::int64_t(x.numel()) != l.shape.in_channels)
    mismatch(l, x, fmt::format("one vector of {} inputs", l.shape.in_channels));
  std::vector<std::int64_t> shape = x.shape;
  shape.back() = l.shape.out_channels;
  return OnnxValue::floats(shape, fn.compute(x.f, 1, 1));
}

/// Every layer of the trace computed by the unit; `model` (the ONNX file read) gives the folded
/// bias of a conv whose BatchNormalization the trace's weights fold in.
std::map<std::string, workloads::OnnxSubstitute> unit_layers(const workloads::Workload& w, arch::LayerUnit& unit,
                                                             const workloads::Model& model) {
  std::map<std::string, workloads::OnnxSubstitute> subs;
  for (const workloads::Layer& l : w.layers) {
    arch::LayerFunction* fn = unit.layer_function(l);
    if (fn == nullptr)
      throw sim::ConfigError("task: unit " + unit.type() + " cannot compute layers on other inputs");
    workloads::OnnxSubstitute& s = subs[l.name];
    for (const workloads::ModelLayer& m : model.layers)
      if (m.name == l.name && !m.folded_norm.empty()) s.layer = &m;
    if (l.shape.kind == workloads::LayerKind::kConv) {
      s.products = [fn, &l](const OnnxValue& x) { return conv_products(*fn, l, x); };
    } else if (l.shape.kind == workloads::LayerKind::kFullyConnected) {
      s.products = [fn, &l](const OnnxValue& x) { return fc_products(*fn, l, x); };
    } else {
      const auto in = std::size_t(l.shape.in_channels), h = std::size_t(l.shape.recurrent_in);
      s.lstm_products = [fn, in, h](const float* x, const float* hp, float* gates) {
        std::vector<float> xh(x, x + in);
        xh.insert(xh.end(), hp, hp + h);
        const std::vector<float> g = fn->compute(xh, 1, 1);
        std::copy(g.begin(), g.end(), gates);
      };
    }
  }
  return subs;
}

const std::vector<float>& kept(const workloads::OnnxRun& run, const TaskSpec& t) {
  const auto it = run.kept.find(t.output);
  if (it == run.kept.end() || it->second.type != OnnxValue::Type::kFloat || it->second.f.empty())
    throw sim::ConfigError(t.model + ": task output '" + t.output + "': no float node output of that name was computed");
  return it->second.f;
}

struct Score {
  double frames = 0, correct = 0, float_correct = 0, agree = 0;
  void add(const Score& o) {
    frames += o.frames, correct += o.correct, float_correct += o.float_correct, agree += o.agree;
  }
};

void emit(std::vector<results::TaskMetric>& out, const std::string& kind, const std::string& input, const Score& s) {
  out.push_back({kind, input, kind == "vad" ? "frames" : "inputs", s.frames});
  out.push_back({kind, input, "accuracy", s.correct / s.frames});
  out.push_back({kind, input, "float_accuracy", s.float_correct / s.frames});
  out.push_back({kind, input, "agreement", s.agree / s.frames});
}

using Substitutes = std::map<std::string, workloads::OnnxSubstitute>;

/// The graph inputs of a run: `t.input` from `file` (or given its dims), the rest from
/// t.input_values.
std::map<std::string, OnnxValue> graph_inputs(const TaskSpec& t, const workloads::OnnxExecutor& e,
                                              const std::string& file, const std::string& dims) {
  CompressOptions co;
  if (!file.empty()) co.input_files = {t.input + "=" + file};
  if (!dims.empty()) co.inputs = {t.input + "=" + dims};
  for (const auto& [name, values] : t.input_values) co.input_values.push_back(fmt::format("{}={}", name, values.front()));
  return workloads::onnx_inputs(e, onnx_input_options(co), 1, t.model);
}

/// A clip of audio: one decision per frame of the output (probability above the threshold)
/// against the frames' speech labels.
Score vad_clip(const TaskSpec& t, const workloads::OnnxExecutor& e, const Substitutes& subs, const std::string& clip) {
  const auto inputs = graph_inputs(t, e, clip + ".npy", "");
  const std::vector<float> base = kept(e.run(inputs, {}, nullptr, {t.output}), t);
  const std::vector<float> hw = kept(e.run(inputs, subs, nullptr, {t.output}), t);
  const std::vector<bool> truth = workloads::frame_labels(workloads::read_vad_labels(clip + ".labels.json"), base.size());
  Score s;
  s.frames = double(base.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    const bool b = base[i] > t.threshold, h = hw[i] > t.threshold;
    s.correct += h == truth[i], s.float_correct += b == truth[i], s.agree += h == b;
  }
  return s;
}

std::size_t argmax(const std::vector<float>& v, std::size_t classes, const TaskSpec& t) {
  if (v.size() != classes)
    throw sim::ConfigError(fmt::format("{}: task output '{}' has {} values, the labels name {} classes", t.model,
                                       t.output, v.size(), classes));
  return std::size_t(std::max_element(v.begin(), v.end()) - v.begin());
}

/// A set of inputs [N, ...] (CLIP.npy), each run alone (batch 1): its class, the output's
/// largest score, against CLIP.labels.json.
Score classify_set(const TaskSpec& t, const workloads::OnnxExecutor& e, const Substitutes& subs, const std::string& clip) {
  const workloads::Tensor all = workloads::read_npy(clip + ".npy");
  const workloads::ClassLabels labels = workloads::read_class_labels(clip + ".labels.json");
  if (all.shape.size() < 2 || all.shape[0] != std::int64_t(labels.labels.size()))
    throw sim::ConfigError(fmt::format("{}.npy: expected [N, ...] with N = {} inputs (its labels), got [{}]", clip,
                                       labels.labels.size(), fmt::join(all.shape, ", ")));
  std::vector<std::int64_t> one = all.shape;
  one[0] = 1;
  auto inputs = graph_inputs(t, e, "", fmt::format("{}", fmt::join(one, ",")));
  const std::size_t n = all.numel() / labels.labels.size();
  Score s;
  for (std::size_t i = 0; i < labels.labels.size(); ++i) {
    const auto first = all.data.begin() + std::ptrdiff_t(i * n);
    inputs[t.input] = OnnxValue::floats(one, std::vector<float>(first, first + std::ptrdiff_t(n)));
    const std::size_t b = argmax(kept(e.run(inputs, {}, nullptr, {t.output}), t), labels.classes.size(), t);
    const std::size_t h = argmax(kept(e.run(inputs, subs, nullptr, {t.output}), t), labels.classes.size(), t);
    const auto truth = std::size_t(labels.labels[i]);
    s.frames += 1, s.correct += h == truth, s.float_correct += b == truth, s.agree += h == b;
  }
  return s;
}

}  // namespace

std::vector<results::TaskMetric> run_task(const TaskSpec& t, const workloads::Workload& w,
                                          arch::LayerUnit& unit) {
  workloads::OnnxReadOptions read;
  read.attach_runner = false;
  const workloads::Model model = workloads::read_onnx(t.model, read);
  const Substitutes subs = unit_layers(w, unit, model);
  const workloads::OnnxExecutor e(t.model);
  std::vector<results::TaskMetric> out;
  Score total;
  for (const std::string& clip : t.clips) {
    const Score s = t.kind == "classify" ? classify_set(t, e, subs, clip) : vad_clip(t, e, subs, clip);
    emit(out, t.kind, std::filesystem::path(clip).filename().string(), s);
    total.add(s);
  }
  emit(out, t.kind, "all", total);
  return out;
}

}  // namespace axsim::tools
