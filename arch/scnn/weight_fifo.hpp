// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>

#include "sim/error.hpp"

namespace axsim::arch::scnn {

/// A PE's weight FIFO (papers.md 2.1: 50 entries): the chunks of broadcast weight blocks in
/// arrival order, each taking its non-zero weights' entries until the PE has read it for the
/// last time. The sequencer pushes a chunk into every PE's FIFO only when all have room.
class WeightFifo {
 public:
  explicit WeightFifo(std::uint32_t capacity_entries) : capacity_(capacity_entries) {}
  bool room_for(std::uint32_t entries) const { return held_ + entries <= capacity_; }
  void push(std::uint32_t entries) {
    AXSIM_ASSERT(room_for(entries));
    chunks_.push_back(entries), held_ += entries;
  }
  bool empty() const { return chunks_.empty(); }
  void pop() {
    AXSIM_ASSERT(!chunks_.empty());
    held_ -= chunks_.front(), chunks_.pop_front();
  }
  std::uint32_t held() const { return held_; }
  void clear() { chunks_.clear(), held_ = 0; }

 private:
  std::uint32_t capacity_, held_ = 0;
  std::deque<std::uint32_t> chunks_;
};

}  // namespace axsim::arch::scnn
