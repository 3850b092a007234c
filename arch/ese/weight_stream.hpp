// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "arch/common/dram/dram_client.hpp"
#include "arch/ese/layer_image.hpp"
#include "sim/component.hpp"

namespace axsim::arch::ese {

/// The weight stream (ESE keeps the compressed LSTM in DDR3 and double-buffers it on chip): the
/// chunks of every product a time step needs ([W R]'s, then the projection's) are items
/// 0, 1, 2, ... in the order the controller uses them, round after round (one round per time
/// step of a batch). Each matrix lies in DRAM as the trace stores it, channel after channel, so
/// a chunk is one piece per channel. Item k is fetched, in requests of fetch_bytes, into the
/// buffer half it may use once item k - 2 is released; it is ready when all its bytes arrived. With
/// weights_resident and buffers that hold both matrices, the first round's items are fetched
/// once and stay.
class WeightStreamer : public sim::Ticked {
 public:
  WeightStreamer(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
                 const EseSpec& spec, Dram& dram);
  /// Plans `rounds` rounds of `layer`'s chunks; `consumer` is woken when an item is ready.
  void start_layer(const EseLayer& layer, std::uint64_t rounds, sim::Ticked* consumer);
  /// The item of chunk `chunk` of the projection (or of [W R]) in round `round`.
  std::uint64_t item(bool projection, std::uint64_t round, std::uint32_t chunk) const {
    return round * per_round_ + (projection ? wr_chunks_ : 0) + chunk;
  }
  bool ready(std::uint64_t item) const;
  /// The consumer is done with the oldest unreleased item: its buffer half is free.
  void release();
  std::uint64_t released() const { return released_; }
  /// The matrices stay on chip after the first round.
  bool resident() const { return resident_; }
  /// Bytes of both matrices one PE holds at most (what weights_resident needs per PE).
  std::uint64_t resident_bytes_per_pe() const { return resident_need_; }
  bool has_work() const override;
  std::string state() const override;

 private:
  struct InFlight {
    std::uint64_t item = 0, outstanding = 0;
  };
  bool tick() override;
  void request(std::uint64_t item, InFlight& f);
  void request_next();

  EseSpec spec_;
  std::unique_ptr<DramClient> dram_;
  const EseLayer* layer_ = nullptr;
  sim::Ticked* consumer_ = nullptr;
  std::uint64_t wr_chunks_ = 0, per_round_ = 0, items_ = 0;
  std::uint64_t next_ = 0;      ///< the next item to fetch
  std::uint64_t ready_ = 0;     ///< every item below is ready (in order)
  std::uint64_t released_ = 0;
  std::deque<InFlight> flight_;
  bool resident_ = false;
  std::uint64_t resident_need_ = 0;
  std::uint64_t wr_base_ = 0, proj_base_ = 0;
  /// Where each chunk's piece of each channel starts: [matrix][chunk x C + c].
  std::vector<std::uint64_t> offsets_[2];
  sim::Counter& bytes_;
  sim::Counter& requests_;
  sim::Counter& items_fetched_;
  sim::ActionCounts::Id fill_;
};

}  // namespace axsim::arch::ese
