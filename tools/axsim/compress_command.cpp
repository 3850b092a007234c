// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/compress_command.hpp"
#include "tools/axsim/command_errors.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <type_traits>
#include <utility>

#include "results/compression_store.hpp"
#include "workloads/model/topology.hpp"
#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "workloads/npy/npy_reader.hpp"
#include "sim/provenance.hpp"
#include "tools/axsim/terminal_status.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/trace_fields.hpp"
#include "workloads/compress/streamed_trace.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/cpu/csc_layer.hpp"
#include "workloads/model/zoo.hpp"
#include "workloads/npy/npz_model.hpp"
#include "workloads/onnx/onnx_reader.hpp"
#include "workloads/reference/executor.hpp"

#ifndef AXSIM_VERSION_STRING
#define AXSIM_VERSION_STRING "unknown"
#endif

namespace axsim::tools {

namespace {

// Command-line limits of --input (a tensor's rank and dims) and --input-value (values given).
constexpr std::int64_t kMaxInputDim = (std::int64_t{1} << 31) - 1;
constexpr std::size_t kMaxInputRank = 8;
constexpr std::size_t kMaxInputValues = 65536;

bool has_suffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// NAME=V0,V1,... as a name and numbers (integers for --input, any number for --input-value).
template <typename T>
std::pair<std::string, std::vector<T>> name_and_numbers(const std::string& flag,
                                                        const std::string& arg, const char* example,
                                                        T lo, T hi, std::size_t max_values) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw sim::ConfigError(flag + " " + arg + ": expected NAME=V0,V1,... e.g. " + example);
  std::vector<T> values;
  std::stringstream ss(arg.substr(eq + 1));
  for (std::string v; std::getline(ss, v, ',');) {
    try {
      std::size_t used = 0;
      values.push_back(std::is_integral_v<T> ? T(std::stoll(v, &used)) : T(std::stod(v, &used)));
      if (used != v.size()) throw std::invalid_argument(v);
    } catch (const std::exception&) {
      throw sim::ConfigError(flag + " " + arg + ": \"" + v + "\" is not " +
                             (std::is_integral_v<T> ? "an integer" : "a number"));
    }
  }
  if (values.empty()) throw sim::ConfigError(flag + " " + arg + ": no values");
  if (values.size() > max_values)
    throw sim::ConfigError(flag + " " + arg.substr(0, eq) + ": " + std::to_string(values.size()) +
                           " values, at most " + std::to_string(max_values));
  for (const T v : values)
    if (!(v >= lo && v <= hi))  // also NaN and infinities
      throw sim::ConfigError(fmt::format("{} {}: value {} is out of range [{}, {}]", flag,
                                         arg.substr(0, eq), v, lo, hi));
  return {arg.substr(0, eq), values};
}

}  // namespace

workloads::OnnxReadOptions onnx_input_options(const CompressOptions& opt) {
  workloads::OnnxReadOptions o;
  for (const std::string& in : opt.inputs)
    o.input_dims.insert(name_and_numbers<std::int64_t>("--input", in, "x=1,3,48,192", 1,
                                                       kMaxInputDim, kMaxInputRank));
  for (const std::string& in : opt.input_values)
    o.input_values.insert(
        name_and_numbers<double>("--input-value", in, "sr=16000", -1e30, 1e30, kMaxInputValues));
  for (const std::string& in : opt.input_files) {
    const auto eq = in.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == in.size())
      throw sim::ConfigError("--input-file " + in + ": expected NAME=FILE.npy, e.g. input=speech.npy");
    const std::string name = in.substr(0, eq), path = in.substr(eq + 1);
    const workloads::Tensor t = workloads::read_npy(path);  // errors name the file and offset
    if (t.data.empty()) throw sim::ConfigError(path + ": no values");
    for (const float v : t.data)
      if (!std::isfinite(v)) throw sim::ConfigError(path + ": a value is not finite");
    if (o.input_values.count(name))
      throw sim::ConfigError("--input-file " + name + ": the input already has --input-value");
    o.input_values[name] = std::vector<double>(t.data.begin(), t.data.end());
    if (!o.input_dims.count(name)) o.input_dims[name] = t.shape;
  }
  return o;
}

