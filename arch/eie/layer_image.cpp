// SPDX-License-Identifier: Apache-2.0
#include "arch/eie/layer_image.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch::eie {

namespace {

[[noreturn]] void reject(const workloads::Layer& l, const std::string& why) {
  throw sim::ConfigError("layer " + l.name + ": EIE cannot run it: " + why);
}

// The trace's per-PE images, as its eie_csc bytes store them (any PE count).
std::vector<workloads::EiePeImage> read_images(const workloads::Layer& l) {
  const workloads::WeightEncoding& e = *l.encoding("eie_csc");
  try {
    return workloads::read_eie_csc(e.bytes, e.signed_codes, l.shape.rows(), l.shape.cols(),
                                   e.code_bits, workloads::decode_spec(e, l.shape));
  } catch (const std::invalid_argument& ex) {
    reject(l, std::string("its eie_csc bytes do not decode: ") + ex.what());
  }
}

// The per-PE images (any PE count) gathered into columns with ascending rows.
SparseColumns gather_columns(const workloads::Layer& l,
                             const std::vector<workloads::EiePeImage>& pes) {
  const workloads::WeightEncoding& e = *l.encoding("eie_csc");
  const std::int64_t rows = l.shape.rows(), cols = l.shape.cols();
  SparseColumns m{rows, cols, std::vector<std::uint64_t>(std::size_t(cols) + 1, 0), {}, {}};
  struct Nz { std::uint32_t row; std::int16_t code; };
  std::vector<std::vector<Nz>> columns(static_cast<std::size_t>(cols));
  for (std::size_t pe = 0; pe < pes.size(); ++pe) {
    const auto& img = pes[pe];
    for (std::int64_t j = 0; j < cols; ++j) {
      std::int64_t local = -1;
      for (std::uint32_t i = img.pointers[j]; i < img.pointers[j + 1]; ++i) {
        local += std::int64_t(img.entries[i].zeros_before) + 1;
        if (img.entries[i].code == 0) continue;  // a padding zero
        const auto row = static_cast<std::uint32_t>(std::int64_t(pe) + local * e.num_pes);
        columns[j].push_back({row, img.entries[i].code});
      }
    }
  }
  for (std::int64_t j = 0; j < cols; ++j) {
    auto& col = columns[j];
    std::sort(col.begin(), col.end(), [](const Nz& a, const Nz& b) { return a.row < b.row; });
    for (const Nz& nz : col) m.row.push_back(nz.row), m.code.push_back(nz.code);
    m.col_start[j + 1] = m.row.size();
  }
  return m;
}

// The codebook as the trace's fixed-point rule gives it: its levels, or for uniform codes
// (levels are the codes) one entry per code of code_bits.
void codebook(const workloads::Layer& l, const EieSpec& spec, EieLayer& out) {
  const workloads::FixedPoint& fp = l.fixed_point;
  const workloads::WeightEncoding& e = *l.encoding("eie_csc");
  if (fp.levels.empty()) {
    if (e.code_bits > 15) reject(l, "codes wider than 15 bits");
    const int count = 1 << e.code_bits;
    out.code_offset = e.signed_codes ? -count / 2 : 0;
    for (int i = 0; i < count; ++i) out.codebook.push_back(i + out.code_offset);
  } else {
    out.codebook = fp.levels;
    out.code_offset = fp.code_offset;
  }
  const std::int32_t hi = (1 << (spec.data_bits - 1)) - 1;
  for (std::int32_t v : out.codebook)
    if (v > hi || v < -hi - 1)
      reject(l, "a weight level (" + std::to_string(v) + ") exceeds the " +
                    std::to_string(spec.data_bits) + "-bit datapath (fixed_point.weight_bits)");
  if (-out.code_offset >= int(out.codebook.size()) || out.codebook[std::size_t(-out.code_offset)] != 0)
    reject(l, "code 0 (the padding zero) must have the level 0");
}

// The stored images are the SRAM contents when they were encoded for this PE count and the
// layer is one output batch (their relative indices count from the batch's first row).
std::vector<Batch> stored_batches(std::vector<workloads::EiePeImage>& pes, std::int64_t rows) {
  Batch b;
  b.rows = rows;
  b.pes = std::move(pes);
  return {std::move(b)};
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
  const workloads::WeightEncoding* e = l.encoding("eie_csc");
  if (e == nullptr) reject(l, "it stores no eie_csc encoding");
  if (l.shape.step_shape().kind != workloads::LayerKind::kFullyConnected)
    reject(l, "EIE runs fully connected (and LSTM) layers, not convolutions");
  if (l.input_bits > spec.data_bits)
    reject(l, "its activations have " + std::to_string(l.input_bits) + " bits, the datapath " +
              std::to_string(spec.data_bits));
  if (e->index_bits > 15) reject(l, "relative indices wider than 15 bits");
  if (e->code_bits > 15) reject(l, "codes wider than 15 bits");
  const workloads::FixedPoint& fp = l.fixed_point;
  // Products are int64 shifted right by product_shift: a shift of 63 or more is undefined.
  if (fp.product_shift < 0 || fp.product_shift > 62)
    reject(l, "its product_shift " + std::to_string(fp.product_shift) + " is outside 0..62");
  if (fp.accumulate != workloads::FixedPoint::Accumulate::kShiftSaturate ||
      fp.accumulator_bits != spec.data_bits)
    reject(l, "EIE shifts each product and saturates to its " + std::to_string(spec.data_bits) +
              "-bit datapath: compress it with fixed_point {\"accumulate\": \"shift_saturate\", "
              "\"accumulator_bits\": " + std::to_string(spec.data_bits) +
              "} (e.g. configs/recipes/eie_64pe.json)");
}

// Every PE column's relative indices stay within the rows that PE holds (rows pe, pe + P, ...),
// its pointers within its entries and its codes within the codebook: the stored image is
// loaded as it is, so a damaged trace must be refused here, not written past an accumulator.
// Counts the padding zeros in the same pass.
void check_images(const workloads::Layer& l, const std::vector<workloads::EiePeImage>& pes,
                  EieLayer& out) {
  const std::int64_t rows = l.shape.rows(), cols = l.shape.cols();
  const auto p_count = std::int64_t(pes.size());
  for (std::int64_t pe = 0; pe < p_count; ++pe) {
    const workloads::EiePeImage& img = pes[std::size_t(pe)];
    const std::int64_t held = (rows - pe + p_count - 1) / p_count;
    if (std::int64_t(img.pointers.size()) != cols + 1 || img.pointers.back() > img.entries.size())
      reject(l, "PE " + std::to_string(pe) + "'s eie_csc pointers do not match its entries");
    // All pointers in order first: each column's entries then lie within the stored ones.
    for (std::int64_t j = 0; j < cols; ++j)
      if (img.pointers[std::size_t(j)] > img.pointers[std::size_t(j) + 1])
        reject(l, "PE " + std::to_string(pe) + "'s eie_csc pointers decrease at column " +
                      std::to_string(j));
    const auto levels = std::int32_t(out.codebook.size());
    for (std::int64_t j = 0; j < cols; ++j) {
      std::int64_t local = -1;
      const std::uint32_t end = img.pointers[std::size_t(j) + 1];
      for (std::uint32_t i = img.pointers[std::size_t(j)]; i < end; ++i) {
        local += std::int64_t(img.entries[i].zeros_before) + 1;
        const std::int32_t c = img.entries[i].code;
        if (c - out.code_offset < 0 || c - out.code_offset >= levels)
          reject(l, "code " + std::to_string(c) + " has no level in the trace's codebook");
        out.padding_entries += c == 0;
      }
      if (local >= held)
        reject(l, "PE " + std::to_string(pe) + "'s eie_csc column " + std::to_string(j) +
                      " reaches its row " + std::to_string(local) + ", expected below " +
                      std::to_string(held) + " (rows " + std::to_string(rows) + " over " +
                      std::to_string(p_count) + " PEs)");
    }
  }
}

EieLayer prepare_layer(const workloads::Layer& l, const EieSpec& spec) {
  check_runnable(l, spec);
  const workloads::WeightEncoding& e = *l.encoding("eie_csc");
  EieLayer out;
  out.name = l.name;
  out.rows = l.shape.rows(), out.cols = l.shape.cols();
  out.relu = l.relu_after;
  out.output_shift = l.fixed_point.product_shift;
  codebook(l, spec, out);
  const std::vector<std::int32_t> input = l.step_input();
  for (std::size_t j = 0; j < input.size(); ++j)
    if (input[j] != 0) out.activations.push_back({static_cast<std::uint32_t>(j), static_cast<std::int16_t>(input[j])});
  std::vector<workloads::EiePeImage> images = read_images(l);
  check_images(l, images, out);
  if (e.num_pes == spec.num_pes && out.rows <= spec.batch_rows()) {
    out.batches = stored_batches(images, out.rows);
  } else {
    out.relaid = true;
    out.batches = lay_out(gather_columns(l, images), spec.num_pes, spec.batch_rows(),
                          e.index_bits, &out.padding_entries);
  }
  return out;
}

}  // namespace axsim::arch::eie
