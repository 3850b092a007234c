// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/infer_command.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "sim/error.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/compress_command.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/onnx/onnx_executor.hpp"
#include "workloads/onnx/onnx_reader.hpp"
#include "workloads/reference/lstm_sequence.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::tools {

namespace {

/// The trace's lstm layers with a sequence rule, as substitutes computing that rule.
std::map<std::string, workloads::OnnxSubstitute> fixed_point_lstms(const workloads::Workload& w,
                                                                  const std::string& trace) {
  std::map<std::string, workloads::OnnxSubstitute> subs;
  for (const workloads::Layer& l : w.layers) {
    if (!l.lstm) continue;
    subs[l.name].lstm_outputs = [&l, trace](const workloads::OnnxValue& x) {
      if (x.shape.size() != 3 || x.shape[2] != l.shape.in_channels)
        throw sim::ConfigError(fmt::format("{}: layer '{}' takes {} inputs a step; the model gives "
                                           "it X of shape [{}]", trace, l.name, l.shape.in_channels,
                                           fmt::join(x.shape, ", ")));
      try {
        return workloads::lstm_sequence_on(l, x.f);
      } catch (const std::invalid_argument& e) {
        throw sim::ConfigError(trace + ": " + e.what());
      }
    };
  }
  if (subs.empty())
    throw sim::ConfigError(trace + ": no lstm layer with a sequence rule (a recipe's "
                           "fixed_point.lstm), so nothing runs in fixed point");
  return subs;
}

/// 10 log10(sum a^2 / sum (a - b)^2) and max |a - b|.
nlohmann::json difference(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0, e = 0, m = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double d = double(a[k]) - double(b[k]);
    s += double(a[k]) * a[k], e += d * d, m = std::max(m, std::fabs(d));
  }
  return {{"sqnr_db", e > 0 ? 10 * std::log10(s / e) : 999.0}, {"max_abs_diff", m}};
}

int infer(const InferOptions& opt) {
  if (opt.model.size() < 5 || opt.model.compare(opt.model.size() - 5, 5, ".onnx") != 0)
    throw sim::ConfigError(opt.model + ": axsim infer runs ONNX models (.onnx)");
  CompressOptions co;
  co.inputs = opt.inputs, co.input_values = opt.input_values, co.input_files = opt.input_files;
  const workloads::OnnxReadOptions ro = onnx_input_options(co);
  const workloads::Workload w = workloads::workload_from_trace(workloads::read_trace(opt.trace), opt.trace);
  const auto subs = fixed_point_lstms(w, opt.trace);
  const workloads::OnnxExecutor e(opt.model);
  const auto inputs = workloads::onnx_inputs(e, ro, 1, opt.model);
  const std::set<std::string> keep(opt.keep.begin(), opt.keep.end());
  const workloads::OnnxRun base = e.run(inputs, {}, nullptr, keep);
  const workloads::OnnxRun fixed = e.run(inputs, subs, nullptr, keep);
  nlohmann::json out = {{"model", opt.model}, {"trace", opt.trace}, {"lstm_layers", nlohmann::json::array()},
                        {"kept", nlohmann::json::object()}};
  for (const auto& [name, sub] : subs) {
    if (fixed.layer_inputs.count(name) == 0)
      throw sim::ConfigError(opt.trace + ": layer '" + name + "' is not a node the model ran");
    out["lstm_layers"].push_back(name);
  }
  for (const std::string& k : opt.keep) {
    const auto a = base.kept.find(k), b = fixed.kept.find(k);
    if (a == base.kept.end() || b == fixed.kept.end() || a->second.type != workloads::OnnxValue::Type::kFloat)
      throw sim::ConfigError(opt.model + ": --keep " + k + ": no float node output of that name was computed");
    out["kept"][k] = {{"shape", a->second.shape}, {"float", a->second.f}, {"fixed", b->second.f},
                      {"fixed_vs_float", difference(a->second.f, b->second.f)}};
    std::cerr << fmt::format("{}: shape [{}], fixed-point lstms against float: SQNR {:.2f} dB, max |diff| {:.4g}\n",
                             k, fmt::join(a->second.shape, ", "), double(out["kept"][k]["fixed_vs_float"]["sqnr_db"]),
                             double(out["kept"][k]["fixed_vs_float"]["max_abs_diff"]));
  }
  if (opt.output.empty() || opt.output == "-") {
    std::cout << out.dump() << "\n";
  } else {
    std::ofstream f(opt.output);
    f << out.dump() << "\n";
    if (!f) throw sim::ConfigError(opt.output + ": cannot write the file");
  }
  return 0;
}

}  // namespace

int infer_command(const InferOptions& options) {
  return run_command([&] {
    try {
      return infer(options);
    } catch (const workloads::TraceError& e) {
      throw sim::ConfigError(e.what());
    }
  });
}

}  // namespace axsim::tools
