// SPDX-License-Identifier: Apache-2.0
#include "arch/common/sparse_pe/spmat_read.hpp"

#include <algorithm>

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
  columns_.clear();
  current_.reset();
  lines_.clear();
}

bool SpmatReadUnit::resident(std::uint64_t word, std::uint64_t cycle) const {
  return std::any_of(lines_.begin(), lines_.end(),
                     [&](const Line& l) { return l.word == word && l.ready_cycle <= cycle; });
}

std::optional<EntryWork> SpmatReadUnit::tick(std::uint64_t cycle) {
  if (!current_ && !columns_.empty()) {
    current_ = columns_.front();
    columns_.pop_front();
    first_ = true;
  }
  std::optional<EntryWork> out;
  if (current_) {
    if (resident(word_of(current_->begin), cycle)) {
      out = EntryWork{slice_->entries[current_->begin], current_->value, current_->lane, first_};
      first_ = false;
      entries_.add();
      if (++current_->begin == current_->end) current_.reset(), ++finished_;
    } else {
      stall_cycles_.add();
    }
  }
  fetch(cycle);
  return out;
}

// The single port reads the first word a pending entry needs that is not buffered; lines
// behind the next entry to hand out are dropped (a column's entries are consumed in address
// order).
void SpmatReadUnit::fetch(std::uint64_t cycle) {
  const ColumnWork* next = current_ ? &*current_ : (columns_.empty() ? nullptr : &columns_.front());
  if (next == nullptr) return;
  const std::uint64_t low = word_of(next->begin);
  std::erase_if(lines_, [&](const Line& l) { return l.word < low; });
  // A column read again for another lane (ESE's batch) may need a word already dropped while
  // both lines hold words further on: the line furthest ahead makes room for it.
  if (lines_.size() >= kLineBuffer && current_ &&
      std::none_of(lines_.begin(), lines_.end(), [&](const Line& l) { return l.word == low; }))
    lines_.pop_back();
  auto wanted = [&](const ColumnWork& c) -> std::optional<std::uint64_t> {
    for (std::uint64_t w = word_of(c.begin); w <= word_of(c.end - 1); ++w)
      if (std::none_of(lines_.begin(), lines_.end(), [&](const Line& l) { return l.word == w; }))
        return w;
    return std::nullopt;
  };
  std::optional<std::uint64_t> word = current_ ? wanted(*current_) : std::nullopt;
  for (std::size_t i = 0; !word && i < columns_.size(); ++i) word = wanted(columns_[i]);
  if (!word || lines_.size() >= kLineBuffer) return;
  lines_.push_back({*word, cycle + 1});
  words_read_.add();
  actions().add(read_);
}

}  // namespace axsim::arch::sparse
