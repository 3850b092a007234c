// SPDX-License-Identifier: Apache-2.0
// Channel<T>: capacity and bandwidth refusals wake the sender, latency hides items until they
// land, and an empty try_recv() re-arms the receiver's wake.
#include "sim/channel.hpp"
#include "tests/support/probe.hpp"

#include <gtest/gtest.h>

#include <memory>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace axsim::sim::channel_test {
namespace {

using test::Probe;

double stat(const Component& c, const std::string& name) {
  const Stat* s = c.stats().find(name);
  return s ? s->value() : -1.0;
}

struct Fixture {
  SimContext ctx;
  ClockDomain core{"core", 1000};
};

TEST(Channel, FullChannelRefusesAndWakesSenderWhenReceiverTakes) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {/*capacity=*/2, /*latency=*/1, /*per cycle=*/4});
  int next = 0;
  std::vector<std::pair<int, Tick>> sends;
  Probe sender(f.ctx, f.core, "sender", [&](Probe& self) {
    while (next < 3 && ch.try_send(next)) sends.emplace_back(next++, self.now());
    return false;  // sleeps; a refused send leaves it waiting for the channel's wake
  });
  std::vector<std::pair<int, Tick>> got;
  Probe receiver(f.ctx, f.core, "receiver", [&](Probe& self) {
    if (self.now() < 5000) {
      self.wake_at(5000);  // ignore the early delivery wake; take one item at 5000
      return false;
    }
    if (auto v = ch.try_recv()) got.emplace_back(*v, self.now());
    return false;
  });
  ch.connect(&sender, &receiver);
  sender.wake();
  f.ctx.queue.run();

  EXPECT_EQ(stat(ch, "refused_full"), 1.0);
  EXPECT_EQ(stat(ch, "refused_bandwidth"), 0.0);
  // The blocked sender ticked exactly once more, at the moment the receiver freed a slot.
  EXPECT_EQ(sender.tick_times, (std::vector<Tick>{0, 5000}));
  EXPECT_EQ(sends, (std::vector<std::pair<int, Tick>>{{0, 0}, {1, 0}, {2, 5000}}));
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.front(), (std::pair<int, Tick>{0, 5000}));
  EXPECT_EQ(stat(ch, "items_sent"), 3.0);
}

TEST(Channel, FullChannelStateReportsBlockedSender) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {1, 1, 1});
  Probe sender(f.ctx, f.core, "sender", [&](Probe&) {
    ch.try_send(1);
    ch.try_send(2);  // refused: full
    return false;
  });
  ch.connect(&sender, nullptr);
  sender.wake();
  f.ctx.queue.run();
  EXPECT_TRUE(ch.full());
  EXPECT_TRUE(ch.has_work());
  EXPECT_EQ(ch.state(), "1/1 items, sender blocked");
}

TEST(Channel, OneItemPerCycleRefusesSecondSendAndWakesSenderNextCycle) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {/*capacity=*/8, /*latency=*/1, /*per cycle=*/1});
  int next = 0;
  std::vector<std::pair<int, Tick>> sends;
  Probe sender(f.ctx, f.core, "sender", [&](Probe& self) {
    while (next < 3 && ch.try_send(next)) sends.emplace_back(next++, self.now());
    return false;  // the bandwidth refusal schedules the next attempt
  });
  ch.connect(&sender, nullptr);
  sender.wake();
  f.ctx.queue.run();

  EXPECT_EQ(stat(ch, "refused_bandwidth"), 2.0);
  EXPECT_EQ(stat(ch, "refused_full"), 0.0);
  EXPECT_EQ(sender.tick_times, (std::vector<Tick>{0, 1000, 2000}));
  EXPECT_EQ(sends, (std::vector<std::pair<int, Tick>>{{0, 0}, {1, 1000}, {2, 2000}}));
  EXPECT_EQ(stat(ch, "items_sent"), 3.0);
  EXPECT_EQ(ch.occupancy(), 3u);
}

// A registered full flag: a slot freed in cycle c takes sends from c + 1, so a depth-1 FIFO
// passes one item every two cycles whichever of sender and receiver ticks first in a cycle.
std::vector<Tick> credit_delay_send_times(bool receiver_first) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {1, 1, 1, /*credit_delay_cycles=*/1});
  std::vector<Tick> sends;
  auto send = [&](Probe& self) {
    if (sends.size() == 3 || !ch.try_send(0)) return false;  // a refusal wakes us later
    sends.push_back(self.now());
    return true;
  };
  auto take = [&](Probe&) { return ch.try_recv().has_value() || ch.has_work(); };
  std::unique_ptr<Probe> first, second;
  if (receiver_first) {
    first = std::make_unique<Probe>(f.ctx, f.core, "receiver", take);
    second = std::make_unique<Probe>(f.ctx, f.core, "sender", send);
    ch.connect(second.get(), first.get());
  } else {
    first = std::make_unique<Probe>(f.ctx, f.core, "sender", send);
    second = std::make_unique<Probe>(f.ctx, f.core, "receiver", take);
    ch.connect(first.get(), second.get());
  }
  first->wake();
  second->wake();
  f.ctx.queue.run();
  return sends;
}

