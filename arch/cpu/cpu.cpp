// SPDX-License-Identifier: Apache-2.0
// A CPU core replaying an instruction trace through a cache hierarchy: the host of the L1
// policies (LRU, HoLiSwap) and, next, of the CG-OoO core. See docs/units/holiswap.md.
#include <algorithm>
#include <memory>
#include <string>

#include "arch/common/unit_spec.hpp"
#include "arch/cpu/core.hpp"
#include "arch/cpu/cpu_params.hpp"
#include "arch/cpu/cpu_stats.hpp"
#include "arch/cpu/trace_phase.hpp"
#include "sim/error.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch::cpu {

namespace {

const CpuTracePhase& as_trace(const Phase& phase) {
  const auto* t = dynamic_cast<const CpuTracePhase*>(&phase);
  if (t == nullptr)
    throw sim::ConfigError("phase " + phase.name() + " is a " + phase.kind() +
                           ", but the cpu unit runs CPU traces (.axct; docs/cpu-traces.md)");
  return *t;
}

class CpuUnit : public Unit {
 public:
  CpuUnit(sim::Simulation& sim, const std::string& name, const CpuSpec& spec)
      : Unit(sim.ctx(), nullptr, name, "cpu"),
        spec_(spec),
        clock_(sim.clock(spec.clock)),
        core_(
            std::make_unique<Core>(sim.ctx(), this, clock_, spec.core, spec.memory.l1d.line_bytes)),
        memory_(std::make_unique<cache::MemoryHierarchy>(sim, this, clock_, spec.memory)) {
    cache::Cache& l1i = memory_->l1i();
    cache::Cache& l1d = memory_->l1d();
    l1i.connect_upstream(0, core_.get());
    l1d.connect_upstream(0, core_.get());
    core_->connect(l1i.requests(0), l1i.responses(0), l1d.requests(0), l1d.responses(0));
  }

  void check_phase(const Phase& phase) const override {
    const CpuTracePhase& t = as_trace(phase);
    const workloads::cpu::CpuTraceReader r(t.path());  // the header is checked
    const std::size_t windows = std::max<std::size_t>(1, r.header().windows.size());
    if (t.window() >= windows)
      throw sim::ConfigError(t.path() + ": no window " + std::to_string(t.window()) + " (it has " +
                             std::to_string(windows) + ")");
  }
  /// Windows run in order from one reader: the first opens the trace, each next one moves on.
  void start_phase(const Phase& phase) override {
    const CpuTracePhase& t = as_trace(phase);
    if (reader_ == nullptr || reader_path_ != t.path() || t.window() <= reader_->window()) {
      reader_ = std::make_unique<workloads::cpu::CpuTraceReader>(t.path());
      reader_path_ = t.path();
    }
    while (reader_->window() < t.window())
      if (!reader_->next_window())
        throw sim::SimError(t.path() + ": window " + std::to_string(t.window()) + " not reached");
    const auto& windows = reader_->header().windows;
    instructions_ = windows.empty() ? reader_->header().instructions : windows[t.window()].count;
    window_weight_.sample(t.weight());
    core_->start(*reader_);
  }
  bool phase_done() const override { return core_->done(); }
  sim::Tick phase_ticks() const override {
    return clock_.to_ticks({core_->finish_cycle()}) - clock_.to_ticks({core_->start_cycle()});
  }
  std::uint64_t phase_work(const Phase&) const override { return instructions_; }
  std::uint64_t phase_useful_work(const Phase&) const override { return instructions_; }
  sim::PhaseCycleStack phase_cycle_stack() const override {
    sim::PhaseCycleStack stack{1, {}};
    stack.sum.add(core_->cycle_stack());
    return stack;
  }
  std::string work_unit() const override { return "instructions"; }
  double peak_work_per_cycle() const override { return spec_.core.front.width; }
  /// The core issued every instruction the trace holds (the reader checked the count).
  void verify_phase(const Phase& phase) const override {
    if (core_->retired() != instructions_)
      throw sim::SimError("phase " + phase.name() + ": the core committed " +
                          std::to_string(core_->retired()) + " instructions, the trace holds " +
                          std::to_string(instructions_));
  }
  const sim::ClockDomain& clock() const override { return clock_; }

 private:
  CpuSpec spec_;
  const sim::ClockDomain& clock_;
  std::unique_ptr<Core> core_;
  std::unique_ptr<cache::MemoryHierarchy> memory_;
  std::unique_ptr<workloads::cpu::CpuTraceReader> reader_;
  std::string reader_path_;
  std::uint64_t instructions_ = 0;
  sim::Average& window_weight_ = [this]() -> sim::Average& {
    const StatDecl& d = find_stat_decl(cpu_component_stats(), "cpu", "window_weight");
    return stats().average(d.name, d.unit, d.doc);
  }();
};

}  // namespace

std::vector<CpuTracePhase> cpu_trace_phases(const std::string& path, const std::string& name) {
  const workloads::cpu::CpuTraceReader r(path);
  const auto& windows = r.header().windows;
  if (windows.empty()) return {CpuTracePhase(path, name)};
  std::vector<CpuTracePhase> out;
  for (std::size_t i = 0; i < windows.size(); ++i)
    out.emplace_back(path, name + "." + windows[i].role + std::to_string(i), i, windows[i].role,
                     windows[i].weight);
  return out;
}

namespace {

UnitInfo registration() {
  UnitInfo u = cpu_info();
  u.read = [](ParamReader& r, const ParseContext& ctx) -> std::unique_ptr<UnitSpec> {
    return std::make_unique<SpecOf<CpuSpec, CpuUnit>>(read_cpu(r, ctx));
  };
  return u;
}

}  // namespace

AXSIM_REGISTER_UNIT(registration());

}  // namespace axsim::arch::cpu
