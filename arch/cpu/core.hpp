// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "arch/cpu/block_compiler.hpp"
#include "arch/cpu/core_costs.hpp"
#include "arch/cpu/core_spec.hpp"
#include "arch/cpu/front_end.hpp"
#include "arch/cpu/load_store_queue.hpp"
#include "arch/cpu/scheduler.hpp"
#include "sim/channel.hpp"
#include "sim/cycle_stack.hpp"

namespace axsim::arch::cpu {

/// A trace-driven core ("cpu.core"): a front end (fetch through the L1-I, branch prediction,
/// decode), dispatch into a reorder buffer with register renaming by producer, a scheduler (the
/// in-order window, reservation stations or CG-OoO's block windows), execution units, the load
/// and store queues, and in-order commit (CG-OoO: of whole blocks). Every cycle it commits,
/// issues, dispatches and fetches; it sleeps while nothing can change before a known cycle or a
/// cache response. Memory-order violations squash and refetch (docs/units/cgooo.md).
class Core : public sim::Ticked, private IssuePort {
 public:
  Core(sim::SimContext& ctx, sim::Component* parent, const sim::ClockDomain& clock,
       const CoreSpec& spec, std::uint32_t line_bytes);
  ~Core() override;
  void connect(sim::Channel<MemRequest>& l1i_req, sim::Channel<MemResponse>& l1i_resp,
               sim::Channel<MemRequest>& l1d_req, sim::Channel<MemResponse>& l1d_resp);
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
  enum class Stall { kNone, kFetch, kRedirect, kMemory, kStructure, kDependency, kDrain };
  bool try_issue(Uop& u, std::uint64_t cycle, std::uint32_t cluster) override;
  bool operands_ready(const Uop& u, std::uint64_t cycle) const;
  bool unit_free(const Uop& u, std::uint64_t cycle, std::uint32_t cluster);
  std::uint32_t latency(const Uop& u) const;
  void finish(Uop& u, std::uint64_t cycle);
  void take_loads(std::uint64_t cycle);
  std::uint32_t commit(std::uint64_t cycle);
  bool block_complete(std::uint64_t cycle) const;
  void retire_head();
  Stall dispatch(std::uint64_t cycle, std::uint32_t& dispatched);
  void assign_block(Uop& u);
  void rename(Uop& u);
  void learn_block();
  void squash(std::uint64_t seq);
  std::uint32_t registers_needed(const Uop& u) const;
  Uop* in_rob(std::uint64_t seq);
  const Uop* in_rob(std::uint64_t seq) const;
  void schedule(std::uint64_t cycle) { events_.push(cycle); }
  bool sleep(std::uint64_t cycle);
  sim::CycleCategory category(Stall dispatch_stall) const;

  CoreSpec spec_;
  bool blocks_;  ///< CG-OoO
  std::unique_ptr<FrontEnd> front_;
  std::unique_ptr<LoadStoreQueue> lsq_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<CoreCosts> costs_;
  workloads::cpu::CpuTraceReader* trace_ = nullptr;
  std::deque<Uop> rob_;  ///< dispatched, not committed, in program order (seqs contiguous)
  std::array<std::uint64_t, 64> last_writer_{};
  std::uint32_t free_registers_ = 0;
  BlockCompiler compiler_;  ///< CG-OoO: local registers and schedule, by static
  std::uint64_t block_id_ = 0;
  std::uint32_t block_size_ = 0;
  bool block_closed_ = true;
  std::uint64_t block_first_seq_ = 0;
  std::vector<std::uint32_t> alus_used_;  ///< this cycle's, per cluster
  std::uint32_t mul_used_ = 0, fp_used_ = 0, mem_used_ = 0, issued_ = 0;
  std::uint64_t div_free_ = 0;
  std::uint64_t squash_at_ = kNoSeq;
  std::priority_queue<std::uint64_t, std::vector<std::uint64_t>, std::greater<>> events_;
  std::vector<std::uint64_t> finished_loads_;
  std::uint64_t start_cycle_ = 0, finish_cycle_ = 0;
  bool done_ = true, starting_ = false;
  sim::CycleStack stack_;
  sim::CycleCategory slept_as_ = sim::CycleCategory::kIdle;
  sim::Counter &retired_, &loads_, &stores_, &squashes_, &blocks_committed_;
};

}  // namespace axsim::arch::cpu
