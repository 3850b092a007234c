// SPDX-License-Identifier: Apache-2.0
// `axsim inspect`'s listing: every stored encoding of every layer with its bytes, the
// activations, and how the listed bytes compare with the file.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
    const json& q = h.at("quantization");
    const std::string quant = fmt::format("{} {}b", q.at("scheme").get<std::string>(),
                                          q.at("bits").get<int>());
    bool first = true;
    for (const json& e : h.at("encodings")) {
      const std::uint64_t b = blob_bytes(tl, e.at("blob").get<std::string>());
      weights += b;
      if (first)
        out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7.2f} {:<16} {:<12} {:>12}\n", tl.name,
                           h.at("kind").get<std::string>(), h.at("rows").get<std::int64_t>(),
                           h.at("cols").get<std::int64_t>(), 100 * h.at("density").get<double>(),
                           quant, e.at("format").get<std::string>(), b);
      else
        out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "",
                           "", "", e.at("format").get<std::string>(), b);
      first = false;
    }
    const json& a = h.at("activations");
    const std::uint64_t b = blob_bytes(tl, a.at("blob").get<std::string>());
    acts += b;
    out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "", "",
                       "", fmt::format("input int{}", a.at("bits").get<int>()), b);
    std::uint64_t t = 0;
    for (const char* name : {"quant.codebook", "quant.scales", "quant.zero_points",
                             "fixed_point.levels", "fixed_point.row_scales"})
      t += blob_bytes(tl, name);
    tables += t;
    if (t > 0)
      out += fmt::format("{:<22} {:<5} {:>9} {:>9} {:>7} {:<16} {:<12} {:>12}\n", "", "", "", "",
                         "", "", "tables", t);
  }
  std::uint64_t headers = trace.header_json.size();
  for (const TraceLayer& tl : trace.layers) headers += tl.header_json.size();
  const std::uint64_t data = weights + acts + tables, listed = data + headers;
  out += fmt::format("stored: weight encodings {} B, input activations {} B, codebooks, scales and "
                     "levels {} B: data {} B; JSON headers (shape, rules, provenance) {} B\n",
                     weights, acts, tables, data, headers);
  if (file_bytes > 0)
    out += fmt::format("file: {} B; listed {} B ({:.2f} %), the rest is framing (magics, lengths, "
                       "names, checksums); data alone is {:.2f} % of the file\n",
                       file_bytes, listed, 100.0 * double(listed) / double(file_bytes),
                       100.0 * double(data) / double(file_bytes));
  return out;
}

}  // namespace axsim::workloads
