// SPDX-License-Identifier: Apache-2.0
// The DRAM client: outstanding counts, the outbox, back-pressure and tags routed back to the
// owner, with a probe component as the owner in front of the DRAM model.
#include "arch/common/dram/dram_client.hpp"

#include "arch/common/dram/ideal_memory.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/probe.hpp"

namespace axsim::arch::dram_client_test {
namespace {

class DramClientTest : public ::testing::Test {
 protected:
  DramClientTest() { ctx_.tech = &tech_; }
  /// The owner: on each tick it routes responses into `seen` and flushes its outbox.
  /// An ideal memory of `bytes_per_cycle`, `latency_cycles` and `queue_depth`.
  void make(double bytes_per_cycle, std::uint64_t latency_cycles, std::size_t queue_depth) {
    DramSpec spec;
    spec.model = "ideal";
    spec.queue_depth = queue_depth;
    spec.ideal = {bytes_per_cycle, latency_cycles};
    dram_ = std::make_unique<IdealMemory>(ctx_, nullptr, clock_, spec);
    owner_ = std::make_unique<test::Probe>(ctx_, clock_, "owner", [this](test::Probe&) {
      client_->take_responses([this](const MemResponse& r) { seen_.push_back(r); });
      client_->flush();
      return false;
    });
    client_ = std::make_unique<DramClient>(*owner_, *dram_);
  }
  sim::TechTable tech_ =
      sim::TechTable::load(std::string(AXSIM_SOURCE_DIR) + "/configs/tech/45nm.json");
  sim::SimContext ctx_;
  const sim::ClockDomain clock_{"core", 1000};
  std::unique_ptr<Dram> dram_;
  std::unique_ptr<test::Probe> owner_;
  std::unique_ptr<DramClient> client_;
  std::vector<MemResponse> seen_;
};

TEST_F(DramClientTest, QueuedRequestsAreOutstandingUntilAnswered) {
  make(8, 10, 2);
  client_->enqueue({64, false, 7});
  client_->enqueue({64, false, 8});
  client_->enqueue({32, true, 9});
  client_->enqueue({16, false, 10});
  EXPECT_EQ(client_->outstanding_reads(), 3u);
  EXPECT_EQ(client_->outstanding_writes(), 1u);
  EXPECT_EQ(client_->queued(), 4u);
  owner_->wake();
  ctx_.queue.run();
  EXPECT_EQ(client_->queued(), 0u);
  EXPECT_EQ(client_->outstanding_reads(), 0u);
  EXPECT_EQ(client_->outstanding_writes(), 0u);
  ASSERT_EQ(seen_.size(), 4u);  // answered in order, each with its tag
  EXPECT_EQ(seen_[0].tag, 7u);
  EXPECT_EQ(seen_[1].tag, 8u);
  EXPECT_EQ(seen_[2].tag, 9u);
  EXPECT_TRUE(seen_[2].write);
  EXPECT_EQ(seen_[3].tag, 10u);
  EXPECT_EQ(dram_->stats().find("bytes_read")->value(), 144.0);
  EXPECT_EQ(dram_->stats().find("bytes_written")->value(), 32.0);
}

TEST_F(DramClientTest, TrySendRefusesWhenTheQueueIsFullAndCountsNothing) {
  make(8, 10, 1);
  EXPECT_TRUE(client_->try_send({8, false, 1}));
  EXPECT_FALSE(client_->try_send({8, false, 2}));
  EXPECT_EQ(client_->outstanding_reads(), 1u);
  ctx_.queue.run();
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].tag, 1u);
  EXPECT_EQ(client_->outstanding_reads(), 0u);
}

TEST_F(DramClientTest, ResetDropsTheOutbox) {
  make(8, 10, 1);
  client_->enqueue({8, true, 3});
  client_->reset();
  EXPECT_EQ(client_->queued(), 0u);
  EXPECT_EQ(client_->outstanding_writes(), 0u);
  EXPECT_NE(client_->state().find("0 queued"), std::string::npos);
}

}  // namespace
}  // namespace axsim::arch::dram_client_test
