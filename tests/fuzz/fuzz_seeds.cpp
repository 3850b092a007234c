// SPDX-License-Identifier: Apache-2.0
// Valid seed inputs for the fuzz targets and the mutation tests: tiny layers, every format.
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/recipe.hpp"
#include "workloads/compress/trace_io.hpp"

namespace axsim::fuzz {
namespace {

using workloads::ModelLayer;
using workloads::OpKind;

void fill(workloads::Tensor& t, std::vector<std::int64_t> shape, int salt) {
  std::size_t n = 1;
  for (const std::int64_t d : shape) n *= std::size_t(d);
  t.shape = std::move(shape);
  t.data.resize(n);
  for (std::size_t i = 0; i < n; ++i)  // a sparse-ish, signed pattern
    t.data[i] = (i * 7 + std::size_t(salt)) % 5 == 0 ? 0.f : float(int((i * 13 + 3) % 17) - 8) / 16;
}

workloads::Model tiny_model() {
  workloads::Model m;
  m.name = "fuzz-tiny";
  ModelLayer conv;
  conv.name = "conv", conv.kind = OpKind::kConv;
  conv.in_channels = 2, conv.in_h = conv.in_w = 5, conv.out_channels = 3;
  conv.kernel_h = conv.kernel_w = 3, conv.pad_h = conv.pad_w = 1, conv.relu_after = true;
  fill(conv.weights, {3, 2, 3, 3}, 1);
  ModelLayer grouped = conv;
  grouped.name = "grouped", grouped.in_channels = 4, grouped.out_channels = 4, grouped.groups = 2;
  grouped.stride_h = 2, grouped.stride_w = 1, grouped.relu_after = false;  // strided down the rows
  fill(grouped.weights, {4, 2, 3, 3}, 2);
  ModelLayer fc;
  fc.name = "fc", fc.kind = OpKind::kFullyConnected, fc.in_channels = 12, fc.out_channels = 6;
  fill(fc.weights, {6, 12}, 3);
  ModelLayer lstm;
  lstm.name = "lstm", lstm.kind = OpKind::kLstm, lstm.in_channels = 4, lstm.out_channels = 2;
  lstm.recurrent_in = 2;
  fill(lstm.weights, {8, 4}, 4);
  fill(lstm.recurrent, {8, 2}, 5);
  fill(lstm.bias, {16}, 6);
  ModelLayer lstmp = lstm;  // an LSTMP: 3 cells, a 2-d projection fed back, 3 steps
  lstmp.name = "lstmp", lstmp.out_channels = 3, lstmp.seq_len = 3;
  fill(lstmp.weights, {12, 4}, 7);
  fill(lstmp.recurrent, {12, 2}, 8);
  fill(lstmp.bias, {24}, 9);
  fill(lstmp.projection, {2, 3}, 10);
  m.layers = {conv, grouped, fc, lstm, lstmp};
  return m;
}

}  // namespace

std::vector<std::string> seed_recipes() {
  const std::string head = R"({"axsim_recipe": 1, "name": "fuzz", "seed": 3, "defaults": )";
  return {
      head + R"({"prune": {"density": 0.5}, "quantize": {"scheme": "kmeans", "bits": 4},
          "encoding": [{"format": "eie_csc", "num_pes": 2, "index_bits": 4, "pointer_bits": 32},
                       {"format": "dense"}, {"format": "bitmask"}],
          "fixed_point": {"accumulate": "shift_saturate", "accumulator_bits": 16},
          "activations": {"density": 0.5}},
          "layers": {"kind:conv": {"encoding": [{"format": "scnn", "pointer_bits": 32},
                                                {"format": "dense"}, {"format": "eie_csc"}]}}})",
      head + R"({"quantize": {"scheme": "uniform", "bits": 8}, "encoding": {"format": "dense"},
          "activations": {"density": 1.0, "bits": 8}}})",
      head + R"({"prune": {"density": 0.3}, "quantize": {"scheme": "kmeans", "bits": 3},
          "encoding": [{"format": "bitmask"}, {"format": "eie_csc", "num_pes": 1}],
          "fixed_point": {"weight_bits": 6}, "activations": {"density": 0.7}},
          "layers": {"conv": {"encoding": {"format": "scnn"}}, "fc*": {"quantize": {"bits": 5}}}})",
      head + R"({"prune": {"density": 0.4}, "quantize": {"scheme": "uniform", "bits": 8},
          "encoding": {"format": "dense"},
          "activations": {"source": "published", "fallback_density": 0.45, "correlation_px": 1.0,
                          "channel_spread": 0.5, "bits": 8}},
          "layers": {"fc*": {"activations": {"fallback_density": 0.3, "channel_spread": 0}}}})",
      head + R"({"prune": {"density": 0.6, "balance_pes": 2},
          "quantize": {"scheme": "uniform", "bits": 12, "power_of_two": true},
          "encoding": [{"format": "ese", "num_pes": 2, "channels": 2, "pointer_bits": 8},
                       {"format": "eie_csc", "num_pes": 2}],
          "fixed_point": {"lstm": {"nonlinearity": "lut", "segments": 16, "input_range": 4}},
          "activations": {"density": 0.8, "bits": 12}},
          "layers": {"lstm": {"fixed_point": {"lstm": {"segments": 8}}}}})",
  };
}

std::vector<workloads::Trace> seed_traces() {
  const workloads::Model m = tiny_model();
  std::vector<workloads::Trace> out;
  for (const std::string& text : seed_recipes()) {
    const workloads::Recipe r = workloads::parse_recipe("seed.json", text);
    out.push_back(workloads::to_trace(workloads::compress(m, r), r, "fuzz-seed"));
  }
  return out;
}

}  // namespace axsim::fuzz
