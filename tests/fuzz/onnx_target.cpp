// SPDX-License-Identifier: Apache-2.0
// ONNX fuzz entry point: model bytes through the path `axsim compress model.onnx` takes: the
// importer (parsing, attribute and dimension checks, shape inference, the layers), the executor
// (one run that observes the layers' input sizes), compression with reference activations and
// layer and end-to-end fidelity, then the trace it writes, read back.
#include <filesystem>
#include <fstream>

#include "sim/error.hpp"
#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/onnx/onnx_reader.hpp"
#include "workloads/reference/executor.hpp"

namespace axsim::fuzz {

namespace fs = std::filesystem;

namespace {

// Models above these are imported and checked but neither run nor compressed (keeps a case
// fast; the seeds hold a few hundred weights).
constexpr std::uint64_t kMaxCompressedWeights = 20000;
constexpr std::size_t kMaxCompressedLayers = 16;

// Three recipes: uniform 8-bit dense with reference activations (synthetic ones when the model
// cannot run), and for inputs of odd length k-means with EIE's and SCNN's encodings and the
// shift-saturate rule calibrated on reference activations.
const workloads::Recipe& recipe(bool reference, bool sparse) {
  static const std::string head = R"({"axsim_recipe": 1, "name": "fuzz-onnx", "seed": 5,
      "defaults": {"prune": {"density": 0.6}, "quantize": {"scheme": "uniform", "bits": 8},
                   "encoding": {"format": "dense"}, "activations": )";
  static const workloads::Recipe with_reference =
      workloads::parse_recipe("fuzz-recipe.json", head + R"({"source": "reference", "bits": 8}}})");
  static const workloads::Recipe synthetic =
      workloads::parse_recipe("fuzz-recipe.json", head + R"({"density": 0.5, "bits": 8}}})");
  static const workloads::Recipe eie = workloads::parse_recipe("fuzz-recipe.json", R"({
      "axsim_recipe": 1, "name": "fuzz-onnx-sparse", "seed": 6,
      "defaults": {"prune": {"density": 0.4}, "quantize": {"scheme": "kmeans", "bits": 4},
                   "encoding": [{"format": "eie_csc", "num_pes": 2, "pointer_bits": 32},
                                {"format": "dense"}],
                   "fixed_point": {"accumulate": "shift_saturate", "accumulator_bits": 16},
                   "activations": {"source": "reference", "bits": 8}},
      "layers": {"kind:conv": {"encoding": [{"format": "scnn", "pointer_bits": 32},
                                            {"format": "bitmask"}]}}})");
  if (!reference) return synthetic;
  return sparse ? eie : with_reference;
}

bool small(const workloads::Model& m) {
  std::uint64_t weights = 0;
  for (const workloads::ModelLayer& l : m.layers)
    weights += l.weights.numel() + l.recurrent.numel();
  return m.layers.size() <= kMaxCompressedLayers && weights <= kMaxCompressedWeights;
}

/// Compression as `axsim compress` does it, then the trace read back: an accepted model must
/// give a trace the reader accepts (a TraceError here is a bug, in `mismatches`).
void compress_model(workloads::Model& model, bool sparse, Outcome& o) {
  workloads::observe_geometry(model, 1);
  const auto runner = workloads::runner_for(model);
  const bool runs = runner && runner->unavailable().empty();
  const workloads::Recipe& r = recipe(runs, sparse);
  const workloads::Compressed c = workloads::compress(model, r);
  (void)workloads::layer_fidelity(model, c, r.seed);
  if (runs) (void)workloads::model_fidelity(model, c, r.seed, 2);
  if (!replayable(model)) return;  // conv sizes unknown: the trace says so (docs/compression.md)
  try {
    (void)workloads::workload_from_trace(workloads::to_trace(c, r, "fuzz"), "fuzz-onnx.axt");
  } catch (const workloads::TraceError& e) {
    // The reader decodes under the case's budget too; what compression made may be above it.
    if (std::string(e.what()).find("above the memory budget") != std::string::npos) return;
    o.mismatches.push_back(std::string("the trace of an accepted model is refused: ") + e.what());
  }
}

}  // namespace

Outcome fuzz_onnx_bytes(const std::uint8_t* data, std::size_t size) {
  const fs::path path = fs::path(scratch_dir()) / "fuzz.onnx";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const CaseBudget budget;
  Outcome o;
  try {
    workloads::Model model = workloads::read_onnx(path.string());
    if (small(model)) compress_model(model, size % 2 == 1, o);
    o.accepted = o.mismatches.empty();
  } catch (const sim::ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

}  // namespace axsim::fuzz
