// SPDX-License-Identifier: Apache-2.0
#include "results/compression_store.hpp"

#include <sqlite3.h>

#include "results/schema.hpp"
#include "results/sqlite_stmt.hpp"

namespace axsim::results {

std::vector<CompressionLayerRow> compression_rows(const workloads::Compressed& c) {
  std::vector<CompressionLayerRow> rows;
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const workloads::CompressionRow& r = c.layers[i].row;
    rows.push_back({static_cast<int>(i), r.layer, r.kind, r.encoding, r.weights, r.nonzeros,
                    r.stored_entries, r.padding_entries, r.overhead_bits, r.compressed_bytes,
                    r.compressed_bytes_huffman, r.density, r.weight_bits, r.weight_bits_huffman,
                    r.index_bits, r.index_bits_huffman, r.rate(), r.rate_huffman()});
  }
  return rows;
}

std::vector<FidelityRow> fidelity_rows(const std::vector<workloads::LayerFidelity>& f) {
  std::vector<FidelityRow> rows;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const int idx = static_cast<int>(i);
    if (f[i].outputs == 0) continue;
    rows.push_back({idx, f[i].layer, "sqnr_db", f[i].sqnr_db});
    rows.push_back({idx, f[i].layer, "cosine", f[i].cosine});
    if (f[i].top1 >= 0) rows.push_back({idx, f[i].layer, "top1_agreement", f[i].top1});
  }
  return rows;
}

std::vector<FidelityRow> fidelity_rows(const std::vector<workloads::LayerFidelity>& f,
                                       const workloads::ModelFidelity& model) {
  std::vector<FidelityRow> rows = fidelity_rows(f);
  rows.push_back({-1, "model", "sqnr_db", model.sqnr_db});
  rows.push_back({-1, "model", "cosine", model.cosine});
  if (model.top1 >= 0) rows.push_back({-1, "model", "top1_agreement", model.top1});
  rows.push_back({-1, "model", "inputs", double(model.inputs)});
  return rows;
}

std::int64_t add_compression(ResultsDb& db, const CompressionInfo& info,
                             const std::vector<CompressionLayerRow>& layers,
                             const std::vector<FidelityRow>& fidelity) {
  sqlite3* h = db.handle();
  const std::string& path = db.path();
  Transaction tx(h, path);
  Stmt ins(h, path,
           std::string("INSERT INTO compressions(created_at, model, source, source_hash,"
                       " recipe_name, recipe_path, recipe_json, trace_path, axsim_version, seed)"
                       " VALUES (") +
               schema::kNowUtcSql + ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  ins.bind(info.model, info.source, info.source_hash, info.recipe_name, info.recipe_path,
           info.recipe_json, info.trace_path, info.axsim_version, info.seed)
      .run();
  const std::int64_t id = sqlite3_last_insert_rowid(h);
  Stmt row(h, path,
           "INSERT INTO compression_layers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
           " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  for (const CompressionLayerRow& l : layers)
    row.bind(id, l.index, l.layer, l.kind, l.encoding, l.weights, l.nonzeros, l.density,
             l.stored_entries, l.padding_entries, l.weight_bits, l.weight_bits_huffman,
             l.index_bits, l.index_bits_huffman, l.overhead_bits, l.compressed_bytes,
             l.compressed_bytes_huffman, l.rate, l.rate_huffman)
        .run();
  Stmt fid(h, path, "INSERT INTO compression_fidelity VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const FidelityRow& f : fidelity)
    fid.bind(id, f.layer_index, f.layer, f.metric, f.value).run();
  tx.commit();
  return id;
}

}  // namespace axsim::results
