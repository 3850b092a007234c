// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/spmat_read.hpp"

#include <algorithm>
#include <bit>

namespace axsim::arch::sparse {

SpmatReadUnit::SpmatReadUnit(sim::SimContext& ctx, sim::Component* parent,
                             const std::string& type, int width_bits, const sim::SramCosts& sram)
    : Component(ctx, parent, "spmat_read", type),
      width_bits_(width_bits),
      words_read_(stats().counter("words_read", "words", "sparse-matrix SRAM word reads")),
      entries_(stats().counter("entries", "entries", "entries handed to the arithmetic unit")),
      stall_cycles_(stats().counter("word_wait_cycles", "cycles",
                                    "cycles an entry waited for its SRAM word")),
      read_(actions().declare("read_word", sram.read_pj)) {
  set_area_um2(sram.area_um2);
  set_leakage_mw(sram.leakage_mw);
}

void SpmatReadUnit::load(const PeSlice* slice, int entry_bits) {
  slice_ = slice;
  entries_per_word_ = static_cast<std::uint32_t>(std::max(1, width_bits_ / entry_bits));
  word_shift_ = std::has_single_bit(entries_per_word_) ? std::countr_zero(entries_per_word_) : -1;
  current_ = waiting_ = false;
  line_count_ = 0;
}

bool SpmatReadUnit::buffered(std::uint64_t word) const {
  for (std::size_t i = 0; i < line_count_; ++i)
    if (lines_[i].word == word) return true;
  return false;
}

bool SpmatReadUnit::resident(std::uint64_t word, std::uint64_t cycle) const {
  for (std::size_t i = 0; i < line_count_; ++i)
    if (lines_[i].word == word && lines_[i].ready_cycle <= cycle) return true;
  return false;
}

bool SpmatReadUnit::tick(std::uint64_t cycle, EntryWork& out) {
  if (!current_ && waiting_) {
    current_column_ = column_;
    current_ = true, waiting_ = false;
    first_ = true;
  }
  bool handed = false;
  if (current_) {
    if (resident(word_of(current_column_.begin), cycle)) {
      out = EntryWork{slice_->entries[current_column_.begin], current_column_.value,
                      current_column_.lane, first_};
      handed = true;
      first_ = false;
      entries_.add();
      if (++current_column_.begin == current_column_.end) current_ = false, ++finished_;
    } else {
      stall_cycles_.add();
    }
  }
  fetch(cycle);
  return handed;
}

// The first word of column `c` the line buffer does not hold (kNone: all of them).
std::uint64_t SpmatReadUnit::wanted(const ColumnWork& c) const {
  for (std::uint64_t w = word_of(c.begin); w <= word_of(c.end - 1); ++w)
    if (!buffered(w)) return w;
  return kNone;
}

// The single port reads the first word a pending entry needs that is not buffered; lines
// behind the next entry to hand out are dropped (a column's entries are consumed in address
// order).
void SpmatReadUnit::fetch(std::uint64_t cycle) {
  const ColumnWork* next = current_ ? &current_column_ : (waiting_ ? &column_ : nullptr);
  if (next == nullptr) return;
  const std::uint64_t low = word_of(next->begin);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < line_count_; ++i)
    if (lines_[i].word >= low) lines_[kept++] = lines_[i];
  line_count_ = kept;
  // A column read again for another lane (ESE's batch) may need a word already dropped while
  // both lines hold words further on: the line furthest ahead makes room for it.
  if (line_count_ >= kLineBuffer && current_ && !buffered(low)) --line_count_;
  std::uint64_t word = current_ ? wanted(current_column_) : kNone;
  if (word == kNone && waiting_) word = wanted(column_);
  if (word == kNone || line_count_ >= kLineBuffer) return;
  lines_[line_count_++] = {word, cycle + 1};
  words_read_.add();
  actions().add(read_);
}

}  // namespace axsim::arch::sparse
