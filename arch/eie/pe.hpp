// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>

#include "arch/common/sparse_pe/sparse_pe.hpp"
#include "arch/eie/act_rw.hpp"
#include "arch/eie/layer_image.hpp"

namespace axsim::arch::eie {

/// One EIE processing element (Han et al., ISCA 2016): the shared sparse PE (activation queue,
/// pointer read, sparse-matrix read, arithmetic unit: arch/common/sparse_pe) accumulating into
/// EIE's activation read/write unit, whose destination registers hold one output batch.
class ProcessingElement : public sparse::SparsePe {
 public:
  ProcessingElement(sim::SimContext& ctx, sim::Component* parent, int index,
                    const sim::ClockDomain& clock, const EieSpec& spec);
  /// Loads this PE's SRAM images of `batch` and clears its destination registers.
  void start_batch(const EieLayer& layer, const Batch& batch, int entry_bits);
  /// Rows of the current batch this PE owns (rows k, k + N, ... of the batch).
  int local_rows() const { return local_rows_; }
  ActRw& act_rw() { return act_rw_; }

 private:
  int index_, num_pes_, data_bits_;
  int local_rows_ = 0;
  ActRw act_rw_;
};

}  // namespace axsim::arch::eie
