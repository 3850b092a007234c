// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace axsim::sim {

/// A cost with the source it comes from (paper table, Horowitz 45 nm, a scaling rule).
struct Cost {
  double value = 0;
  std::string source;
};

/// Per-access SRAM costs for one array size, derived by the tech table's scaling rule.
struct SramCosts {
  Cost read_pj, write_pj, leakage_mw, area_um2;
};

/// Energy, leakage and area entries of one technology node, loaded from configs/tech/<node>.json.
/// Every entry carries a "source"; a missing entry is a ConfigError naming the file and key.
class TechTable {
 public:
  static TechTable load(const std::string& path);
  const std::string& node() const { return node_; }
  const std::string& path() const { return path_; }
  Cost energy_pj(const std::string& action) const;
  Cost leakage_mw(const std::string& component) const;
  Cost area_um2(const std::string& component) const;
  /// Costs of an SRAM of `capacity_bytes` accessed `width_bits` at a time.
  SramCosts sram(std::uint64_t capacity_bytes, std::uint32_t width_bits) const;

 private:
  Cost lookup(const std::map<std::string, Cost>& m, const std::string& section,
              const std::string& key) const;
  std::string path_, node_;
  std::map<std::string, Cost> energy_pj_, leakage_mw_, area_um2_;
  struct SramRule {
    double ref_bytes = 0, ref_width_bits = 0, read_pj = 0, write_pj = 0, capacity_exponent = 0;
    double leakage_mw_per_kib = 0, area_um2_per_bit = 0;
    std::string energy_source, leakage_source, area_source;
  } sram_;
};

/// Action counts of one component, each with its per-action energy resolved from the tech table
/// when the component is built. Counts are stored with the run so it can be re-costed.
class ActionCounts {
 public:
  using Id = std::size_t;
  struct Action {
    std::string name;
    Cost energy_pj;
    std::uint64_t count = 0;
  };
  Id declare(std::string name, Cost energy_pj);
  void add(Id id, std::uint64_t n = 1) { actions_[id].count += n; }
  const std::vector<Action>& all() const { return actions_; }
  double dynamic_energy_pj() const;
  void reset();

 private:
  std::vector<Action> actions_;
};

}  // namespace axsim::sim