namespace {

workloads::Model load_model(const std::string& spec, const CompressOptions& opt, std::uint64_t seed) {
  if (has_suffix(spec, ".onnx")) return workloads::read_onnx(spec, onnx_input_options(opt));
  if (has_suffix(spec, ".npz")) return workloads::read_npz_model(spec);
  if (workloads::is_topology_file(spec)) return workloads::read_topology(spec, seed);
  const std::string name = spec.rfind("builtin:", 0) == 0 ? spec.substr(8) : spec;
  if (std::filesystem::exists(spec) && name == spec)
    throw sim::ConfigError(spec + ": unsupported model file (expected .onnx, .npz, a .json "
                           "topology file or a built-in name)");
  // Weights on demand: compression, fidelity and the graph executor's runs make one layer's
  // weights at a time.
  return workloads::make_zoo_model(name, seed, workloads::ZooWeights::kOnDemand);
}

// Layer-by-layer fidelity, plus end to end when the model can run (built-in conv / fc models,
// ONNX models whose inputs are all known). Seeded inputs for end to end: about 2 GMAC of forward
// passes (16 for the LeNets and the two ONNX test models, 2 for AlexNet, 1 for VGG-16).
struct FidelityReport {
  std::vector<results::FidelityRow> rows;
  std::string table;
};

FidelityReport fidelity_report(const workloads::Model& model, const workloads::Compressed& c,
                               std::uint64_t seed) {
  const std::vector<workloads::LayerFidelity> layers = workloads::layer_fidelity(model, c, seed);
  const auto runner = workloads::runner_for(model);
  std::string why = runner ? runner->unavailable() : "the model cannot be run as a whole";
  if (why.empty()) {
    try {
      const workloads::ModelFidelity whole =
          workloads::model_fidelity(model, c, seed, workloads::fidelity_inputs(model));
      return {results::fidelity_rows(layers, whole),
              workloads::format_fidelity_table(layers, whole)};
    } catch (const sim::ConfigError& e) {
      why = e.what();  // an op the ONNX executor lacks: the layer figures still stand
    }
  }
  return {results::fidelity_rows(layers),
          workloads::format_fidelity_table(layers) + "model: no end-to-end fidelity (" + why + ")\n"};
}

void show_layer(std::size_t i, std::size_t n, const std::string& layer) {
  show_status(fmt::format("compressing layer {} of {}: {}", i + 1, n, layer));
}

// A model with weights on demand, layer by layer: each layer's fidelity from its original
// weights before they go, its trace section as soon as it is compressed. Such a model cannot
// run as a whole, so there is no end-to-end figure (as for any model without a runner).
struct Streamed {
  workloads::StreamedCompression result;
  FidelityReport fidelity;
};

Streamed compress_streamed(const workloads::Model& model, const workloads::Recipe& recipe) {
  std::optional<workloads::LayerFidelityProbe> probe;
  std::vector<workloads::LayerFidelity> layers;
  workloads::LayerCallbacks callbacks{
      show_layer,
      [&](const workloads::ModelLayer& l, const std::vector<float>& m,
          const std::vector<float>& x) { probe.emplace(l, m, x, recipe.seed); },
      nullptr};
  Streamed s{workloads::compress_to_trace(model, recipe, AXSIM_VERSION_STRING, callbacks,
                                          [&](std::size_t, const workloads::CompressedLayer& c) {
                                            layers.push_back(probe->finish(c));
                                          }),
             {}};
  clear_status();
  s.fidelity = {results::fidelity_rows(layers),
                workloads::format_fidelity_table(layers) +
                    "model: no end-to-end fidelity (the model cannot be run as a whole)\n"};
  return s;
}

// The input densities, when some layer's activations are "published" (with the layers that
// took the recipe's fallback density instead).
std::string published_inputs(const workloads::Model& model, const workloads::Recipe& recipe,
                             const workloads::Compressed& c) {
  const bool any = std::any_of(model.layers.begin(), model.layers.end(), [&](const auto& l) {
    return recipe.for_layer(l).activations == "published";
  });
  return any ? workloads::format_input_density_table(c) + "\n" : "";
}

// The whole-sequence fixed-point rule of each lstm compressed with one, against the float LSTM.
std::string lstm_sequences(const workloads::Compressed& c) {
  std::string out;
  for (const workloads::CompressedLayer& l : c.layers)
    if (l.lstm)
      out += fmt::format("lstm {}: {} time steps in the trace's fixed-point rule ({} gate "
                         "tables of {} segments{}): SQNR {:.2f} dB against the float LSTM, {:.2f} dB "
                         "against it on the stored weights and inputs (the rule's arithmetic)\n",
                         l.layer.name, l.layer.seq_len, l.lstm->sigmoid.is_lut() ? "lookup" : "piecewise-linear",
                         l.lstm->sigmoid.segments(),
                         l.lstm->has_projection() ? ", projection" : "", l.lstm->sqnr_db,
                         l.lstm->rule_sqnr_db);
  return out;
}

int compress_or_throw(const CompressOptions& opt) {
  const workloads::Recipe recipe = workloads::load_recipe(opt.recipe);
  workloads::Model model = load_model(opt.model, opt, recipe.seed);
  workloads::observe_geometry(model, recipe.seed);  // sizes shape inference left symbolic
  workloads::Compressed c;
  FidelityReport fidelity;
  // A model that cannot run as a whole (LSTM, unchained matrices) streams its trace layer by
  // layer; one that can is compressed whole, for its end-to-end fidelity.
  if (model.load_weights && !workloads::runner_for(model) &&
      !workloads::wants_reference_activations(model, recipe)) {
    Streamed s = compress_streamed(model, recipe);
    c = std::move(s.result.summary);
    fidelity = std::move(s.fidelity);
    workloads::write_trace(opt.output, s.result.trace);
  } else {
    c = workloads::compress(model, recipe, show_layer);
    clear_status();
    fidelity = fidelity_report(model, c, recipe.seed);
    workloads::write_trace(opt.output, workloads::to_trace(c, recipe, AXSIM_VERSION_STRING));
  }
  results::ResultsDb db(opt.db_path);
  const std::int64_t id =
      results::add_compression(db, {model.name, model.source, model.source_hash, recipe.name,
                                    recipe.path, recipe.json_text, opt.output,
                                    AXSIM_VERSION_STRING, recipe.seed},
                               results::compression_rows(c), fidelity.rows);
  std::cout << model.name << " (" << model.source << ") with recipe " << recipe.name << " -> "
            << opt.output << "\n"
            << workloads::format_compression_table(c) << "\n"
            << published_inputs(model, recipe, c)
            << fidelity.table << lstm_sequences(c) << "compression " << id
            << " stored in " << opt.db_path << "\n";
  return 0;
}

}  // namespace

