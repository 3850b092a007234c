// SPDX-License-Identifier: Apache-2.0
// Storage of `axsim compress` results: the compressions, compression_layers and
// compression_fidelity tables (docs/results-schema.md). Sits on the results side of the
// front-end, so workloads/ computes the figures without knowing how they are stored.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "results/results_db.hpp"
#include "workloads/compress/compress.hpp"
#include "workloads/compress/fidelity.hpp"

namespace axsim::results {

/// One `axsim compress` of a model (the compressions table).
struct CompressionInfo {
  std::string model, source, source_hash, recipe_name, recipe_path, recipe_json, trace_path;
  std::string axsim_version;
  std::uint64_t seed = 0;
};

/// One layer of the compression table (Deep Compression's columns; rates are compressed size
/// over 32-bit dense size).
struct CompressionLayerRow {
  int index = 0;
  std::string layer, kind, encoding;
  std::uint64_t weights = 0, nonzeros = 0, stored_entries = 0, padding_entries = 0;
  std::uint64_t overhead_bits = 0, compressed_bytes = 0, compressed_bytes_huffman = 0;
  double density = 0, weight_bits = 0, weight_bits_huffman = 0, index_bits = 0;
  double index_bits_huffman = 0, rate = 0, rate_huffman = 0;
};

/// One fidelity figure of a compressed model against the original (layer_index -1: the model).
struct FidelityRow {
  int layer_index = -1;
  std::string layer, metric;
  double value = 0;
};

/// The compression table of a compressed model, a row per layer in model order.
std::vector<CompressionLayerRow> compression_rows(const workloads::Compressed& c);

/// Per layer sqnr_db, cosine and (when computed) top1_agreement; layers whose input size is
/// unknown (no outputs compared) have no rows.
std::vector<FidelityRow> fidelity_rows(const std::vector<workloads::LayerFidelity>& f);
/// The same plus the end-to-end figures as layer_index -1, layer "model" (metrics sqnr_db,
/// cosine, top1_agreement, inputs).
std::vector<FidelityRow> fidelity_rows(const std::vector<workloads::LayerFidelity>& f,
                                       const workloads::ModelFidelity& model);

/// Stores a compression with its per-layer rows and fidelity figures in one transaction;
/// returns its id.
std::int64_t add_compression(ResultsDb& db, const CompressionInfo& info,
                             const std::vector<CompressionLayerRow>& layers,
                             const std::vector<FidelityRow>& fidelity);

}  // namespace axsim::results
