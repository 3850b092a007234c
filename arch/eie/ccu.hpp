// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/eie/pe.hpp"

namespace axsim::arch::eie {

/// The central control unit with the leading-non-zero-detection tree (Han et al., ISCA 2016): it
/// finds the input activations that are not zero, in index order, and broadcasts one per cycle to
/// every PE's queue, stalling while any queue is full. Layers longer than the register files
/// run in pieces: the input in chunks of regfile_entries x N columns (each loaded from the
/// activation SRAMs into the source registers), the output in batches of regfile_entries x N
/// rows (each written back to the activation SRAMs); a batch ends when every PE has drained.
class CentralControl : public sim::Ticked, public sparse::PeControl {
 public:
  CentralControl(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                 const EieSpec& spec, std::vector<ProcessingElement*> pes);
  void start_layer(const EieLayer& layer, int entry_bits, std::vector<std::int32_t>& output);
  bool done() const { return phase_ == Phase::kDone; }
  sim::Tick start_tick() const { return start_tick_; }
  sim::Tick finish_tick() const { return finish_tick_; }
  /// A PE went idle: wakes the unit if it waits for the batch to drain.
  void pe_idle() override {
    if (phase_ == Phase::kDrain) wake();
  }
  bool has_work() const override { return phase_ != Phase::kIdle && phase_ != Phase::kDone; }
  std::string state() const override;
  /// The layer's first cycle, and what an idle PE's cycles count as by the unit's state:
  /// loading a chunk (memory_wait), broadcasting (idle: no activation for it), blocked by a
  /// full queue (queue_full), waiting for the batch to drain (barrier), writing it back (drain).
  std::uint64_t first_cycle() const { return first_cycle_; }
  const sim::CycleTimeline& timeline() const override { return timeline_; }

 private:
  enum class Phase { kIdle, kLoad, kBroadcast, kDrain, kWriteback, kDone };
  bool tick() override;
  void set_phase(Phase phase);
  void mark(sim::CycleCategory cat) { timeline_.mark(clock().cycle_at(now()).n, cat); }
  bool broadcast();
  bool drain();
  void start_batch();
  void start_chunk();
  void collect_outputs();
  void finish();
  bool multi_chunk() const;
  bool multi_batch() const;
  std::uint64_t sram_cycles(std::uint64_t values) const;

  EieSpec spec_;
  std::vector<ProcessingElement*> pes_;
  const EieLayer* layer_ = nullptr;
  std::vector<std::int32_t>* output_ = nullptr;
  int entry_bits_ = 8;
  Phase phase_ = Phase::kIdle;
  std::size_t batch_ = 0, next_ = 0;
  std::int64_t chunk_end_ = 0;  ///< first column after the current input chunk
  std::uint64_t wait_ = 0;      ///< cycles left in a load or write-back
  sim::Tick start_tick_ = 0, finish_tick_ = 0, blocked_since_ = sim::kTickNever;
  std::uint64_t first_cycle_ = 0;
  sim::CycleTimeline timeline_;
  sim::Counter& broadcasts_;
  sim::Counter& stall_cycles_;
  sim::Counter& load_cycles_;
  sim::Counter& writeback_cycles_;
  sim::Counter& ideal_cycles_;
  sim::Average& load_efficiency_;
  sim::ActionCounts::Id lnzd_;
};

}  // namespace axsim::arch::eie
