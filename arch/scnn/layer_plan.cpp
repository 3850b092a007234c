// SPDX-License-Identifier: Apache-2.0
#include "arch/scnn/layer_plan.hpp"

#include <algorithm>
#include <fmt/format.h>

#include <limits>

#include "sim/error.hpp"
#include "sim/memory_budget.hpp"
#include "workloads/encode/encoding.hpp"
#include "workloads/reference/quantized_layer.hpp"

namespace axsim::arch::scnn {

namespace {

// Even split of [0, n) into `parts` ranges; part p.
Range split(int n, int parts, int p) { return {p * n / parts, (p + 1) * n / parts}; }

// Outputs o with o * stride = x + pad - k for some x in `in` and k in [0, kernel).
Range reached(Range in, int kernel, int stride, int pad, int out_size) {
  if (in.size() == 0) return {0, 0};
  const int lo_num = in.lo + pad - (kernel - 1), hi_num = in.hi - 1 + pad;
  const int lo = lo_num <= 0 ? 0 : (lo_num + stride - 1) / stride;
  const int hi = hi_num < 0 ? 0 : hi_num / stride + 1;
  return {std::max(0, lo), std::min(out_size, hi)};
}

Range hull(Range a, Range b) {
  if (a.size() == 0) return b;
  if (b.size() == 0) return a;
  return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

int mod(int a, int m) { return ((a % m) + m) % m; }

// Stable-sorts `items` by phase and returns the phase offsets (phases + 1 entries).
template <class T, class PhaseOf>
std::vector<std::uint32_t> sort_by_phase(std::vector<T>& items, int phases, PhaseOf phase_of) {
  std::stable_sort(items.begin(), items.end(),
                   [&](const T& a, const T& b) { return phase_of(a) < phase_of(b); });
  std::vector<std::uint32_t> start(std::size_t(phases) + 1, 0);
  for (const T& t : items) ++start[std::size_t(phase_of(t)) + 1];
  for (int q = 0; q < phases; ++q) start[std::size_t(q) + 1] += start[std::size_t(q)];
  return start;
}

// A 1 x 1 input (a fully connected layer) has no plane to tile: its input channels are dealt
// out instead (channel c on PE c mod N), every PE holds partial sums of all the group's outputs,
// and those are reduced at the drain like halo sums.
bool channel_tiled(const workloads::LayerShape& sh) { return sh.in_h == 1 && sh.in_w == 1; }

Band whole_plane(const workloads::LayerShape& sh) { return {0, sh.in_h, 0, sh.out_h()}; }

}  // namespace

int TileGrid::pe(int gy, int gx) const {
  if (!chain) return gy * cols + gx;
  const int row = gx / mesh_cols, col = gx % mesh_cols;
  return row * mesh_cols + (row % 2 ? mesh_cols - 1 - col : col);
}

TileGrid tile_grid(const workloads::LayerShape& sh, const ScnnSpec& spec) {
  const bool chain = !channel_tiled(sh) && sh.out_h() == 1 && spec.pe_rows > 1;
  return chain ? TileGrid{1, spec.pes(), spec.pe_cols, true}
               : TileGrid{spec.pe_rows, spec.pe_cols, spec.pe_cols, false};
}

namespace {

// Output rows [out_lo, out_hi) and the input rows they read.
Band band_of(const workloads::LayerShape& sh, int out_lo, int out_hi) {
  return {std::max(0, out_lo * sh.stride_h - sh.pad_h),
          std::min(sh.in_h, (out_hi - 1) * sh.stride_h - sh.pad_h + sh.kernel_h), out_lo, out_hi};
}

Range offset(Range r, int by) { return {r.lo + by, r.hi + by}; }

PeTile plane_tile(const workloads::LayerShape& sh, const TileGrid& g, const Band& b, int py, int px) {
  PeTile t;
  if (channel_tiled(sh)) {
    t.in_x = t.in_y = t.out_x = t.out_y = {0, 1};
    return t;
  }
  t.in_x = split(sh.in_w, g.cols, px);
  t.in_y = offset(split(b.in_hi - b.in_lo, g.rows, py), b.in_lo);
  t.own_x = split(sh.out_w(), g.cols, px);
  t.own_y = offset(split(b.out_hi - b.out_lo, g.rows, py), b.out_lo);
  // The accumulators hold what the tile's products reach in the band and every output the PE
  // owns (an owned output may be reached only from a neighbour's inputs, at an edge or with a
  // stride).
  Range ry = reached(t.in_y, sh.kernel_h, sh.stride_h, sh.pad_h, sh.out_h());
  ry = {std::max(ry.lo, b.out_lo), std::min(ry.hi, b.out_hi)};
  t.out_x = hull(reached(t.in_x, sh.kernel_w, sh.stride_w, sh.pad_w, sh.out_w()), t.own_x);
  t.out_y = hull(ry, t.own_y);
  return t;
}

// The largest compressed input tile of the band (what one IARAM must hold).
std::uint64_t largest_tile_bytes(const workloads::Layer& l, const ScnnSpec& spec, const Band& b) {
  const auto& sh = l.shape;
  std::uint64_t largest = 0;
  std::vector<std::int32_t> plane;
  const TileGrid g = tile_grid(sh, spec);
  for (int py = 0; py < g.rows; ++py)
    for (int px = 0; px < g.cols; ++px) {
      const PeTile t = plane_tile(sh, g, b, py, px);
      std::uint64_t bytes = 0;
      for (int c = 0; c < sh.in_channels; ++c) {
        plane.clear();
        for (int y = t.in_y.lo; y < t.in_y.hi; ++y)
          for (int x = t.in_x.lo; x < t.in_x.hi; ++x)
            plane.push_back(l.input_q[(std::size_t(c) * sh.in_h + y) * sh.in_w + x]);
        bytes += spec.skip_zero_activations ? compressed_bytes(plane, spec.data_bits, spec.index_bits)
                                            : dense_bytes(plane.size(), spec.data_bits);
      }
      largest = std::max(largest, bytes);
    }
  return largest;
}

void plan_tiles(const workloads::Layer& l, const ScnnSpec& spec, LayerPlan& p) {
  const auto& sh = l.shape;
  p.tiles.resize(std::size_t(spec.pes()));
  for (int py = 0; py < p.grid.rows; ++py)
    for (int px = 0; px < p.grid.cols; ++px) {
      PeTile t = plane_tile(sh, p.grid, p.band, py, px);
      const int pe = p.grid.pe(py, px);
      t.acts.resize(std::size_t(sh.in_channels));
      for (int c = 0; c < sh.in_channels; ++c) {
        std::vector<std::int32_t> plane;
        const bool mine = !channel_tiled(sh) || c % spec.pes() == pe;
        for (int y = t.in_y.lo; mine && y < t.in_y.hi; ++y)
          for (int x = t.in_x.lo; x < t.in_x.hi; ++x) {
            const std::int32_t v = l.input_q[(std::size_t(c) * sh.in_h + y) * sh.in_w + x];
            plane.push_back(v);
            if (v != 0 || !spec.skip_zero_activations) t.acts[std::size_t(c)].push_back({x, y, v});
          }
        t.act_phase.push_back(sort_by_phase(t.acts[std::size_t(c)], p.phases, [&](const ActNz& a) {
          return act_phase(a.x, a.y, sh);
        }));
        t.channel_bytes.push_back(spec.skip_zero_activations
                                      ? compressed_bytes(plane, spec.data_bits, spec.index_bits)
                                      : dense_bytes(plane.size(), spec.data_bits));
        t.iaram_bytes += t.channel_bytes.back();
      }
      p.tiles[std::size_t(pe)] = std::move(t);
    }
}

// Cuts a phase-sorted block into the chunks that stream through the weight FIFO: whole
// F-vectors (a vector starts at its phase's start plus a multiple of F), at most `capacity`
// entries each (capacity >= f). An empty block is one empty chunk.
std::vector<std::uint32_t> chunk_cuts(const std::vector<std::uint32_t>& phase, std::uint32_t f,
                                      std::uint32_t capacity) {
  std::vector<std::uint32_t> cuts{0};
  for (std::size_t q = 0; q + 1 < phase.size(); ++q)
    for (std::uint32_t v = phase[q], end = 0; v < phase[q + 1]; v = end) {
      end = std::min(v + f, phase[q + 1]);
      if (end - cuts.back() > capacity) cuts.push_back(v);
    }
  cuts.push_back(phase.back());
  return cuts;
}

// SparseA (skip_zero_weights false): every weight position of a block is an entry, zeros
// included, in (k, r, s) order, and the weights travel uncompressed (data_bits each).
void densify_blocks(const workloads::LayerShape& sh, const ScnnSpec& spec, LayerPlan& p,
                    std::vector<std::uint64_t>& bits) {
  const int cg = sh.in_channels / sh.groups, mg = sh.out_channels / sh.groups;
  for (std::size_t b = 0; b < p.blocks.size(); ++b) {
    const int g = int(b / std::size_t(sh.in_channels)), c = int(b % std::size_t(sh.in_channels));
    std::vector<WeightNz> all;
    auto nz = p.blocks[b].begin();
    for (int k = g * p.kc; k < std::min(sh.out_channels, (g + 1) * p.kc); ++k) {
      if (k / mg != c / cg) continue;  // another group of a grouped convolution
      for (int r = 0; r < sh.kernel_h; ++r)
        for (int s = 0; s < sh.kernel_w; ++s) {
          const bool stored = nz != p.blocks[b].end() && nz->k == k && nz->r == r && nz->s == s;
          all.push_back(stored ? *nz++ : WeightNz{k, r, s, 0});
        }
    }
    bits[b] = std::uint64_t(all.size()) * std::uint64_t(spec.data_bits);
    p.blocks[b] = std::move(all);
  }
}

// The trace's scnn encoding as the weight FIFOs receive it. Its block c' holds local input
// channel c' for all K outputs in (k, r, s) order (workloads/encode/scnn.cpp); SCNN fetches it
// per output group g (Kc outputs) and input channel c, the channel of a grouped convolution
// being c = (k / (K / groups)) x C/groups + c'. A fetch moves the stored bits of its entries
// (padding zeros included) and, with group 0, the block's entry count.
void plan_blocks(const workloads::Layer& l, const ScnnSpec& spec, LayerPlan& p) {
  const auto& sh = l.shape;
  if (l.encoding("scnn") == nullptr)
    throw sim::ConfigError("layer " + l.name + ": it stores no scnn encoding");
  const workloads::WeightEncoding& e = *l.encoding("scnn");
  std::vector<workloads::ScnnBlock> stored;
  try {
    stored = workloads::read_scnn(workloads::to_encoded(e), sh.rows(), sh.cols(), e.code_bits,
                                  workloads::decode_spec(e, sh));
    for (const workloads::ScnnBlock& b : stored)
      for (std::int32_t code : b.codes) l.fixed_point.level(code);  // every code has a level
  } catch (const std::invalid_argument& ex) {
    throw sim::ConfigError("layer " + l.name + ": its scnn weights do not decode: " + ex.what());
  }
  const int kernel = sh.kernel_h * sh.kernel_w, cg = sh.in_channels / sh.groups;
  const int mg = sh.out_channels / sh.groups;
  const auto block_count = std::size_t(p.groups) * std::size_t(sh.in_channels);
  p.blocks.assign(block_count, {});
  std::vector<std::uint64_t> bits(block_count, 0);
  for (std::size_t cl = 0; cl < stored.size(); ++cl) {
    bits[cl] += std::uint64_t(e.pointer_bits);  // the count, with group 0's block of channel c'
    std::int64_t pos = -1;
    for (std::size_t i = 0; i < stored[cl].codes.size(); ++i) {
      pos += std::int64_t(stored[cl].zeros_before[i]) + 1;
      const int k = int(pos / kernel), rs = int(pos % kernel);
      const std::size_t c = std::size_t(k / mg) * std::size_t(cg) + cl;
      const std::size_t b = std::size_t(k / p.kc) * std::size_t(sh.in_channels) + c;
      bits[b] += std::uint64_t(e.code_bits + e.index_bits);
      if (stored[cl].codes[i] != 0)  // a padding zero is fetched, not multiplied
        p.blocks[b].push_back({k, rs / sh.kernel_w, rs % sh.kernel_w,
                               l.fixed_point.level(stored[cl].codes[i])});
    }
  }
  if (!spec.skip_zero_weights) densify_blocks(sh, spec, p, bits);
  std::uint64_t fetched_bits = 0;  // whole bytes of the stream so far: the sum is the encoding
  for (std::size_t b = 0; b < block_count; ++b) {
    const std::uint64_t before = (fetched_bits + 7) / 8;
    fetched_bits += bits[b];
    p.block_bytes.push_back((fetched_bits + 7) / 8 - before);
    p.block_phase.push_back(sort_by_phase(p.blocks[b], p.phases, [&](const WeightNz& w) {
      return weight_phase(w.r, w.s, sh);
    }));
    p.block_chunks.push_back(chunk_cuts(p.block_phase.back(), std::uint32_t(spec.f),
                                        std::uint32_t(spec.chunk_entries())));
  }
}

}  // namespace

int act_phase(int x, int y, const workloads::LayerShape& sh) {
  return mod(y, sh.stride_h) * sh.stride_w + mod(x, sh.stride_w);
}
int weight_phase(int r, int s, const workloads::LayerShape& sh) {
  return mod(r - sh.pad_h, sh.stride_h) * sh.stride_w + mod(s - sh.pad_w, sh.stride_w);
}

std::uint64_t dense_bytes(std::uint64_t values, int data_bits) {
  return (values * std::uint64_t(data_bits) + 7) / 8;
}

std::uint64_t compressed_bytes(const std::vector<std::int32_t>& values, int data_bits,
                               int index_bits) {
  const std::uint64_t max_run = (std::uint64_t{1} << index_bits) - 1;
  std::uint64_t entries = 0, run = 0;
  for (std::int32_t v : values) {
    if (v == 0) {
      ++run;
      continue;
    }
    for (; run > max_run; run -= max_run + 1) ++entries;  // a padding zero
    ++entries, run = 0;
  }
  return (entries * std::uint64_t(data_bits + index_bits) + 7) / 8;
}

namespace {

int group_size(const workloads::Layer& l, const ScnnSpec& spec, const Band& band) {
  std::int64_t largest = 1;
  const TileGrid g = tile_grid(l.shape, spec);
  for (int py = 0; py < g.rows; ++py)
    for (int px = 0; px < g.cols; ++px) {
      const PeTile t = plane_tile(l.shape, g, band, py, px);
      largest = std::max<std::int64_t>(largest, std::int64_t(t.out_x.size()) * t.out_y.size());
    }
  if (largest > spec.accumulator_entries())
    throw sim::ConfigError(fmt::format(
        "layer {}: one output channel of a PE's tile has {} partial sums, more than the {} "
        "entries of an accumulator buffer (acc_banks x bank_entries)",
        l.name, largest, spec.accumulator_entries()));
  return static_cast<int>(std::min<std::int64_t>(l.shape.out_channels, spec.accumulator_entries() / largest));
}

}  // namespace

int output_group_size(const workloads::Layer& l, const ScnnSpec& spec) {
  return group_size(l, spec, whole_plane(l.shape));
}

// What planning allocates, checked before anything is sized: per weight its stored entry and
// its non-zero, per input its non-zero and plane value, and per (tile or output group) x input
// channel a phase table of stride_h x stride_w + 1 offsets. The phase count must fit an int.
void check_plan_size(const workloads::Layer& l, const ScnnSpec& spec, std::uint64_t groups) {
  const auto& sh = l.shape;
  const std::uint64_t phases = std::uint64_t(sh.stride_h) * std::uint64_t(sh.stride_w);
  if (phases > std::uint64_t(std::numeric_limits<int>::max()))
    throw sim::ConfigError(fmt::format("layer {}: strides {} x {} give {} phases, above the limit "
                                       "of {}", l.name, sh.stride_h, sh.stride_w, phases,
                                       std::numeric_limits<int>::max()));
  const auto sum = [](std::uint64_t a, std::uint64_t b) {
    return a + b < a ? ~std::uint64_t{0} : a + b;  // saturating: any budget refuses the max
  };
  const std::uint64_t tables = sim::bytes_of(
      (std::uint64_t(spec.pes()) + groups) * std::uint64_t(sh.in_channels), (phases + 1) * 4);
  const std::uint64_t bytes =
      sum(sum(sim::bytes_of(sh.weight_count(), sizeof(WeightNz) + 8),
              sim::bytes_of(sh.input_count(), sizeof(ActNz) + 4)),
          tables);
  sim::MemoryBudget::check(bytes, "layer " + l.name + ": SCNN plan");
}

std::vector<Band> plan_bands(const workloads::Layer& l, const ScnnSpec& spec) {
  const auto& sh = l.shape;
  const Band whole = whole_plane(sh);
  if (channel_tiled(sh)) return {whole};
  const std::uint64_t once = largest_tile_bytes(l, spec, whole);
  if (once <= spec.iaram_bytes) return {whole};
  // Halving a tile's rows about halves its bytes: start near the ratio, try a few more.
  const int first = int(std::min<std::uint64_t>(std::uint64_t(sh.out_h()), (once + spec.iaram_bytes - 1) / spec.iaram_bytes));
  for (int n = std::max(2, first); n <= std::min(sh.out_h(), 2 * first + 4); ++n) {
    std::vector<Band> bands;
    std::uint64_t largest = 0;
    for (int b = 0; b < n && largest <= spec.iaram_bytes; ++b) {
      const Range rows = split(sh.out_h(), n, b);
      bands.push_back(band_of(sh, rows.lo, rows.hi));
      largest = std::max(largest, largest_tile_bytes(l, spec, bands.back()));
    }
    if (largest <= spec.iaram_bytes) return bands;
  }
  return {whole};  // no banding fits: the activations stream with the weights
}

LayerPlan plan_layer(const workloads::Layer& l, const ScnnSpec& spec, const Band* band) {
  LayerPlan p;
  p.shape = l.shape;
  p.band = band ? *band : whole_plane(l.shape);
  p.dense_macs = l.shape.macs();
  p.kc = group_size(l, spec, p.band);
  p.groups = (l.shape.out_channels + p.kc - 1) / p.kc;
  check_plan_size(l, spec, std::uint64_t(p.groups));
  p.phases = l.shape.stride_h * l.shape.stride_w;
  p.channel_tiled = channel_tiled(l.shape);
  p.grid = tile_grid(l.shape, spec);
  plan_tiles(l, spec, p);
  plan_blocks(l, spec, p);
  const auto plane = std::size_t(l.shape.in_h) * std::size_t(l.shape.in_w);
  for (int c = 0; c < l.shape.in_channels; ++c) {
    const auto first = l.input_q.begin() + std::ptrdiff_t(std::size_t(c) * plane);
    const std::vector<std::int32_t> values(first, first + std::ptrdiff_t(plane));
    p.input_bytes += spec.skip_zero_activations ? compressed_bytes(values, spec.data_bits, spec.index_bits)
                                                : dense_bytes(plane, spec.data_bits);
  }
  return p;
}

}  // namespace axsim::arch::scnn