int compress_command(const CompressOptions& opt) {
  return run_command([&] { return compress_or_throw(opt); });
}

namespace {
// `inspect TRACE --csc LAYER -o FILE`: one fc layer as a CSC file for the CPU suite's kernel.
int write_csc(const workloads::Trace& t, const std::string& path, const std::string& name,
              const std::string& out) {
  if (out.empty()) throw sim::ConfigError("axsim inspect --csc: -o FILE is required");
  const workloads::Workload w = workloads::workload_from_trace(t, path);
  for (const workloads::Layer& l : w.layers)
    if (l.name == name) {
      workloads::cpu::write_csc_layer(l, out);
      std::cout << out << ": layer " << name << " as CSC, " << l.shape.rows() << " x "
                << l.shape.cols() << "\n";
      return 0;
    }
  throw sim::ConfigError(path + ": no layer '" + name + "'");
}
}  // namespace

int inspect_command(const std::string& path, const std::string& csc_layer,
                    const std::string& csc_path) {
  try {
    const workloads::Trace t = workloads::read_trace(path);
    if (!csc_layer.empty()) return write_csc(t, path, csc_layer, csc_path);
    const nlohmann::json h = workloads::parse_trace_header(t.header_json, path, "");
    const workloads::TraceFields f(h, path, "");  // names the pointer of a missing field
    std::cout << path << ": axsim trace, " << t.layers.size() << " layers, checksums ok\n"
              << "model " << f.at("/source_model").dump() << "\nrecipe " << f.at("/recipe_name")
              << ", seed " << f.at("/seed") << ", written by axsim " << f.at("/axsim_version")
              << "\n"
              << workloads::format_trace_table(t, std::filesystem::file_size(path), path);
    return 0;
  } catch (const workloads::TraceError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
    return 2;
  } catch (const sim::ConfigError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
    return 2;
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "axsim: error: " << path << ": malformed header (a field is missing or has the wrong type): "
              << sim::json_error_text(e.what()) << "\n";
    return 2;
  }
}

}  // namespace axsim::tools
