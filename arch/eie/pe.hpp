// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sparse_pe/mac_pipeline.hpp"
#include "arch/common/sparse_pe/ptr_read.hpp"
#include "arch/common/sparse_pe/spmat_read.hpp"
#include "arch/eie/act_rw.hpp"
#include "arch/eie/layer_image.hpp"
#include "sim/channel.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::eie {

class CentralControl;

/// One EIE processing element (Han et al., ISCA 2016): the activation queue fed by the broadcast,
/// the pointer read unit, the sparse-matrix read unit, the arithmetic unit (the shared sparse-PE
/// parts of arch/common/sparse_pe) and EIE's activation read/write unit. Its stages are ticked last-to-first within one cycle, so each stage sees
/// what the stage before it produced in the previous cycle (pipeline registers). It sleeps
/// while its queue is empty and its pipeline drained.
class ProcessingElement : public sim::Ticked {
 public:
  ProcessingElement(sim::SimContext& ctx, sim::Component* parent, int index,
                    const sim::ClockDomain& clock, const EieSpec& spec);
  sim::Channel<sparse::ActBroadcast>& queue() { return queue_; }
  void set_control(CentralControl* ccu) { ccu_ = ccu; }
  /// Loads this PE's SRAM images of `batch` and clears its destination registers.
  void start_batch(const EieLayer& layer, const Batch& batch, int entry_bits);
  bool idle() const { return !queue_.has_work() && spmat_.idle() && arith_.idle(); }
  /// Rows of the current batch this PE owns (rows k, k + N, ... of the batch).
  int local_rows() const { return local_rows_; }
  ActRw& act_rw() { return act_rw_; }
  std::uint64_t ops() const { return arith_.ops(); }
  bool has_work() const override { return !idle(); }
  /// Starts the PE's cycle stack at the layer's first cycle.
  void start_layer(std::uint64_t first_cycle) { stack_.start(first_cycle), cursor_ = 0; }
  /// The PE's cycles from the layer's first to `end` (exclusive): a MAC issued (compute), an
  /// entry waiting for its sparse-matrix word or a pointer read (memory_wait), the arithmetic
  /// pipeline emptying (drain); asleep, what the CCU's state makes of it (CentralControl).
  sim::CycleStack cycle_stack(std::uint64_t end) const;
  std::string state() const override;

 private:
  bool tick() override;

  int index_, num_pes_, data_bits_;
  int local_rows_ = 0;
  CentralControl* ccu_ = nullptr;
  sim::Channel<sparse::ActBroadcast> queue_;
  sparse::PtrReadUnit ptr_;
  sparse::SpmatReadUnit spmat_;
  ActRw act_rw_;
  sparse::MacPipeline arith_;
  sim::ActionCounts::Id push_;
  sim::CycleStack stack_;
  std::size_t cursor_ = 0;  ///< in the CCU's timeline
};

}  // namespace axsim::arch::eie
