// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/layer_image.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/encode/encoding.hpp"

namespace axsim::arch::eie {

namespace {

[[noreturn]] void reject(const workloads::Layer& l, const std::string& why) {
  throw sim::ConfigError("layer " + l.name + ": EIE cannot run it: " + why);
}

// The trace's per-PE images (any PE count) gathered into columns with ascending rows.
SparseColumns read_columns(const workloads::Layer& l) {
  const workloads::EncodedWeights& e = l.encoded;
  workloads::Encoded enc{e.format, e.bytes, {}, {}, {}, e.signed_codes};
  workloads::EncodeSpec spec;
  spec.num_pes = e.num_pes, spec.index_bits = e.index_bits, spec.pointer_bits = e.pointer_bits;
  std::vector<workloads::EiePeImage> pes;
  try {
    pes = workloads::read_eie_csc(enc, e.rows, e.cols, e.code_bits, spec);
  } catch (const std::invalid_argument& ex) {
    reject(l, std::string("its eie_csc bytes do not decode: ") + ex.what());
  }
  SparseColumns m{e.rows, e.cols, std::vector<std::uint64_t>(std::size_t(e.cols) + 1, 0), {}, {}};
  struct Nz { std::uint32_t row; std::int16_t code; };
  std::vector<std::vector<Nz>> columns(static_cast<std::size_t>(e.cols));
  for (std::size_t pe = 0; pe < pes.size(); ++pe) {
    const auto& img = pes[pe];
    for (std::int64_t j = 0; j < e.cols; ++j) {
      std::int64_t local = -1;
      for (std::uint32_t i = img.pointers[j]; i < img.pointers[j + 1]; ++i) {
        local += std::int64_t(img.zeros_before[i]) + 1;
        if (img.codes[i] == 0) continue;  // a padding zero
        const auto row = static_cast<std::uint32_t>(std::int64_t(pe) + local * e.num_pes);
        columns[j].push_back({row, static_cast<std::int16_t>(img.codes[i])});
      }
    }
  }
  for (std::int64_t j = 0; j < e.cols; ++j) {
    auto& col = columns[j];
    std::sort(col.begin(), col.end(), [](const Nz& a, const Nz& b) { return a.row < b.row; });
    for (const Nz& nz : col) m.row.push_back(nz.row), m.code.push_back(nz.code);
    m.col_start[j + 1] = m.row.size();
  }
  return m;
}

// Largest f with round(max_abs x 2^f) representable in `bits` signed bits.
int fraction_bits(double max_abs, int bits) {
  const double hi = std::ldexp(1.0, bits - 1) - 1;
  int f = 0;
  while (f < 2 * bits && std::round(max_abs * std::ldexp(1.0, f + 1)) <= hi) ++f;
  return f;
}

void fixed_point_codebook(const workloads::Layer& l, const EieSpec& spec, EieLayer& out) {
  const auto& values = l.encoded.code_values;
  if (values.empty())
    reject(l, "its weights have no value per code (per-channel uniform quantization); use a "
              "codebook scheme such as kmeans");
  if (values.size() > (std::size_t{1} << l.encoded.code_bits) || l.encoded.code_bits > 15)
    reject(l, "codes wider than 15 bits");
  out.code_offset = l.encoded.code_offset;
  if (-out.code_offset >= int(values.size()) || values[std::size_t(-out.code_offset)] != 0.0f)
    reject(l, "code 0 (the padding zero) must have the value 0");
  double max_abs = 0;
  for (float v : values) max_abs = std::max(max_abs, std::abs(double(v)));
  out.weight_frac_bits = fraction_bits(max_abs, spec.data_bits);
  for (float v : values)
    out.codebook.push_back(static_cast<std::int32_t>(std::lround(std::ldexp(double(v), out.weight_frac_bits))));
}

// The smallest right shift that brings every exact output into `bits` signed bits: the
// per-layer scaling a dynamic fixed-point flow chooses from calibration data (here, the layer's
// own input).
int output_shift(const EieLayer& l, int bits) {
  std::vector<std::int64_t> sums(std::size_t(l.matrix.rows), 0);
  for (const NonZeroActivation& a : l.activations)
    for (std::uint64_t i = l.matrix.col_start[a.col]; i < l.matrix.col_start[a.col + 1]; ++i)
      sums[l.matrix.row[i]] += std::int64_t{l.codebook[std::size_t(l.matrix.code[i] - l.code_offset)]} * a.value;
  std::int64_t max_abs = 0;
  for (std::int64_t s : sums) max_abs = std::max(max_abs, s < 0 ? -s : s);
  const std::int64_t hi = (std::int64_t{1} << (bits - 1)) - 1;
  int shift = 0;
  while ((max_abs >> shift) > hi) ++shift;
  return shift;
}

}  // namespace

std::vector<Batch> lay_out(const SparseColumns& m, int num_pes, std::int64_t batch_rows,
                           int index_bits, std::uint64_t* padding_entries) {
  const std::int64_t batch_count = (m.rows + batch_rows - 1) / batch_rows;
  const auto max_run = static_cast<std::int64_t>((1u << index_bits) - 1);
  std::vector<Batch> batches(static_cast<std::size_t>(batch_count));
  for (std::int64_t b = 0; b < batch_count; ++b) {
    batches[b].first_row = b * batch_rows;
    batches[b].rows = std::min(batch_rows, m.rows - b * batch_rows);
    batches[b].pes.resize(static_cast<std::size_t>(num_pes));
    for (PeSlice& s : batches[b].pes) s.pointers.assign(1, 0);
  }
  std::vector<std::int64_t> last_local(std::size_t(batch_count) * num_pes, -1);
  std::uint64_t padding = 0;
  for (std::int64_t j = 0; j < m.cols; ++j) {
    for (std::uint64_t i = m.col_start[j]; i < m.col_start[j + 1]; ++i) {
      const std::int64_t row = m.row[i], b = row / batch_rows, pe = row % num_pes;
      const std::int64_t local = (row - b * batch_rows) / num_pes;
      std::int64_t& last = last_local[std::size_t(b * num_pes + pe)];
      auto& entries = batches[b].pes[pe].entries;
      std::int64_t gap = local - last - 1;
      for (; gap > max_run; gap -= max_run + 1, ++padding)
        entries.push_back({0, static_cast<std::uint16_t>(max_run)});
      entries.push_back({m.code[i], static_cast<std::uint16_t>(gap)});
      last = local;
    }
    for (Batch& batch : batches)
      for (PeSlice& s : batch.pes) s.pointers.push_back(static_cast<std::uint32_t>(s.entries.size()));
    std::fill(last_local.begin(), last_local.end(), -1);
  }
  if (padding_entries) *padding_entries = padding;
  return batches;
}

void check_runnable(const workloads::Layer& l, const EieSpec& spec) {
  if (l.encoded.format != "eie_csc")
    reject(l, "its weights are encoded as \"" + l.encoded.format + "\"; compress it with a "
              "recipe whose encoding format is eie_csc (e.g. configs/recipes/eie_64pe.json)");
  if (l.shape.kind != workloads::LayerKind::kFullyConnected)
    reject(l, "EIE runs fully connected (and LSTM) layers, not convolutions");
  if (l.input_bits > spec.data_bits)
    reject(l, "its activations have " + std::to_string(l.input_bits) + " bits, the datapath " +
              std::to_string(spec.data_bits));
  if (l.encoded.index_bits > 15) reject(l, "relative indices wider than 15 bits");
  if (std::int64_t(l.input_q.size()) != l.encoded.cols)
    reject(l, "it has " + std::to_string(l.input_q.size()) + " input activations for " +
              std::to_string(l.encoded.cols) + " columns");
}

EieLayer prepare_layer(const workloads::Layer& l, const EieSpec& spec) {
  check_runnable(l, spec);
  EieLayer out;
  out.name = l.name;
  out.relu = l.relu_after;
  out.matrix = read_columns(l);
  fixed_point_codebook(l, spec, out);
  for (std::size_t j = 0; j < l.input_q.size(); ++j)
    if (l.input_q[j] != 0) out.activations.push_back({static_cast<std::uint32_t>(j), l.input_q[j]});
  out.output_shift = output_shift(out, spec.data_bits);
  out.batches = lay_out(out.matrix, spec.num_pes, spec.batch_rows(), l.encoded.index_bits,
                        &out.padding_entries);
  return out;
}

std::vector<std::int32_t> reference_spmv(const EieLayer& l, int data_bits) {
  std::vector<std::int32_t> acc(std::size_t(l.matrix.rows), 0);
  for (const NonZeroActivation& a : l.activations)
    for (std::uint64_t i = l.matrix.col_start[a.col]; i < l.matrix.col_start[a.col + 1]; ++i) {
      std::int32_t& y = acc[l.matrix.row[i]];
      y = accumulate(y, l.codebook[std::size_t(l.matrix.code[i] - l.code_offset)], a.value,
                     l.output_shift, data_bits);
    }
  if (l.relu)
    for (std::int32_t& y : acc) y = std::max(y, 0);
  return acc;
}

}  // namespace axsim::arch::eie
