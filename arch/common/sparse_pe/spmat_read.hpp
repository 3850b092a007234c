// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <array>
#include <string>

#include "arch/common/sparse_pe/messages.hpp"
#include "sim/component.hpp"
#include "sim/energy.hpp"

namespace axsim::arch::sparse {

/// The sparse-matrix read unit: a single-ported SRAM of `width_bits` words, each holding
/// width / (code + index bits) entries (eight 8-bit entries for EIE's 64 bits). A word
/// arrives the cycle after it is read and sits in a two-word line buffer, so one entry per
/// cycle reaches the multiply-accumulate pipeline while the next word is fetched. Columns come from the
/// pointer read unit through one pipeline register, so a PE holds at most its queue plus two
/// columns: the activation queue is what absorbs the imbalance between PEs.
class SpmatReadUnit : public sim::Component {
 public:
  static constexpr std::size_t kLineBuffer = 2;

  /// `type` is the unit's component type ("eie.spmat_read"), `sram` prices the array.
  SpmatReadUnit(sim::SimContext& ctx, sim::Component* parent, const std::string& type,
                int width_bits, const sim::SramCosts& sram);
  void load(const PeSlice* slice, int entry_bits);
  bool can_accept() const { return !waiting_; }
  void push(const ColumnWork& c) {
    column_ = c, waiting_ = true;
    __builtin_prefetch(&slice_->entries[c.begin]);  // host memory only: read a cycle later
  }
  /// One cycle at `cycle`: hands out the next entry, if its word has arrived, into `out` and
  /// returns true; reads the next word any pending entry needs.
  bool tick(std::uint64_t cycle, EntryWork& out);
  bool idle() const { return !current_ && !waiting_; }
  std::uint64_t word_waits() const { return stall_cycles_.count(); }
  /// Columns whose last entry has been handed out, since construction.
  std::uint64_t columns_finished() const { return finished_; }

 private:
  struct Line {
    std::uint64_t word, ready_cycle;
  };
  std::uint64_t word_of(std::uint32_t entry) const {
    return word_shift_ >= 0 ? entry >> word_shift_ : entry / entries_per_word_;
  }
  bool buffered(std::uint64_t word) const;
  bool resident(std::uint64_t word, std::uint64_t cycle) const;
  std::uint64_t wanted(const ColumnWork& c) const;
  void fetch(std::uint64_t cycle);

  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  const PeSlice* slice_ = nullptr;
  std::uint32_t entries_per_word_ = 8;
  int word_shift_ = 3;  ///< log2(entries_per_word_) when a power of two, else -1
  int width_bits_;
  ColumnWork current_column_{}, column_{};  ///< the column being read; the one in the register
  bool current_ = false, waiting_ = false;
  bool first_ = false;
  std::uint64_t finished_ = 0;
  std::array<Line, kLineBuffer> lines_{};  ///< the line buffer, oldest first
  std::size_t line_count_ = 0;
  sim::Counter& words_read_;
  sim::Counter& entries_;
  sim::Counter& stall_cycles_;
  sim::ActionCounts::Id read_;
};

}  // namespace axsim::arch::sparse
