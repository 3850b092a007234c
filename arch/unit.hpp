// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arch/param_table.hpp"
#include "sim/component.hpp"
#include "sim/cycle_stack.hpp"
#include "sim/params.hpp"
#include "sim/simulation.hpp"

namespace axsim::arch {

/// One phase of a run as a unit receives it: a DNN layer (LayerPhase), later a region of a CPU
/// instruction trace. The run loop (run/) knows phases, never what is inside them.
class Phase {
 public:
  virtual ~Phase() = default;
  virtual const std::string& name() const = 0;
  virtual std::string kind() const = 0;  ///< e.g. "conv", "fc", "lstm"
};

/// A top-level simulated machine. A run is a sequence of phases: the unit checks each before the
/// first starts, then runs them one by one; each reports its work (a count in work_unit()), the
/// peak work per cycle, and verifies its own result by the rule its kind of unit has (exact
/// outputs for DNN units; a tolerance for noisy ones).
class Unit : public sim::Component {
 public:
  using sim::Component::Component;
  /// Throws ConfigError if the phase cannot run on this configuration (called for every phase
  /// before the first is simulated, so a mismatch is reported up front).
  virtual void check_phase(const Phase& phase) const = 0;
  /// Loads the phase and wakes the unit's first component.
  virtual void start_phase(const Phase& phase) = 0;
  virtual bool phase_done() const = 0;
  /// Ticks from the phase's start to its last write reaching memory.
  virtual sim::Tick phase_ticks() const = 0;
  /// What the phase was worth, in work_unit(): MACs of a DNN layer, instructions of a trace.
  virtual std::uint64_t phase_work(const Phase& phase) const = 0;
  /// The work the datapath actually performed (what utilization is measured against).
  virtual std::uint64_t phase_ops(const Phase& phase) const { return phase_work(phase); }
  /// The part of phase_work() with no zero operand (a property of the workload, the same on
  /// every unit): what a sparse design can at best restrict itself to.
  virtual std::uint64_t phase_useful_work(const Phase& phase) const = 0;
  /// Where the phase's cycles went, summed over the unit's lanes (sim/cycle_stack.hpp): the
  /// counts add up to lanes x the phase's cycles exactly (collect_phase checks it).
  virtual sim::PhaseCycleStack phase_cycle_stack() const = 0;
  /// What the phase needs that the configured hardware does not have (a memory too small),
  /// one line each; empty when it fits. The run goes on (the result is what the design would
  /// do with larger memories) unless the config asks to fail such a run.
  virtual std::vector<std::string> phase_shortfalls() const { return {}; }
  virtual std::string work_unit() const = 0;
  virtual double peak_work_per_cycle() const = 0;
  /// After the phase: throws SimError when its result breaks the unit's verification rule.
  virtual void verify_phase(const Phase& phase) const = 0;
  virtual const sim::ClockDomain& clock() const = 0;
};


/// A unit's parsed, validated parameters; build() constructs the hardware. Parsing everything
/// first means every config error is reported before anything is built.
class UnitSpec {
 public:
  virtual ~UnitSpec() = default;
  virtual std::unique_ptr<Unit> build(sim::Simulation& sim, const std::string& name) const = 0;
};

/// A statistic a unit's components report, and an energy action they count (registration data:
/// `axsim describe`, docs/config-reference.md; a test checks them against the built hardware).
struct StatDecl {
  std::string component;  ///< component type ("dense.controller", "common.dram")
  std::string name, unit, doc;
};
/// The declaration of stat `name` of component type `component` in `decls` (an internal error if
/// there is none): components register their stats from the data the docs are made of.
const StatDecl& find_stat_decl(const std::vector<StatDecl>& decls, const std::string& component,
                               const std::string& name);
/// A counter `name` on `owner`, as `decls` declares it for the owner's type.
sim::Counter& declared_counter(sim::Component& owner, const std::vector<StatDecl>& decls,
                               const std::string& name);
struct ActionDecl {
  std::string component;
  std::string name;
  std::string cost;  ///< where its energy comes from (a tech-table key or rule)
  std::string doc;
};

struct UnitInfo {
  std::string type;     ///< the config's "type" string
  std::string summary;
  std::string paper;    ///< the design it models
  ParamTable params;    ///< the "params" object: every key, declared once
  /// Reads the params through `params` (errors go to the Params' Diagnostics); returns the spec.
  std::function<std::unique_ptr<UnitSpec>(ParamReader&, const ParseContext&)> read;
  std::vector<StatDecl> stats;
  std::vector<ActionDecl> actions;
  std::string doc;    ///< markdown before the params table in docs/config-reference.md
  std::string notes;  ///< markdown after it

  /// Reads and validates `p` through the declared table, then rejects undeclared keys.
  std::unique_ptr<UnitSpec> parse(sim::Params& p, const ParseContext& ctx) const;
  /// Every weight encoding (trace format name) some configuration of the unit reads.
  std::vector<std::string> formats;
};

/// Units register themselves by type string; the simulator core never names a unit.
class UnitRegistry {
 public:
  static bool add(UnitInfo info);
  static const UnitInfo* find(const std::string& type);
  static const std::vector<UnitInfo>& all();  ///< sorted by type
};

}  // namespace axsim::arch

#define AXSIM_CONCAT_INNER(a, b) a##b
#define AXSIM_CONCAT(a, b) AXSIM_CONCAT_INNER(a, b)
/// One line in a unit's .cpp makes it buildable from JSON: AXSIM_REGISTER_UNIT(info_expr).
#define AXSIM_REGISTER_UNIT(...)                                              \
  [[maybe_unused]] static const bool AXSIM_CONCAT(axsim_registered_, __LINE__) = \
      ::axsim::arch::UnitRegistry::add(__VA_ARGS__)