TEST(Channel, CreditDelayMakesTheOrderWithinACycleIrrelevant) {
  const std::vector<Tick> expected{0, 2000, 4000};
  EXPECT_EQ(credit_delay_send_times(false), expected);
  EXPECT_EQ(credit_delay_send_times(true), expected);
}

TEST(Channel, TwoItemsPerCycleAcceptsTwoSends) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {8, 1, 2});
  int accepted = 0;
  Probe sender(f.ctx, f.core, "sender", [&](Probe&) {
    while (accepted < 3 && ch.try_send(accepted)) ++accepted;
    return false;
  });
  ch.connect(&sender, nullptr);
  sender.wake();
  f.ctx.queue.run();
  EXPECT_EQ(accepted, 3);  // two at cycle 0, then the woken retry at cycle 1 takes the third
  EXPECT_EQ(stat(ch, "refused_bandwidth"), 1.0);
  EXPECT_EQ(sender.tick_times, (std::vector<Tick>{0, 1000}));
}

TEST(Channel, PeekIsNullBeforeReadyAndItemAtReady) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {/*capacity=*/2, /*latency=*/3, /*per cycle=*/1});
  Probe sender(f.ctx, f.core, "sender", [&](Probe&) {
    EXPECT_TRUE(ch.try_send(42));
    return false;
  });
  std::vector<std::pair<Tick, std::optional<int>>> seen;
  Probe receiver(f.ctx, f.core, "receiver", [&](Probe& self) {
    const int* p = ch.peek();
    seen.emplace_back(self.now(), p ? std::optional<int>(*p) : std::nullopt);
    return p == nullptr;  // look every cycle until it is there
  });
  ch.connect(&sender, &receiver);
  sender.wake();
  receiver.wake();  // scheduled after the sender: it looks in the same cycle as the send
  f.ctx.queue.run();

  const std::vector<std::pair<Tick, std::optional<int>>> expected = {
      {0, std::nullopt}, {1000, std::nullopt}, {2000, std::nullopt}, {3000, 42}};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(ch.occupancy(), 1u);  // peek does not take it
  EXPECT_EQ(stat(ch, "items_sent"), 1.0);
}

TEST(Channel, TryRecvOfItemInFlightRearmsReceiverWake) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {/*capacity=*/2, /*latency=*/5, /*per cycle=*/1});
  Probe sender(f.ctx, f.core, "sender", [&](Probe&) {
    EXPECT_TRUE(ch.try_send(7));
    return false;
  });
  std::vector<std::pair<Tick, std::optional<int>>> seen;
  Probe receiver(f.ctx, f.core, "receiver", [&](Probe& self) {
    seen.emplace_back(self.now(), ch.try_recv());
    return false;  // relies on the channel to wake it
  });
  ch.connect(&sender, &receiver);
  // The receiver is already due at 1000, so the send's delivery wake for 5000 is absorbed by
  // it; only the re-arm done by the empty try_recv() at 1000 can bring the receiver back.
  receiver.wake_at(1000);
  sender.wake();
  f.ctx.queue.run();

  const std::vector<std::pair<Tick, std::optional<int>>> expected = {{1000, std::nullopt},
                                                                     {5000, 7}};
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(ch.occupancy(), 0u);
  EXPECT_FALSE(ch.has_work());
}

TEST(Channel, ItemsSentCountsAcceptedSendsOnly) {
  Fixture f;
  Channel<int> ch(f.ctx, nullptr, "ch", f.core, {/*capacity=*/4, /*latency=*/1, /*per cycle=*/2});
  int cycles = 0;
  Probe sender(f.ctx, f.core, "sender", [&](Probe&) {
    ch.try_send(1);
    ch.try_send(2);
    ch.try_send(3);  // refused: bandwidth at cycle 0, full at cycle 1
    return ++cycles < 2;
  });
  ch.connect(&sender, nullptr);
  sender.wake();
  f.ctx.queue.run();
  EXPECT_EQ(stat(ch, "items_sent"), 4.0);
  EXPECT_EQ(stat(ch, "refused_bandwidth"), 1.0);
  EXPECT_EQ(stat(ch, "refused_full"), 1.0);
  EXPECT_EQ(ch.occupancy(), 4u);
  // Declared stats, in order, are what reports show.
  ASSERT_EQ(ch.stats().all().size(), 3u);
  EXPECT_EQ(ch.stats().all()[0]->name(), "items_sent");
  EXPECT_EQ(ch.stats().all()[1]->name(), "refused_full");
  EXPECT_EQ(ch.stats().all()[2]->name(), "refused_bandwidth");
}

}  // namespace
}  // namespace axsim::sim::channel_test
