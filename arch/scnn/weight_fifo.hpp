// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>

#include "sim/error.hpp"

namespace axsim::arch::scnn {

/// A PE's weight FIFO (Parashar et al., ISCA 2017, Table 3: 50 entries): the chunks of broadcast
/// weight blocks in arrival order, each taking its non-zero weights' entries until the PE has read
/// it for the last time. The sequencer pushes a chunk into every PE's FIFO only when all have room.
/// Registered at both ends: a chunk pushed in cycle t can be read from t + 1, and the room a pop
/// frees in cycle t can be written from t + 1, whichever of the two sides runs first in a cycle.
class WeightFifo {
 public:
  explicit WeightFifo(std::uint32_t capacity_entries) : capacity_(capacity_entries) {}
  bool room_for(std::uint32_t entries, std::uint64_t cycle) const {
    return held_ + (freed_cycle_ == cycle ? freed_ : 0) + entries <= capacity_;
  }
  void push(std::uint32_t entries, std::uint64_t cycle) {
    AXSIM_ASSERT(held_ + entries <= capacity_);
    chunks_.push_back({entries, cycle}), held_ += entries;
  }
  bool empty() const { return chunks_.empty(); }
  /// The oldest chunk can be read in `cycle`.
  bool head_ready(std::uint64_t cycle) const { return !chunks_.empty() && chunks_.front().pushed < cycle; }
  void pop(std::uint64_t cycle) {
    AXSIM_ASSERT(!chunks_.empty());
    if (freed_cycle_ != cycle) freed_cycle_ = cycle, freed_ = 0;
    freed_ += chunks_.front().entries;
    held_ -= chunks_.front().entries, chunks_.pop_front();
  }
  std::uint32_t held() const { return held_; }
  void clear() { chunks_.clear(), held_ = freed_ = 0; }

 private:
  struct Chunk {
    std::uint32_t entries = 0;
    std::uint64_t pushed = 0;  ///< cycle
  };
  std::uint32_t capacity_, held_ = 0, freed_ = 0;
  std::uint64_t freed_cycle_ = ~std::uint64_t{0};
  std::deque<Chunk> chunks_;
};

}  // namespace axsim::arch::scnn
