// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "workloads/compress/compress.hpp"
#include "workloads/layer.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

/// The trace of a compressed model (docs/trace-format.md, version 2): a provenance header and,
/// per layer, a JSON header (shape, quantization, fixed-point rule, encodings, activations) and
/// the blobs "weights.FORMAT" (one per encoding the recipe asks for, bit-exact) and "input" (the
/// quantized input activations, 1 or 2 bytes each). No dense copy of the weights is stored.
Trace to_trace(const Compressed& c, const Recipe& recipe, const std::string& axsim_version);
/// One layer's section, and the file header, for writers that stream layer by layer.
TraceLayer to_trace_layer(const CompressedLayer& layer, const LayerRecipe& recipe);
std::string trace_header_json(const Compressed& c, const Recipe& recipe,
                              const std::string& axsim_version);
std::string weight_blob_name(const std::string& format);  ///< "weights." + format

/// The layers as units replay them: shape, every stored encoding (bytes as stored), quantized
/// inputs, fixed-point rule. Throws TraceError naming the file and layer when a header or blob
/// is not as expected.
Workload workload_from_trace(const Trace& trace, const std::string& path);
/// One layer section of it.
Layer layer_from_trace(const TraceLayer& layer, const std::string& path);

/// A header's JSON text parsed under sim/json_input.hpp's limits (depth, size, duplicate keys);
/// TraceError naming the file and the layer ("" for the file header) if refused.
nlohmann::json parse_trace_header(const std::string& text, const std::string& path,
                                  const std::string& layer);

/// One line per stored encoding and per activation blob of each layer, with its bytes, then the
/// totals and (file_bytes > 0) how much of the file is headers and framing.
std::string format_trace_table(const Trace& trace, std::uint64_t file_bytes = 0,
                               const std::string& path = "trace");

}  // namespace axsim::workloads
