// SPDX-License-Identifier: Apache-2.0
#include "arch/ese/layer_image.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

#include "sim/error.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch::ese {

namespace {

[[noreturn]] void reject(const workloads::Layer& l, const std::string& why) {
  throw sim::ConfigError("layer " + l.name + ": ESE cannot run it: " + why);
}

const workloads::WeightEncoding* find_ese(const std::vector<workloads::WeightEncoding>& all) {
  for (const workloads::WeightEncoding& e : all)
    if (e.format == "ese") return &e;
  return nullptr;
}

void check_encoding(const workloads::Layer& l, const workloads::WeightEncoding* e,
                    const char* what, const EseSpec& spec) {
  if (!e) reject(l, std::string(what) + " is not stored as \"ese\"");
  if (e->num_pes != spec.pes_per_channel || e->channels != spec.channels)
    reject(l, fmt::format("{} is stored for {} channels x {} PEs, the design has {} x {}: "
                          "compress it for this design", what, e->channels, e->num_pes,
                          spec.channels, spec.pes_per_channel));
  if (e->code_bits > 16) reject(l, fmt::format("{} codes of {} bits (at most 16)", what, e->code_bits));
  if (e->index_bits > 16) reject(l, fmt::format("{} indices of {} bits (at most 16)", what, e->index_bits));
}

// Every entry of a PE's columns lands on one of its `local_rows` rows (the MAC pipeline
// addresses its registers with them unchecked).
void check_rows(const workloads::Layer& l, const workloads::EiePeImage& img, std::int64_t local_rows) {
  for (std::size_t j = 0; j + 1 < img.pointers.size(); ++j) {
    std::int64_t row = -1;
    for (std::uint32_t i = img.pointers[j]; i < img.pointers[j + 1]; ++i) {
      row += std::int64_t(img.entries[i].zeros_before) + 1;
      if (row >= local_rows)
        reject(l, fmt::format("its ese bytes place an entry on local row {} of a PE with {}",
                              row, local_rows));
    }
  }
}

// Per-PE slices of one stored matrix, exactly as its bytes hold them.
EseMatrix read_matrix(const workloads::Layer& l, const workloads::WeightEncoding& e,
                      std::int64_t rows, std::int64_t cols) {
  workloads::LayerShape s;
  s.kind = workloads::LayerKind::kFullyConnected, s.in_channels = int(cols), s.out_channels = int(rows);
  std::vector<workloads::EiePeImage> images;
  try {
    images = workloads::read_ese(workloads::to_encoded(e), rows, cols, e.code_bits,
                                 workloads::decode_spec(e, s));
  } catch (const std::invalid_argument& ex) {
    reject(l, std::string("its ese bytes do not decode: ") + ex.what());
  }
  EseMatrix m;
  m.rows = rows, m.cols = cols;
  const auto per = std::int64_t(e.num_pes);
  for (std::size_t k = 0; k < images.size(); ++k) {
    workloads::EiePeImage& img = images[k];
    check_rows(l, img, (rows - std::int64_t(k) % per + per - 1) / per);
    for (const sparse::Entry& e : img.entries) m.padding_entries += e.code == 0;
    m.entries += img.entries.size();
    m.pes.push_back(std::move(img));
  }
  return m;
}

// Chunks in column order: a column joins the open chunk unless one of its channel's PEs would
// then hold more than half its buffer (a column larger than that gets a chunk of its own). A
// column j is channel j mod C's local column j / C.
void plan_chunks(EseMatrix& m, int channels, int entry_bits, int pointer_bits,
                 std::uint64_t half_bytes) {
  const std::size_t n = m.pes.size(), per = n / std::size_t(channels);
  std::vector<std::uint64_t> pe_bits(n, 0), channel_bits(std::size_t(channels), 0);
  Chunk open;
  std::uint64_t open_max = 0;
  const auto column_bits = [&](std::size_t pe, std::uint32_t k) {
    return (m.pes[pe].pointers[k + 1] - m.pes[pe].pointers[k]) * std::uint64_t(entry_bits) +
           std::uint64_t(pointer_bits);
  };
  const auto close = [&] {
    std::uint64_t total = 0;
    for (const std::uint64_t b : channel_bits) total += b;
    open.bytes = (total + 7) / 8, open.max_pe_bytes = (open_max + 7) / 8;
    m.chunks.push_back(open);
    for (const std::uint64_t b : channel_bits) m.channel_bytes.push_back((b + 7) / 8);
    std::fill(pe_bits.begin(), pe_bits.end(), 0);
    std::fill(channel_bits.begin(), channel_bits.end(), 0);
    open = Chunk{open.end_col, open.end_col, 0, 0};
    open_max = 0;
  };
  for (std::uint32_t j = 0; j < std::uint32_t(m.cols); ++j) {
    const std::size_t c = j % std::size_t(channels), first = c * per;
    const auto k = std::uint32_t(j / std::uint32_t(channels));
    std::uint64_t col_max = 0;
    for (std::size_t pe = first; pe < first + per; ++pe)
      col_max = std::max(col_max, pe_bits[pe] + column_bits(pe, k));
    if (open.end_col > open.first_col && col_max > 8 * half_bytes) close();
    for (std::size_t pe = first; pe < first + per; ++pe) {
      const std::uint64_t b = column_bits(pe, k);
      pe_bits[pe] += b, channel_bits[c] += b;
      open_max = std::max(open_max, pe_bits[pe]);
    }
    m.chunk_of_col.push_back(std::uint32_t(m.chunks.size()));
    open.end_col = j + 1;
  }
  if (open.end_col > open.first_col) close();
}

// The largest |level|, every code checked against the level table on the way (the MAC
// pipeline indexes it without checks).
std::uint64_t max_abs(const workloads::Layer& l, const EseMatrix& m) {
  std::uint64_t v = 0;
  for (const sparse::PeSlice& s : m.pes)
    for (const sparse::Entry& e : s.entries) {
      std::int64_t level = e.code;
      if (!m.levels.empty()) {
        const std::int64_t i = std::int64_t{e.code} - m.code_offset;
        if (i < 0 || i >= std::int64_t(m.levels.size()))
          reject(l, fmt::format("code {} has no level", e.code));
        level = m.levels[std::size_t(i)];
      }
      v = std::max<std::uint64_t>(v, std::uint64_t(level < 0 ? -level : level));
    }
  return v;
}

}  // namespace

