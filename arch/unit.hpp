// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "arch/param_table.hpp"
#include "sim/component.hpp"
#include "sim/params.hpp"
#include "sim/simulation.hpp"
#include "workloads/layer.hpp"

namespace axsim::arch {

/// A top-level accelerator that runs a workload one layer at a time and computes real outputs.
class Unit : public sim::Component {
 public:
  using sim::Component::Component;
  /// Loads the layer into the unit's DRAM image and wakes its first component.
  virtual void start_layer(const workloads::Layer& layer) = 0;
  /// Throws ConfigError if the layer cannot run on this configuration (called for every layer
  /// before the first is simulated, so a mismatch is reported up front).
  virtual void check_layer(const workloads::Layer& layer) const = 0;
  virtual bool layer_done() const = 0;
  /// The layer's outputs as computed by the simulated datapath ([M][OH][OW], int32).
  virtual const std::vector<std::int32_t>& layer_output() const = 0;
  /// What layer_output() must equal, computed without the simulated structures: by default
  /// the int8 reference convolution; a unit with other arithmetic (EIE's 16-bit fixed point)
  /// gives its own.
  virtual std::vector<std::int32_t> reference_output(const workloads::Layer& layer) const {
    return workloads::reference_output(layer);
  }
  /// Multiply-accumulates the datapath performed for the layer just run (what utilization is
  /// measured against): all of them for a dense unit, the stored entries for a sparse one.
  virtual std::uint64_t layer_ops(const workloads::Layer& layer) const { return layer.shape.macs(); }
  /// Ticks from the layer's start to its last write reaching memory.
  virtual sim::Tick layer_ticks() const = 0;
  virtual const sim::ClockDomain& clock() const = 0;
  virtual double peak_macs_per_cycle() const = 0;
};

/// What a unit's parser may check its params against.
struct ParseContext {
  std::vector<std::string> clock_names;  ///< the config's /clocks
  std::string unit_clock;                 ///< the unit's own clock (already checked)
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
