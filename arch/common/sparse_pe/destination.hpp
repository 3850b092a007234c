// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <vector>

#include "sim/component.hpp"

namespace axsim::arch::sparse {

/// The destination register file a sparse PE accumulates into: `lanes` sets of `rows` values
/// (value of local row r in lane l at l x rows + r). Not a component: the PE part that owns it
/// (EIE's activation read/write unit, ESE's accumulator bank) counts and prices each update.
class DestinationRegisters {
 public:
  /// Every read-modify-write adds one `update` action to `actions` and one to `updates`.
  void attach(sim::Counter& updates, sim::ActionCounts& actions, sim::ActionCounts::Id update) {
    updates_ = &updates, actions_ = &actions, update_ = update;
  }
  void clear(std::size_t rows, std::size_t lanes = 1) {
    rows_ = rows;
    values_.assign(rows * lanes, 0);
  }
  std::int64_t read(std::size_t lane, std::int64_t row) {
    actions_->add(update_);
    updates_->add();
    return values_[lane * rows_ + std::size_t(row)];
  }
  void write(std::size_t lane, std::int64_t row, std::int64_t v) {
    values_[lane * rows_ + std::size_t(row)] = v;
  }
  std::size_t rows() const { return rows_; }
  std::int64_t value(std::size_t lane, std::size_t row) const { return values_[lane * rows_ + row]; }

 private:
  std::vector<std::int64_t> values_;
  std::size_t rows_ = 0;
  sim::Counter* updates_ = nullptr;
  sim::ActionCounts* actions_ = nullptr;
  sim::ActionCounts::Id update_{};
};

}  // namespace axsim::arch::sparse