void check_runnable(const workloads::Layer& l, const EseSpec& spec) {
  if (l.shape.kind != workloads::LayerKind::kLstm)
    reject(l, "it is not an lstm (ESE runs whole LSTM sequences)");
  if (!l.lstm)
    reject(l, "it has no sequence rule: compress it with a recipe whose fixed_point has an "
              "\"lstm\" object (configs/recipes/ese_lstm.json)");
  check_encoding(l, find_ese(l.encodings), "its [W R] matrix", spec);
  if (l.lstm->has_projection()) check_encoding(l, find_ese(l.lstm->projection), "its projection", spec);
  if (l.input_bits > 16) reject(l, fmt::format("{}-bit activations (at most 16)", l.input_bits));
  const workloads::LstmRule& r = *l.lstm;
  if (r.sigmoid.segments() > std::size_t(spec.gate_table_segments) ||
      r.tanh.segments() > std::size_t(spec.gate_table_segments))
    reject(l, fmt::format("its gate tables have {} segments, the design's hold {}",
                          r.sigmoid.segments(), spec.gate_table_segments));
  if (r.gate_frac_bits + 2 > spec.gate_bits)
    reject(l, fmt::format("its gates are {} bits wide, the design's {}", r.gate_frac_bits + 2,
                          spec.gate_bits));
  if (l.lstm->utterances % spec.batch != 0)
    reject(l, fmt::format("a batch of {} does not divide its {} utterances", spec.batch,
                          l.lstm->utterances));
}

EseLayer prepare_layer(const workloads::Layer& l, const EseSpec& spec) {
  check_runnable(l, spec);
  const workloads::LstmRule& r = *l.lstm;
  EseLayer e;
  e.name = l.name, e.rule = &r, e.input = &l.input_q;
  e.in = l.shape.in_channels, e.rec = l.shape.recurrent_in, e.hidden = r.hidden;
  e.seq_len = l.shape.seq_len, e.utterances = r.utterances;
  const workloads::WeightEncoding& wr = *find_ese(l.encodings);
  e.entry_bits = wr.code_bits + wr.index_bits, e.pointer_bits = wr.pointer_bits;
  const std::uint64_t half = spec.weight_buffer_bytes / 2;
  e.wr = read_matrix(l, wr, l.shape.rows(), l.shape.cols());
  e.wr.levels = l.fixed_point.levels, e.wr.code_offset = l.fixed_point.code_offset;
  plan_chunks(e.wr, spec.channels, e.entry_bits, e.pointer_bits, half);
  e.wr.max_abs_level = max_abs(l, e.wr);
  if (r.has_projection()) {
    const workloads::WeightEncoding& p = *find_ese(r.projection);
    e.proj = read_matrix(l, p, l.shape.recurrent_in, r.hidden);
    e.proj.levels = r.projection_levels, e.proj.code_offset = r.projection_code_offset;
    plan_chunks(e.proj, spec.channels, p.code_bits + p.index_bits, p.pointer_bits, half);
    e.proj.max_abs_level = max_abs(l, e.proj);
  }
  return e;
}

}  // namespace axsim::arch::ese
