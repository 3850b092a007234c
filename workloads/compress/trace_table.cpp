// SPDX-License-Identifier: Apache-2.0
// `axsim inspect`'s listing: every stored encoding of every layer with its bytes, the
// activations, and how the listed bytes compare with the file.
#include <fmt/format.h>

#include <cstdint>
#include <nlohmann/json.hpp>

#include "workloads/compress/trace_fields.hpp"
#include "workloads/compress/trace_io.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

std::uint64_t blob_bytes(const TraceLayer& tl, const std::string& name) {
  auto it = tl.blobs.find(name);
  return it == tl.blobs.end() ? 0 : it->second.size();
}

}  // namespace

std::string format_trace_table(const Trace& trace, std::uint64_t file_bytes,
                               const std::string& path) {
  std::string out = fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "layer",
                                "kind", "rows", "cols", "dens%", "quantization", "stored",
                                "bytes");
  std::uint64_t weights = 0, acts = 0, tables = 0;
  for (const TraceLayer& tl : trace.layers) {
    const json h = parse_trace_header(tl.header_json, path, tl.name);
    // Typed access: a missing or mistyped field is a TraceError naming the layer and pointer.
    const TraceFields f(h, path, tl.name);
    const std::string quant = fmt::format("{} {}b", f.text("/quantization/scheme"),
                                          f.integer("/quantization/bits", 0, 64));
    const std::size_t encodings = f.array_size("/encodings");
    for (std::size_t i = 0; i < encodings; ++i) {
      const std::string at = "/encodings/" + std::to_string(i) + "/";
      const std::uint64_t b = blob_bytes(tl, f.text(at + "blob"));
      weights += b;
      if (i == 0)
        out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7.2f} {:<16} {:<12} {:>12}\n", tl.name,
                           f.text("/kind"), f.integer("/rows", 0, INT64_MAX),
                           f.integer("/cols", 0, INT64_MAX), 100 * f.number("/density", 0, 1),
                           quant, f.text(at + "format"), b);
      else
        out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "",
                           "", "", f.text(at + "format"), b);
    }
    if (h.contains("lstm") && h["lstm"].is_object() && h["lstm"].contains("projection") &&
        !h["lstm"]["projection"].is_null()) {
      const std::size_t n = f.array_size("/lstm/projection/encodings");
      for (std::size_t i = 0; i < n; ++i) {
        const std::string at = "/lstm/projection/encodings/" + std::to_string(i) + "/";
        const std::uint64_t b = blob_bytes(tl, f.text(at + "blob"));
        weights += b;
        out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "",
                           "", "", "", "proj. " + f.text(at + "format"), b);
      }
    }
    const std::uint64_t b = blob_bytes(tl, f.text("/activations/blob"));
    acts += b;
    out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "", "",
                       "", fmt::format("input int{}", f.integer("/activations/bits", 0, 64)), b);
    std::uint64_t t = 0;
    for (const char* name : {"quant.codebook", "quant.scales", "quant.zero_points",
                             "fixed_point.levels", "fixed_point.row_scales", "lstm.bias",
                             "lstm.sigmoid", "lstm.tanh", "projection.levels"})
      t += blob_bytes(tl, name);
    tables += t;
    if (t > 0)
      out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "",
                         "", "", "tables", t);
  }
  std::uint64_t headers = trace.header_json.size();
  for (const TraceLayer& tl : trace.layers) headers += tl.header_json.size();
  const std::uint64_t data = weights + acts + tables, listed = data + headers;
  out += fmt::format("stored: weight encodings {} B, input activations {} B, codebooks, scales, "
                     "levels and lstm tables {} B: data {} B; JSON headers (shape, rules, provenance) {} B\n",
                     weights, acts, tables, data, headers);
  if (file_bytes > 0)
    out += fmt::format("file: {} B; listed {} B ({:.2f} %), the rest is framing (magics, lengths, "
                       "names, checksums); data alone is {:.2f} % of the file\n",
                       file_bytes, listed, 100.0 * double(listed) / double(file_bytes),
                       100.0 * double(data) / double(file_bytes));
  return out;
}

}  // namespace axsim::workloads
