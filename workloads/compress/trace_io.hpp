// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <string>

#include "workloads/compress/compress.hpp"
#include "workloads/layer.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

/// The trace of a compressed model: a provenance header and, per layer, a JSON header (shape,
/// quantization, encoding, statistics) and the blobs "encoded" (the unit's format, bit-exact),
/// "weights_i8" (replay values for int8 datapaths) and "input_i16" (quantized activations).
Trace to_trace(const Compressed& c, const Recipe& recipe, const std::string& axsim_version);

/// The int8 workload a dense datapath replays from a trace (conv and fc layers; a grouped
/// convolution becomes a dense one with zero weights across groups; an LSTM becomes one time step: its [W R] matrix times [x_0; h]).
/// Throws TraceError naming the file and layer when a header or blob is not as expected.
Workload workload_from_trace(const Trace& trace, const std::string& path);

/// One line per layer: name, kind, shape, density, quantization, encoding, bytes.
std::string format_trace_table(const Trace& trace);

}  // namespace axsim::workloads
