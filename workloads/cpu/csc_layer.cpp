// SPDX-License-Identifier: Apache-2.0
#include "workloads/cpu/csc_layer.hpp"

#include <bit>
#include <cstdio>
#include <type_traits>
#include <vector>

#include "sim/error.hpp"
#include "workloads/le_bytes.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::workloads::cpu {

namespace {
template <class T>
void put(std::vector<std::uint8_t>& out, T v) {
  if constexpr (std::is_same_v<T, float>)
    append_le(out, std::bit_cast<std::uint32_t>(v));
  else
    append_le(out, v);
}
}  // namespace

void write_csc_layer(const Layer& layer, const std::string& path) {
  const LayerShape& s = layer.shape;
  if (s.kind != LayerKind::kFullyConnected)
    throw sim::ConfigError("layer " + layer.name + " is a " + to_string(s.kind) +
                           ": a CSC matrix is written for fc layers");
  if (s.rows() > 65536)
    throw sim::ConfigError("layer " + layer.name + " has " + std::to_string(s.rows()) +
                           " rows: the CSC file's row indices are 16 bits");
  const std::vector<std::int32_t> levels = weight_levels(layer);  // [rows][cols]
  const std::vector<std::int32_t> x = layer.step_input();
  const auto rows = std::uint32_t(s.rows()), cols = std::uint32_t(s.cols());
  const FixedPoint& fp = layer.fixed_point;
  std::vector<std::uint32_t> start(1, 0);
  std::vector<std::uint16_t> row;
  std::vector<float> value;
  for (std::uint32_t c = 0; c < cols; ++c) {
    for (std::uint32_t r = 0; r < rows; ++r)
      if (const std::int32_t l = levels[std::size_t(r) * cols + c]; l != 0) {
        const double scale = fp.weight_scale * (fp.row_scales.empty() ? 1.0 : fp.row_scales[r]);
        row.push_back(std::uint16_t(r));
        value.push_back(float(l * scale));
      }
    start.push_back(std::uint32_t(row.size()));
  }
  std::vector<std::uint8_t> out = {'A', 'X', 'C', 'S', 'C', '1', 0, 0};
  put(out, rows), put(out, cols), put(out, std::uint32_t(row.size()));
  for (std::uint32_t v : start) put(out, v);
  for (std::uint16_t v : row) put(out, v);
  for (float v : value) put(out, v);
  for (std::uint32_t c = 0; c < cols; ++c) put(out, float(x[c] * layer.input_scale));
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) throw sim::ConfigError(path + ": cannot create");
  const bool ok = std::fwrite(out.data(), 1, out.size(), f) == out.size();
  if ((std::fclose(f) != 0) || !ok) throw sim::ConfigError(path + ": cannot write");
}

}  // namespace axsim::workloads::cpu
