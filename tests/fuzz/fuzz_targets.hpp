// SPDX-License-Identifier: Apache-2.0
// Fuzz entry points shared by the libFuzzer targets (-DAXSIM_FUZZ=ON) and the deterministic
// mutation tests: bad input must end in one of the documented errors, never in a crash.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "results/results_db.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/model/model.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::fuzz {

/// What one input did: parsed and replayed, or refused with a documented error (its message).
struct Outcome {
  bool accepted = false;
  std::string error;
  /// Units whose output differed from workloads/reference on an accepted layer ("unit on layer").
  std::vector<std::string> mismatches;
};

/// Reads `size` bytes as a trace (in memory), replays it (workload_from_trace) and, per layer,
/// the reference output and each of the dense, scnn and eie units (check_layer, then a run when
/// the layer is small). TraceError, sim::ConfigError and std::invalid_argument are the expected
/// refusals; any other exception propagates (a bug).
Outcome fuzz_trace_bytes(const std::uint8_t* data, std::size_t size);
/// The same from an already parsed trace (skips the byte framing and its CRCs).
Outcome fuzz_trace(const workloads::Trace& trace);

/// Parses `size` bytes as a recipe and asks it for every layer of a small built-in model.
Outcome fuzz_recipe_bytes(const std::uint8_t* data, std::size_t size);

/// Writes `size` bytes as a config file and runs it as `axsim run --workload tiny` would:
/// read_config, parse_config (unit spec resolution), the workload, a simulation. A ConfigError
/// is the expected refusal; a validated config whose run fails otherwise is in `mismatches`.
Outcome fuzz_config_bytes(const std::uint8_t* data, std::size_t size);

/// Parses `size` bytes as a sweep spec (load_sweep_spec: validate and expand) and reads the
/// effective config of each of its first 64 points (read_config with the point's overrides).
/// A ConfigError is the expected refusal.
Outcome fuzz_sweep_bytes(const std::uint8_t* data, std::size_t size);

/// Writes `size` bytes as an ONNX file and takes it as `axsim compress model.onnx` does:
/// read_onnx (parsing, the attribute and dimension checks, shape inference, the layers), then for
/// a model of at most 16 layers and 20,000 weights observe_geometry (one executor run),
/// compression with reference activations (synthetic ones when the model cannot run), layer and
/// end-to-end fidelity, and the trace it writes read back (workload_from_trace). A ConfigError is
/// the expected refusal; a trace refused after an accepted model is in `mismatches`.
Outcome fuzz_onnx_bytes(const std::uint8_t* data, std::size_t size);

/// Reads `size` bytes as an .npz archive of weights as `axsim compress weights.npz` does
/// (parse_npz, npz_model: every 2-D / 4-D array a layer), then for at most 20,000 weights
/// compresses them (k-means, dense and bitmask), computes layer fidelity and reads the trace
/// back. A ConfigError is the expected refusal.
Outcome fuzz_npz_bytes(const std::uint8_t* data, std::size_t size);

/// Writes `size` bytes as a tech node file in scratch_dir() (its links resolve "tech/45nm.json"
/// and "tech/sram/...") and loads it with TechTable::load, then prices SRAMs, register files,
/// logic and wires across and beyond the shipped sizes. A ConfigError is the expected refusal.
Outcome fuzz_tech_bytes(const std::uint8_t* data, std::size_t size);

/// Parses `size` bytes as an SRAM cost table (SramTable::parse) and looks up every flavour and
/// port arrangement at sizes inside and outside its grid. A ConfigError is the expected refusal.
Outcome fuzz_sram_table_bytes(const std::uint8_t* data, std::size_t size);
/// Parses `size` bytes as a topology file (labelled "fuzz.json") and walks its layers' shapes.
Outcome fuzz_topology_bytes(const std::uint8_t* data, std::size_t size);
/// Parses `size` bytes as a clip's speech labels (workloads::parse_vad_labels) and labels 1, 7,
/// 113 and 4096 frames of it. A ConfigError is the expected refusal.
Outcome fuzz_labels_bytes(const std::uint8_t* data, std::size_t size);
/// Reads `size` bytes as a packed CPU trace ("fuzz.axct", CpuTraceReader) to its end, packs
/// them as axtrace's raw stream ("fuzz.raw", pack_raw_trace) into a sink that keeps nothing, and
/// imports them as a ChampSim trace ("fuzz.champsim.xz", read_champsim), and parses them as
/// SimPoint's basic-block vectors ("fuzz.bb", choosing simpoints from up to 64 intervals) and as
/// a simpoints file ("fuzz.json"). A ConfigError is the expected refusal.
Outcome fuzz_cputrace_bytes(const std::uint8_t* data, std::size_t size);

/// Decodes `size` bytes as an encoded run record (decode_run_record, "fuzz.record": an MPI
/// message or a staged sweep point) and encodes an accepted one back, which must give the same
/// bytes. A RunRecordError is the expected refusal.
Outcome fuzz_run_record_bytes(const std::uint8_t* data, std::size_t size);
/// A record with every field set, the seed of the run-record cases.
results::RunRecord seed_run_record();

/// The memory budget of one ONNX or .npz case: 8 MiB (2 M floats per tensor, about a thousand
/// times what a seed needs) while it lives, then none set (the default: half of RAM), so a case
/// that would allocate or compute on gigabytes is refused quickly.
struct CaseBudget {
  CaseBudget() { sim::MemoryBudget::set("8M"); }
  ~CaseBudget() { sim::MemoryBudget::clear(); }
  CaseBudget(const CaseBudget&) = delete;
  CaseBudget& operator=(const CaseBudget&) = delete;
};

/// Whether a trace of `m` can be replayed: every conv layer's input size is known (a trace
/// refuses a conv whose size was symbolic in the model, or an .npz conv).
bool replayable(const workloads::Model& m);

/// A private folder per process for the text harnesses: links to configs/tech, configs/recipes
/// and the four shipped configs, so relative paths resolve as in configs/; sweeps/ inside it.
const std::string& scratch_dir();

/// Valid inputs to mutate: traces of tiny conv, grouped conv, fc and lstm layers in every
/// format (dense, bitmask, eie_csc, scnn; k-means, uniform and shift-saturate rules), and recipes.
std::vector<workloads::Trace> seed_traces();
std::vector<std::string> seed_recipes();
std::vector<std::string> seed_configs();  ///< configs/{dense,eie,scnn,dcnn}.json
std::vector<std::string> seed_sweeps();   ///< configs/sweeps/*.json
/// configs/tech/{45,16,14}nm.json with their paths rebased on scratch_dir()'s link to configs/tech.
std::vector<std::string> seed_tech_tables();
std::vector<std::string> seed_sram_tables();  ///< tests/fuzz/corpus/sram_table/small.json
std::vector<std::string> seed_topologies();   ///< tests/fuzz/corpus/topology/*.json
/// Tiny ONNX models (serialized ModelProto): Conv, Relu, MaxPool, Flatten, Gemm; MatMul and Add;
/// a grouped Conv with BatchNormalization, GlobalAveragePool and Softmax; a 1-D dilated Conv;
/// an LSTM; an If whose branches hold MatMuls; the executor's shape ops before a MatMul.
std::vector<std::string> seed_onnx_models();
/// Tiny .npz archives: float32, float64 and int8 arrays, 2-D and 4-D, stored and deflated.
std::vector<std::string> seed_npz_archives();

}  // namespace axsim::fuzz
