// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "workloads/compress/compress.hpp"
#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

/// A compression streamed into its trace.
struct StreamedCompression {
  Trace trace;         ///< byte for byte what to_trace(compress(model, recipe), ...) gives
  Compressed summary;  ///< every layer's geometry and CompressionRow, no weights or encodings
};

/// to_trace(compress(model, recipe), recipe, axsim_version) layer by layer (compress_layers()):
/// each layer's section is made as soon as the layer is compressed and its floats dropped, so
/// with weights on demand (Model::load_weights) at most one layer's floats are in memory.
/// `callbacks.original` and `progress` are passed on; `compressed` is called with each
/// compressed layer before its section is made from it.
StreamedCompression compress_to_trace(
    const Model& model, const Recipe& recipe, const std::string& axsim_version,
    const LayerCallbacks& callbacks = {},
    const std::function<void(std::size_t, const CompressedLayer&)>& compressed = {});

}  // namespace axsim::workloads
