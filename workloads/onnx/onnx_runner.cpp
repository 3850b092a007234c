// SPDX-License-Identifier: Apache-2.0
// The ONNX executor's seeded graph inputs and the ModelRunner read_onnx attaches.
#include "workloads/onnx/onnx_exec.hpp"

#include <memory>

#include "workloads/rng.hpp"

namespace axsim::workloads {

using onnx_exec::count;
using onnx_exec::Dims;
using onnx_exec::fail;
using onnx_exec::ShapeError;
using onnx_exec::Type;

// ---- seeded inputs and the runner ------------------------------------------------------------

namespace {

/// Symbolic dim names bound by the inputs given static dims (e.g. batch = 1).
std::map<std::string, std::int64_t> bound_dims(const OnnxExecutor& e, const OnnxReadOptions& o) {
  std::map<std::string, std::int64_t> bound;
  for (const auto& in : e.inputs()) {
    auto it = o.input_dims.find(in.name);
    if (it == o.input_dims.end() || it->second.size() != in.dims.size()) continue;
    for (std::size_t k = 0; k < in.dims.size(); ++k)
      if (!in.dim_names[k].empty()) bound[in.dim_names[k]] = it->second[k];
  }
  return bound;
}

Dims input_dims(const OnnxExecutor::Input& in, const OnnxReadOptions& o,
                const std::map<std::string, std::int64_t>& bound, const std::string& path) {
  if (auto it = o.input_dims.find(in.name); it != o.input_dims.end()) return it->second;
  Dims d = in.dims;
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (d[k] >= 0) continue;
    auto b = bound.find(in.dim_names[k]);
    if (b == bound.end())
      fail(path, "input '" + in.name + "' has a symbolic size ('" + in.dim_names[k] +
                     "'): give it with --input " + in.name + "=D0,D1,...");
    d[k] = b->second;
  }
  return d;
}

std::size_t input_count(const OnnxExecutor::Input& in, const Dims& dims, const std::string& path) {
  try {
    return std::size_t(count(dims));
  } catch (const ShapeError& e) {
    fail(path, "input '" + in.name + "': " + e.what());
  }
}

OnnxValue input_value(const OnnxExecutor::Input& in, Dims dims, const OnnxReadOptions& o,
                      std::uint64_t seed, const std::string& path) {
  const std::size_t n = input_count(in, dims, path);
  auto it = o.input_values.find(in.name);
  if (it == o.input_values.end()) {
    if (in.type != Type::kFloat)
      fail(path, "input '" + in.name + "' is not float: give its value with --input-value " + in.name + "=V");
    Rng rng(mix_seed(seed, "input:" + in.name));
    std::vector<float> v(n);
    for (float& x : v) x = float(rng.uniform());
    return OnnxValue::floats(std::move(dims), std::move(v));
  }
  const std::vector<double>& given = it->second;
  if (given.size() != 1 && given.size() != n)
    fail(path, "input '" + in.name + "' has " + std::to_string(n) + " elements, " +
                   std::to_string(given.size()) + " values given");
  OnnxValue v;
  v.type = in.type, v.shape = std::move(dims);
  for (std::size_t k = 0; k < n; ++k) {
    const double x = given[given.size() == 1 ? 0 : k];
    if (in.type == Type::kFloat) v.f.push_back(float(x));
    else v.i.push_back(std::int64_t(x));
  }
  return v;
}

std::vector<float> flat_floats(const OnnxValue& v) { return onnx_exec::as_floats(v); }

class OnnxRunner final : public ModelRunner {
 public:
  OnnxRunner(std::string path, OnnxReadOptions options, std::vector<std::string> names)
      : path_(std::move(path)), options_(std::move(options)), names_(std::move(names)),
        exec_(std::make_unique<OnnxExecutor>(path_)) {}

  Result run(std::uint64_t seed, const std::vector<LayerSubstitute>& subs) const override {
    std::map<std::string, OnnxSubstitute> by_name;
    for (std::size_t k = 0; k < subs.size() && k < names_.size(); ++k)
      if (subs[k].layer != nullptr) by_name[names_[k]] = {subs[k].layer, subs[k].act_bits};
    const OnnxRun r = exec_->run(onnx_inputs(*exec_, options_, seed, path_), by_name);
    Result out;
    if (!r.outputs.empty()) out.output = flat_floats(r.outputs[0]);
    for (const std::string& name : names_) {
      auto it = r.layer_inputs.find(name);
      out.layer_inputs.push_back(it == r.layer_inputs.end() ? std::vector<float>{} : it->second.packed);
      out.layer_dims.push_back(it == r.layer_inputs.end() ? Dims{} : it->second.dims);
    }
    return out;
  }

  std::string unavailable() const override {
    try {
      onnx_inputs(*exec_, options_, 0, path_);
      return "";
    } catch (const sim::ConfigError& e) {
      return e.what();
    }
  }

 private:
  std::string path_;
  OnnxReadOptions options_;
  std::vector<std::string> names_;
  std::unique_ptr<OnnxExecutor> exec_;
};

}  // namespace

std::map<std::string, OnnxValue> onnx_inputs(const OnnxExecutor& e, const OnnxReadOptions& options,
                                             std::uint64_t seed, const std::string& path) {
  const std::map<std::string, std::int64_t> bound = bound_dims(e, options);
  std::map<std::string, OnnxValue> values;
  for (const OnnxExecutor::Input& in : e.inputs())
    values[in.name] = input_value(in, input_dims(in, options, bound, path), options, seed, path);
  return values;
}

std::shared_ptr<const ModelRunner> make_onnx_runner(const std::string& path,
                                                    const OnnxReadOptions& options,
                                                    const Model& model) {
  std::vector<std::string> names;
  for (const ModelLayer& l : model.layers) names.push_back(l.name);
  return std::make_shared<OnnxRunner>(path, options, std::move(names));
}

}  // namespace axsim::workloads

