// SPDX-License-Identifier: Apache-2.0
#include "tests/fuzz/fuzz_targets.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "sim/error.hpp"
#include "tests/support/unit_bench.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"
#include "workloads/model/zoo.hpp"

namespace axsim::fuzz {
namespace {

using nlohmann::json;

// Layers above this many MACs are decoded and checked but not simulated (keeps a case fast).
constexpr std::uint64_t kMaxSimulatedMacs = 200000;

json dense_params() {
  return {
      {"pe_rows", 2},
      {"pe_cols", 2},
      {"macs_per_pe", 1},
      {"dataflow", "output_stationary"},
      {"weight_buffer", {{"capacity_bytes", 2048}, {"width_bits", 128}}},
      {"input_buffer", {{"capacity_bytes", 2048}, {"width_bits", 128}}},
      {"output_buffer", {{"capacity_bytes", 1024}, {"width_bits", 128}}},
      {"dram",
       {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 16}, {"latency_cycles", 10}, {"queue_depth", 8}}}};
}
json scnn_params() {
  return {{"pe_rows", 1},
          {"pe_cols", 2},
          {"f", 4},
          {"i", 4},
          {"acc_banks", 8},
          {"bank_entries", 32},
          {"product_queue_depth", 2},
          {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 50}, {"latency_cycles", 10}}}};
}
json eie_params() {
  return {{"num_pes", 2},
          {"act_queue_depth", 4},
          {"regfile_entries", 64},
          {"spmat_sram", {{"capacity_bytes", 131072}, {"width_bits", 64}}},
          {"ptr_sram", {{"capacity_bytes", 32768}, {"pointer_bits", 16}}},
          {"act_sram", {{"capacity_bytes", 2048}, {"width_bits", 64}}}};
}

json ese_params() {  // the seeds' ese encodings: 2 channels of 2 PEs
  return {{"channels", 2}, {"pes_per_channel", 2}, {"elementwise_units", 2},
          {"weight_buffer_bytes", 256},
          {"dram", {{"model", "ideal"}, {"clock", "core"}, {"bytes_per_cycle", 8}, {"latency_cycles", 10}}}};
}

json dlac_params() {  // a 2 x 2 grid, two output buffers, short queues
  return {{"pe_rows", 2}, {"pe_cols", 2}, {"ofm_buffers", 2}, {"queue_depth", 2}};
}

json aon_cim_params() {  // 2 tiles of 32 x 8, ideal devices and converters (the noise has unit tests)
  return {{"rows", 32}, {"cols", 8}, {"tiles", 2}, {"adcs_per_tile", 4}, {"compensation_pixels", 2},
          {"programming_noise", false}, {"drift", false}, {"read_noise", false}, {"adc_noise_lsb", 0},
          {"adc_bits", 16}};
}

// A fresh small unit of `type` (a failed run leaves no state behind for the next case).
std::unique_ptr<test::UnitBench> make_unit(const std::string& type) {
  if (type == "dense") return std::make_unique<test::UnitBench>("dense", dense_params());
  if (type == "scnn") return std::make_unique<test::UnitBench>("scnn", scnn_params(), 1000, "16nm");
  if (type == "ese") return std::make_unique<test::UnitBench>("ese", ese_params(), 5000);
  if (type == "aon_cim") return std::make_unique<test::UnitBench>("aon_cim", aon_cim_params(), 5000, "14nm");
  if (type == "dlac") return std::make_unique<test::UnitBench>("dlac", dlac_params(), 2000, "14nm");
  return std::make_unique<test::UnitBench>("eie", eie_params(), 1250);
}

// One unit on one layer: refused before simulation, or decoded, run and compared with what
// the unit's reference says it must output (one step, or ESE's whole sequence), when the
// reference can evaluate the layer. Returns false when the outputs differ.
bool run_unit(const std::string& type, const workloads::Layer& layer) {
  const std::unique_ptr<test::UnitBench> bench = make_unit(type);
  // As the runner does (tools/axsim/runner.cpp): a layer storing no accepted format is refused.
  const std::vector<std::string> stored = layer.formats();
  bool readable = false;
  for (const std::string& f : bench->unit->accepted_formats())
    readable = readable || std::find(stored.begin(), stored.end(), f) != stored.end();
  if (!readable) return true;
  try {
    bench->unit->check_layer(layer);
  } catch (const sim::ConfigError&) {
    return true;  // the trace stores no format this unit reads, or a shape it cannot run
  }
  if (bench->unit->layer_macs(layer) > kMaxSimulatedMacs) return true;
  std::vector<std::int32_t> expected;
  bool have_reference = true;
  try {
    expected = bench->unit->layer_reference(layer);
  } catch (const std::invalid_argument&) {
    have_reference = false;
  }
  bench->run(layer);
  if (!have_reference) return true;
  if (const auto tolerance = bench->unit->output_tolerance()) {
    // The reference decodes the first stored encoding; a mutation may have made the one this
    // unit reads (dense) disagree with it: compare with the reference of that encoding alone.
    workloads::Layer read = layer;
    const std::vector<std::string> accepted = bench->unit->accepted_formats();
    std::erase_if(read.encodings, [&](const workloads::WeightEncoding& e) {
      return std::find(accepted.begin(), accepted.end(), e.format) == accepted.end();
    });
    try {
      arch::LayerUnit::verify_within(layer.name, bench->unit->layer_output(), bench->unit->layer_reference(read),
                                     *tolerance);
    } catch (const sim::SimError&) {
      return false;
    } catch (const std::invalid_argument&) {
      return true;  // the reference cannot evaluate that encoding
    }
    return true;
  }
  return bench->unit->layer_output() == expected;
}

}  // namespace

Outcome fuzz_trace(const workloads::Trace& trace) {
  Outcome out;
  try {
    const workloads::Workload w = workloads::workload_from_trace(trace, "fuzz.axt");
    for (const workloads::Layer& layer : w.layers) {
      // ESE's reference is the whole sequence, dLAC's the float rule in its format; AON-CiM's
      // outputs are within its tolerance of the ideal computation (ideal devices and converters).
      for (const char* type : {"dense", "scnn", "eie", "ese", "dlac", "aon_cim"})
        if (!run_unit(type, layer))
          out.mismatches.push_back(std::string(type) + " on layer " + layer.name);
    }
    out.accepted = true;
  } catch (const workloads::TraceError& e) {
    out.error = e.what();
  } catch (const sim::ConfigError& e) {
    out.error = e.what();
  } catch (const std::invalid_argument& e) {
    out.error = e.what();
  }
  return out;
}

Outcome fuzz_trace_bytes(const std::uint8_t* data, std::size_t size) {
  workloads::Trace trace;
  try {
    trace = workloads::read_trace_bytes("fuzz.axt", data, size);
  } catch (const workloads::TraceError& e) {
    return {false, e.what(), {}};
  }
  return fuzz_trace(trace);
}

bool replayable(const workloads::Model& m) {
  return std::all_of(m.layers.begin(), m.layers.end(), [](const workloads::ModelLayer& l) {
    return l.kind != workloads::OpKind::kConv || (l.in_h > 0 && l.in_w > 0);
  });
}

Outcome fuzz_recipe_bytes(const std::uint8_t* data, std::size_t size) {
  static const workloads::Model model = workloads::make_zoo_model("lenet5", 1);
  Outcome out;
  try {
    const workloads::Recipe r = workloads::parse_recipe(
        "fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
    for (const workloads::ModelLayer& l : model.layers) r.for_layer(l);
    out.accepted = true;
  } catch (const sim::ConfigError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace axsim::fuzz
