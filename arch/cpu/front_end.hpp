// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "arch/cpu/branch_predictor.hpp"
#include "arch/cpu/uop.hpp"
#include "sim/channel.hpp"
#include "sim/component.hpp"

namespace axsim::arch::cpu {

struct FrontEndSpec {
  std::uint32_t width = 4;          ///< instructions fetched a cycle
  std::uint32_t fetch_bytes = 16;   ///< bytes of one aligned L1-I fetch
  std::uint32_t fetch_queue = 16;   ///< instructions fetched ahead of dispatch
  std::uint32_t decode_cycles = 1;  ///< from a fetch's arrival to dispatch
  PredictorSpec predictor;
};

/// A core's front end ("cpu.front_end"): follows the trace, fetching each new aligned block of
/// fetch_bytes from the L1-I (one new block a cycle), and the target's block after every taken
/// branch, which ends the fetch group. Each branch is predicted; after a mispredicted one fetch
/// stops until the back end says it resolved, then fetches the right path. An instruction can
/// be dispatched decode_cycles after the last block it needs arrived. The back end may hand back
/// instructions it squashed (replay): they are fetched again, ahead of the queue.
class FrontEnd : public sim::Component {
 public:
  FrontEnd(sim::SimContext& ctx, sim::Component* parent, const FrontEndSpec& spec,
           std::uint32_t line_bytes);
  void connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp);
  void start(workloads::cpu::CpuTraceReader& trace);
  /// One cycle: takes the L1-I's responses, fetches, sends block requests. True when it fetched
  /// or has requests the L1-I did not take yet (it needs the next cycle).
  bool tick(std::uint64_t cycle);
  /// The oldest fetched instruction if it can be dispatched this cycle, else null.
  Uop* ready(std::uint64_t cycle);
  Uop pop();
  /// The mispredicted branch resolved: fetch goes on from `cycle`.
  void resolved(std::uint64_t cycle);
  /// Squashed instructions (in program order, older than everything queued) to fetch again.
  void replay(std::deque<Uop>&& squashed);
  /// The earliest cycle after `cycle` at which something here changes without a response.
  std::uint64_t next_change(std::uint64_t cycle) const;
  bool finished() const;  ///< the trace ended and every instruction was taken
  bool waiting_for_redirect(std::uint64_t cycle) const { return blocked_ || cycle < resume_; }
  bool empty() const { return queue_.empty(); }
  std::string state() const;

 private:
  struct Block {
    std::uint64_t addr = 0;
    std::uint64_t arrived = kNever;
  };
  void fetch(std::uint64_t cycle);
  void request_block(std::uint64_t addr);
  void send_blocks();
  Uop decode(std::uint64_t first_seq);

  FrontEndSpec spec_;
  std::uint32_t line_bytes_;
  workloads::cpu::CpuTraceReader* trace_ = nullptr;
  bool trace_end_ = true;
  workloads::cpu::DynInsn next_;
  std::uint64_t next_seq_ = 0;
  sim::Channel<MemRequest>* l1i_req_ = nullptr;
  sim::Channel<MemResponse>* l1i_resp_ = nullptr;
  std::deque<Uop> queue_;
  std::deque<Block> blocks_;  ///< blocks_[0] has sequence number block_base_
  std::uint64_t block_base_ = 0;
  std::uint64_t first_unsent_ = 0;
  bool redirect_ = false;  ///< the last instruction fetched was a taken branch
  bool blocked_ = false;   ///< a mispredicted branch has not resolved
  std::uint64_t resume_ = 0;
  sim::Counter &blocks_fetched_, &taken_branches_, &mispredicts_, &replayed_;
  std::unique_ptr<BranchPredictor> predictor_;
};

}  // namespace axsim::arch::cpu
