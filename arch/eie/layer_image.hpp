// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/common/sparse_pe/messages.hpp"
#include "arch/eie/eie_spec.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch::eie {

using sparse::Entry;    // the 4-bit relative index of EIE's entries
using sparse::PeSlice;  // one PE's share of one output batch

/// Rows [first_row, first_row + rows) of the output: what the destination register files hold
/// at once. Row r is on PE r mod N at local row (r - first_row) / N.
struct Batch {
  std::int64_t first_row = 0, rows = 0;
  std::vector<PeSlice> pes;
};

/// The non-zeros of the weight matrix column by column, rows ascending (from the trace bytes).
struct SparseColumns {
  std::int64_t rows = 0, cols = 0;
  std::vector<std::uint64_t> col_start;  ///< cols + 1 offsets into row/code
  std::vector<std::uint32_t> row;
  std::vector<std::int16_t> code;
};

struct NonZeroActivation {
  std::uint32_t col = 0;
  std::int16_t value = 0;
};

/// A layer as EIE runs it: the fixed-point codebook and product shift the trace stores (the
/// recipe's rule, the shift calibrated by the front-end on other inputs), the non-zero input
/// activations in the order the LNZD tree finds them, and the SRAM images.
struct EieLayer {
  std::string name;
  std::int64_t rows = 0, cols = 0;
  std::vector<std::int32_t> codebook;  ///< the trace's level of each code
  int code_offset = 0;                 ///< codebook[code - code_offset]
  int output_shift = 0;  ///< products are shifted right by this before they are added
  bool relu = false;
  std::vector<NonZeroActivation> activations;
  std::vector<Batch> batches;
  std::uint64_t padding_entries = 0;
  bool relaid = false;  ///< the stored image was laid out again (PE count or batches differ)
};

/// Throws sim::ConfigError naming the layer unless EIE can run it: eie_csc weights with a
/// value per code, a fully connected (or LSTM step) layer, activations no wider than the data.
void check_runnable(const workloads::Layer& layer, const EieSpec& spec);

/// Reads the layer's "eie_csc" bytes as the trace stores them. When the recipe's PE count is
/// the unit's and the layer fits one output batch, the stored per-PE images are the SRAM
/// contents as they are; otherwise the matrix is gathered and laid out again for
/// `spec.num_pes` PEs in output batches of spec.batch_rows(). Throws sim::ConfigError naming
/// the layer when EIE cannot run it.
EieLayer prepare_layer(const workloads::Layer& layer, const EieSpec& spec);

/// Lays out `m` for `num_pes` PEs and batches of `batch_rows` rows with `index_bits` relative
/// indices: a padding zero whenever a gap exceeds 2^index_bits - 1 (Han et al., ISCA 2016).
std::vector<Batch> lay_out(const SparseColumns& m, int num_pes, std::int64_t batch_rows,
                           int index_bits, std::uint64_t* padding_entries);

/// The arithmetic every accumulation uses: acc + (w x a >> shift), saturated to `bits`.
inline std::int32_t accumulate(std::int32_t acc, std::int32_t w, std::int32_t a, int shift,
                               int bits) {
  const std::int64_t hi = (std::int64_t{1} << (bits - 1)) - 1;
  std::int64_t v = acc + ((std::int64_t{w} * a) >> shift);
  return static_cast<std::int32_t>(v > hi ? hi : (v < -hi - 1 ? -hi - 1 : v));
}


}  // namespace axsim::arch::eie
