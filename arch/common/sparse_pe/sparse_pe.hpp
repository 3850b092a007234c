// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>

#include "arch/common/sparse_pe/mac_pipeline.hpp"
#include "arch/common/sparse_pe/ptr_read.hpp"
#include "arch/common/sparse_pe/spmat_read.hpp"
#include "sim/channel.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::sparse {

/// What drives a group of sparse PEs (EIE's central control, ESE's controller): the timeline
/// that says what a sleeping PE's cycles count as, and a PE going idle (it may wake the driver).
class PeControl {
 public:
  virtual ~PeControl() = default;
  virtual const sim::CycleTimeline& timeline() const = 0;
  virtual void pe_idle() = 0;
};

/// The parts of a sparse PE as its unit configures and prices them.
struct PeParts {
  std::string type;  ///< the unit's component type prefix ("eie"): types "eie.pe", "eie.arith", ...
  int queue_depth = 8;
  sim::SramCosts queue;  ///< the activation queue (priced per push + pop)
  sim::SramCosts ptr, spmat;
  int spmat_width_bits = 64;
  sim::OpCosts mac;
};

/// One sparse processing element (Han et al., ISCA 2016, and the PEs of ESE, FPGA 2017): the
/// activation queue fed by a broadcast, the pointer read unit, the sparse-matrix read unit and
/// the multiply-accumulate pipeline into destination registers the unit provides. Its stages
/// are ticked last-to-first within one cycle, so each stage sees what the stage before it
/// produced in the previous cycle (pipeline registers). It sleeps while its queue is empty and
/// its pipeline drained; the driver's timeline says what those cycles were.
class SparsePe : public sim::Ticked {
 public:
  SparsePe(sim::SimContext& ctx, sim::Component* parent, const std::string& name,
           const sim::ClockDomain& clock, const PeParts& parts);
  sim::Channel<ActBroadcast>& queue() { return queue_; }
  /// The driver broadcast `col`: the host fetches the PE's pointers to it early (no effect
  /// on the model; the simulator's own memory is what it saves waiting for).
  void expect(std::uint32_t col) const { ptr_.expect(col); }
  void set_control(PeControl* control) { control_ = control; }
  /// The matrix slice, the MAC rule and the registers the next broadcasts work on.
  void load(const PeSlice* slice, int entry_bits, const MacRule& rule, DestinationRegisters* dest);
  bool idle() const { return !queue_.has_work() && spmat_.idle() && arith_.idle(); }
  std::uint64_t ops() const { return arith_.ops(); }
  bool has_work() const override { return !idle(); }
  /// Starts the PE's cycle stack at the layer's first cycle.
  void start_layer(std::uint64_t first_cycle) {
    stack_.start(first_cycle), cursor_ = 0;
    done_base_ = spmat_.columns_finished() + empty_done_;
  }
  /// Broadcasts this layer whose every entry has left the sparse-matrix read unit (a driver
  /// that streams the matrix frees a buffer once every PE is past it).
  std::uint64_t columns_done() const { return spmat_.columns_finished() + empty_done_ - done_base_; }
  /// The PE's cycles from the layer's first to `end` (exclusive): a MAC issued (compute), an
  /// entry waiting for its sparse-matrix word or a pointer read (memory_wait), the arithmetic
  /// pipeline emptying (drain); asleep, what the driver's timeline makes of it.
  sim::CycleStack cycle_stack(std::uint64_t end) const;
  std::string state() const override;

 private:
  bool tick() override;

  PeControl* control_ = nullptr;
  sim::Channel<ActBroadcast> queue_;
  PtrReadUnit ptr_;
  SpmatReadUnit spmat_;
  MacPipeline arith_;
  sim::ActionCounts::Id push_;
  sim::CycleStack stack_;
  std::size_t cursor_ = 0;  ///< in the driver's timeline
  std::uint64_t empty_done_ = 0, done_base_ = 0;
};

}  // namespace axsim::arch::sparse
