// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arch/unit.hpp"
#include "tools/axsim/task_spec.hpp"
#include "sim/time.hpp"

namespace axsim::tools {

/// A parsed and validated run config (see docs/config-reference.md).
struct RunConfig {
  std::string path;             ///< the file it came from
  std::string json;             ///< effective config after --set overrides (canonical dump)
  std::string name, description, reproduces, tech_path, workload;
  std::string recipe_path;      ///< recipe for built-in workloads ("" = the int8 one)
  std::vector<std::string> layer_kinds;  ///< run only layers of these kinds (empty: all)
  std::vector<std::string> layer_names;  ///< run only these layers, by name (empty: all)
  bool fail_infeasible = false;  ///< "infeasible": "fail": a layer that does not fit fails the run
  std::uint64_t seed = 1;
  std::uint64_t watchdog_cycles = 1'000'000;
  struct Clock {
    std::string name;
    sim::Tick period_ps;
  };
  std::vector<Clock> clocks;
  std::string unit_type, unit_name, unit_clock;
  std::unique_ptr<arch::UnitSpec> unit;
  std::optional<TaskSpec> task;  ///< labelled inputs to score the unit on (docs/tasks.md)
};

/// Best-effort identity of a config, read without validation so that even a config that fails
/// to parse gets a meaningful 'failed' row.
struct ConfigIdentity {
  std::string json, unit_type, workload;
  std::string name;  ///< the config's name, with what --set or a sweep changed (read_config)
  std::uint64_t seed = 1;  ///< the default when the config has none
};

/// Reads `path` and applies `overrides` ("unit.params.pe_rows=32" or "/seed=3"); throws
/// ConfigError for unreadable files, JSON syntax errors and bad override paths. The name is the
/// config's, followed by what the overrides changed ("dense-16x16-os-45nm [pe_rows=32]"),
/// unless they set a new name.
ConfigIdentity read_config(const std::string& path, const std::vector<std::string>& overrides);
/// A config's workload as runs name it: a relative topology file (".json") is taken from the
/// config's folder, as its tech table and recipe are; anything else is returned as it is.
std::string beside_config(const std::string& config_path, const std::string& workload);

/// Validates everything (unknown keys, types, ranges, clock names, unit params) and reports all
/// errors at once as one ConfigError.
RunConfig parse_config(const std::string& path, const std::string& json_text);

}  // namespace axsim::tools
