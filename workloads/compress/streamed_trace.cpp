// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/streamed_trace.hpp"

#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads {

StreamedCompression compress_to_trace(
    const Model& model, const Recipe& recipe, const std::string& axsim_version,
    const LayerCallbacks& callbacks,
    const std::function<void(std::size_t, const CompressedLayer&)>& compressed) {
  StreamedCompression out;
  out.summary = {model.name, model.source, model.source_hash, recipe.name, {}};
  LayerCallbacks each = callbacks;
  each.compressed = [&](std::size_t i, CompressedLayer&& c) {
    if (compressed) compressed(i, c);
    CompressedLayer summary;
    summary.layer = c.layer.geometry();
    summary.row = c.row;
    summary.reference_input = c.reference_input;
    summary.lstm = c.lstm;  // the report shows its rule and SQNR
    summary.projection_stats = c.projection_stats;
    // The layer's section exactly as to_trace writes it (one layer at a time).
    Compressed one{model.name, model.source, model.source_hash, recipe.name, {}};
    one.layers.push_back(std::move(c));
    out.trace.layers.push_back(std::move(to_trace(one, recipe, axsim_version).layers.front()));
    out.summary.layers.push_back(std::move(summary));
  };
  compress_layers(model, recipe, each);
  // The file header names the source model, the recipe and every layer: the summary has them.
  out.trace.header_json = to_trace(out.summary, recipe, axsim_version).header_json;
  return out;
}

}  // namespace axsim::workloads
