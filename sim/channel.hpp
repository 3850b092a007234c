// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "sim/component.hpp"
#include "sim/error.hpp"

namespace axsim::sim {

struct ChannelSpec {
  std::size_t capacity = 2;            ///< items in flight plus items waiting to be taken
  std::uint64_t latency_cycles = 1;    ///< cycles of the channel's clock from send to visible
  std::uint32_t items_per_cycle = 1;   ///< sends accepted per cycle of the channel's clock
  /// Cycles before a slot the receiver freed can be sent into again. 0: at once. 1: a
  /// registered full flag, as a hardware FIFO has; it also makes the result independent of
  /// whether sender or receiver ticks first within a cycle.
  std::uint32_t credit_delay_cycles = 0;
};

/// A bounded point-to-point link with latency and bandwidth. A full channel (or one whose
/// per-cycle bandwidth is used up) refuses the send and wakes the sender when it can try again;
/// a send wakes the receiver when the item arrives. The channel counts its own traffic.
template <class T>
class Channel : public Component {
 public:
  Channel(SimContext& ctx, Component* parent, std::string name, const ClockDomain& clock,
          ChannelSpec spec)
      : Component(ctx, parent, std::move(name), "channel"),
        clock_(clock),
        spec_(spec),
        sent_(stats().counter("items_sent", "items", "items accepted by the channel")),
        refused_full_(stats().counter("refused_full", "sends", "sends refused: channel full")),
        refused_bw_(stats().counter("refused_bandwidth", "sends",
                                    "sends refused: per-cycle bandwidth used up")) {
    AXSIM_ASSERT(spec.capacity > 0 && spec.items_per_cycle > 0);
  }

  void connect(Ticked* sender, Ticked* receiver) {
    sender_ = sender;
    receiver_ = receiver;
  }

  bool try_send(T item) {
    const std::uint64_t cycle = clock_.cycle_at(now()).n;
    if (cycle != send_cycle_) send_cycle_ = cycle, sends_this_cycle_ = 0;
    if (!can_send()) {
      refused_full_.add();
      return false;
    }
    if (sends_this_cycle_ >= spec_.items_per_cycle) {
      refused_bw_.add();
      if (sender_) sender_->wake_at(clock_.to_ticks({cycle + 1}));
      return false;
    }
    ++sends_this_cycle_;
    const Tick ready = now() + clock_.to_ticks({spec_.latency_cycles});
    q_.push_back({ready, std::move(item)});
    sent_.add();
    progress();
    if (receiver_) receiver_->wake_at(ready);
    return true;
  }

  /// Items held plus slots freed too recently to be reused (credit_delay_cycles).
  std::size_t occupancy() const {
    const std::uint64_t cycle = clock_.cycle_at(now()).n;
    std::size_t credits_in_flight = 0;
    for (std::uint64_t c : released_cycles_) credits_in_flight += c + spec_.credit_delay_cycles > cycle;
    return q_.size() + credits_in_flight;
  }
  bool full() const { return occupancy() >= spec_.capacity; }
  /// Whether a send would find space now; when it would not, the sender is woken once space
  /// frees, so a sender that must send to several channels together may check them all first.
  bool can_send() {
    if (!full()) return true;
    if (q_.size() < spec_.capacity && sender_) {
      // Full only because freed slots are still in their credit delay: retry when one returns.
      const std::uint64_t oldest = *std::min_element(released_cycles_.begin(), released_cycles_.end());
      sender_->wake_at(clock_.to_ticks({oldest + spec_.credit_delay_cycles}));
      return false;
    }
    sender_waiting_ = true;
    return false;
  }
  /// The oldest item if it has arrived by now, else nullptr.
  const T* peek() const {
    return (!q_.empty() && q_.front().ready <= now()) ? &q_.front().item : nullptr;
  }
  /// Takes the oldest item if it has arrived; if one is still in flight, the receiver is woken
  /// when it lands, so a receiver may always go to sleep after an empty try_recv().
  std::optional<T> try_recv() {
    if (peek() == nullptr) {
      if (!q_.empty() && receiver_) receiver_->wake_at(q_.front().ready);
      return std::nullopt;
    }
    T item = std::move(q_.front().item);
    q_.pop_front();
    progress();
    const std::uint64_t cycle = clock_.cycle_at(now()).n;
    if (spec_.credit_delay_cycles > 0) {
      std::erase_if(released_cycles_, [&](std::uint64_t c) { return c + spec_.credit_delay_cycles <= cycle; });
      released_cycles_.push_back(cycle);
    }
    if (sender_waiting_ && sender_) {
      sender_waiting_ = false;
      sender_->wake_at(clock_.to_ticks({cycle + spec_.credit_delay_cycles}));
    }
    return item;
  }
  bool has_work() const override { return !q_.empty(); }
  std::string state() const override {
    return std::to_string(q_.size()) + "/" + std::to_string(spec_.capacity) + " items" +
           (sender_waiting_ ? ", sender blocked" : "");
  }

 private:
  struct Slot {
    Tick ready;
    T item;
  };
  const ClockDomain& clock_;
  ChannelSpec spec_;
  Ticked* sender_ = nullptr;
  Ticked* receiver_ = nullptr;
  std::deque<Slot> q_;
  std::vector<std::uint64_t> released_cycles_;  ///< cycles slots were freed (credit delay only)
  std::uint64_t send_cycle_ = ~0ULL;
  std::uint32_t sends_this_cycle_ = 0;
  bool sender_waiting_ = false;
  Counter& sent_;
  Counter& refused_full_;
  Counter& refused_bw_;
};

}  // namespace axsim::sim
