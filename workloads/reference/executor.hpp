// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "workloads/model/model.hpp"

namespace axsim::workloads {

/// A layer-by-layer float executor for sequential models (Model::sequential): conv (groups,
/// stride, zero padding), fc, and after each layer its ReLU and max pooling
/// (ModelLayer::relu_after, pool_after). Whole-model runs (compression's reference activations,
/// end-to-end fidelity) go through runner_for(), the graph executor; this one stays as an
/// independent check of it (tests) and for single layers. LSTM layers are not supported.

/// Caffe's max-pooling output size (ceil mode, no padding): ceil((in - k) / stride) + 1, less
/// one if the last window would start outside the input. Windows at the edge are clipped.
int pooled_size(int in, int k, int stride);

/// Elements a layer consumes: conv C x H x W, fc its inputs.
std::int64_t layer_input_size(const ModelLayer& l);
/// Elements a layer produces after its ReLU and pooling: conv M x H' x W', fc its outputs.
std::int64_t layer_output_size(const ModelLayer& l);
/// Multiply-accumulates of one forward pass (groups counted, pooling not).
std::uint64_t model_macs(const Model& m);

/// Throws std::invalid_argument unless the model is marked sequential, has only conv and fc
/// layers with valid geometry, and every layer consumes exactly what the previous one produces.
void check_sequential(const Model& m);

/// One layer with its ReLU and pooling; x has layer_input_size(l) elements, in C order.
std::vector<float> run_layer(const ModelLayer& l, const std::vector<float>& x);

/// Runs the whole model on `input`; entry i is what layer i consumes (entry 0 is `input`), the
/// last entry the model's output, so layers + 1 entries. Throws std::invalid_argument as
/// check_sequential, or if the input has the wrong size.
std::vector<std::vector<float>> run_reference(const Model& m, const std::vector<float>& input);

/// A seeded input for the first layer: uniform (0, 1) values, like a normalised image.
std::vector<float> seeded_input(const Model& m, std::uint64_t seed);

/// How to run `m` end to end: its own Model::runner (ONNX files), else its graph (Model::graph,
/// or sequential_graph() of a sequential model) run by the ONNX executor (make_graph_runner():
/// seeded inputs equal to seeded_input(); a substituted layer's input is quantized to its bits
/// and dequantized), or nullptr. Unless the model makes its weights on demand, the runner uses
/// `m`'s layers, so `m` must outlive it.
std::shared_ptr<const ModelRunner> runner_for(const Model& m);

/// Sets the input sizes the model's layers actually see, from one run on seeded input `seed`
/// (conv in_h / in_w, LSTM seq_len): sizes ONNX shape inference leaves symbolic become known.
/// Does nothing if the model has no runner or cannot run (ModelRunner::unavailable()).
void observe_geometry(Model& m, std::uint64_t seed);

}  // namespace axsim::workloads
