// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "arch/common/dram/mem_request.hpp"
#include "arch/cpu/branch_predictor.hpp"
#include "arch/cpu/core_spec.hpp"
#include "sim/channel.hpp"
#include "sim/cycle_stack.hpp"
#include "workloads/cpu/cpu_trace.hpp"

namespace axsim::arch::cpu {

/// A simple in-order core ("cpu.inorder_core") that replays a CPU trace through the L1s.
/// Fetch follows the trace and requests each new aligned block of fetch_bytes from the L1-I, and
/// the target's block after every taken branch (which ends the fetch group). Each branch is
/// predicted (BranchPredictor); after a mispredicted one fetch stops until it resolves (its
/// issue plus its latency) and then refetches from the right path. An instruction may
/// issue decode_cycles after its block arrived. Issue is in order, up to `width` a cycle, when the
/// instruction's source registers are ready, a unit of its class is free this cycle (dividers are
/// busy for their whole latency), and for a load a load slot (one with blocking loads) and for a
/// store a store-buffer entry is free. Each memory access becomes one L1-D request per line it
/// touches, sent mem_ports a cycle in issue order; a load's destinations are ready when its last
/// response arrives, a store's entry frees at its acknowledgement. A result is ready its class's
/// latency after issue.
class InOrderCore : public sim::Ticked {
 public:
  InOrderCore(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
              const CoreSpec& spec, std::uint32_t line_bytes);
  /// The L1s' port channels (the core sends on the request channels).
  void connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp,
               sim::Channel<MemRequest>& l1d_req, sim::Channel<MemResponse>& l1d_resp);
  /// Starts replaying the current window of `trace` (read as the core goes, to the window's
  /// end; the caller keeps the reader).
  void start(workloads::cpu::CpuTraceReader& trace);
  bool done() const { return done_; }
  std::uint64_t start_cycle() const { return start_cycle_; }
  std::uint64_t finish_cycle() const { return finish_cycle_; }
  std::uint64_t retired() const { return retired_.count(); }
  const sim::CycleStack& cycle_stack() const { return stack_; }
  bool has_work() const override { return !done_ && trace_ != nullptr; }
  std::string state() const override;

 protected:
  bool tick() override;

 private:
  struct Insn {
    std::uint32_t index = 0;        ///< the static instruction
    std::uint64_t first_block = 0;  ///< sequence numbers of the fetch blocks it needs
    std::uint64_t last_block = 0;
    bool mispredicted = false;    ///< fetch waits for it to resolve
    std::vector<MemRequest> mem;  ///< its accesses split at line boundaries
  };
  struct Block {
    std::uint64_t addr = 0;
    std::uint64_t arrived = kNever;  ///< cycle its response was visible
  };
  struct Load {
    bool busy = false;
    std::uint32_t remaining = 0;
    std::vector<std::uint8_t> dst;
  };
  enum class Stall { kNone, kFetch, kRedirect, kLoadData, kDependency, kStructure, kDrain };
  static constexpr std::uint64_t kNever = ~std::uint64_t{0};

  void take_responses(std::uint64_t cycle);
  void fetch(std::uint64_t cycle);
  void request_block(std::uint64_t addr);
  void send_blocks();
  Stall issue(std::uint64_t cycle, std::uint32_t& issued);
  /// kNone, or why `in` cannot issue now (wait_until_: the cycle it can, when known).
  Stall can_issue(const Insn& in, std::uint64_t cycle);
  void execute(Insn& in, std::uint64_t cycle);
  void send_memory();
  bool drained() const;
  static sim::CycleCategory category(Stall s);

  CoreSpec spec_;
  std::uint32_t line_bytes_;
  workloads::cpu::CpuTraceReader* trace_ = nullptr;
  bool trace_end_ = false;
  workloads::cpu::DynInsn next_;
  sim::Channel<MemRequest>* l1i_req_ = nullptr;
  sim::Channel<MemResponse>* l1i_resp_ = nullptr;
  sim::Channel<MemRequest>* l1d_req_ = nullptr;
  sim::Channel<MemResponse>* l1d_resp_ = nullptr;

  std::deque<Insn> queue_;    ///< fetched, in program order
  std::deque<Block> blocks_;  ///< blocks_[0] has sequence number block_base_
  std::uint64_t block_base_ = 0;
  std::uint64_t first_unsent_ = 0;  ///< the first block whose request the L1-I has not taken
  std::array<std::uint64_t, workloads::cpu::reg::kIds>
      reg_ready_{};  ///< cycle each register's value is ready
  std::vector<Load> loads_;
  std::uint32_t loads_busy_ = 0, stores_busy_ = 0;
  std::deque<MemRequest> mem_out_;            ///< issued, not yet accepted by the L1-D
  std::uint64_t div_free_ = 0;                ///< cycle the dividers are free
  std::uint32_t mul_used_ = 0, fp_used_ = 0;  ///< this cycle's
  std::uint64_t wait_until_ = kNever;
  std::uint64_t last_ready_ = 0;  ///< latest result cycle so far
  std::uint64_t start_cycle_ = 0, finish_cycle_ = 0;
  bool done_ = true;
  bool starting_ = false;  ///< started, not ticked yet
  bool redirect_ = false;  ///< the last instruction fetched was a taken branch
  /// A mispredicted branch was fetched: fetch waits until it resolves, then from the cycle
  /// fetch_resume_ fetches the right path (the trace's next instruction).
  bool fetch_blocked_ = false;
  std::uint64_t fetch_resume_ = 0;
  sim::CycleStack stack_;
  sim::CycleCategory slept_as_ = sim::CycleCategory::kIdle;

  sim::Counter& retired_;
  sim::Counter& loads_sent_;
  sim::Counter& stores_sent_;
  sim::Counter& blocks_fetched_;
  sim::Counter& taken_branches_;
  sim::Counter& mispredicts_;
  std::unique_ptr<BranchPredictor> predictor_;
};

}  // namespace axsim::arch::cpu
