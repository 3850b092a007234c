// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <memory>
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

/// Energy, leakage and area of one element (an operation, a register bit, one array).
struct OpCosts {
  Cost energy_pj, area_um2, leakage_mw;
};

class SramTable;

/// The on-chip cost model of one technology node, loaded from configs/tech/<node>.json
/// (sim/tech_table.cpp; docs/energy-tables.md). Structures are priced from what they are:
/// - sram(): an array of words x width, from CACTI 7 runs interpolated log-log
///   (configs/tech/sram/), below the table's smallest array a flip-flop register file;
/// - logic(): an operation ("int_add", "int_mult", "fp_add", ...) of a bit width, interpolated
///   power-law between the cited widths;
/// - wire_pj(): bits moved over a distance.
/// A node may derive from a base node's logic, register and wire entries with one cited factor
/// per quantity (energy, area, leakage). Named entries (`energy`, `leakage`, `area`) hold the
/// few costs that are no structure of the model, each with its source.
class TechTable {
 public:
  static TechTable load(const std::string& path);
  const std::string& node() const { return node_; }
  const std::string& path() const { return path_; }
  Cost energy_pj(const std::string& action) const;
  Cost leakage_mw(const std::string& component) const;
  Cost area_um2(const std::string& component) const;
  /// Costs of one array of `capacity_bytes` accessed `width_bits` at a time, with one
  /// read-write port or (dual_port) one read and one write port.
  SramCosts sram(std::uint64_t capacity_bytes, std::uint32_t width_bits,
                 bool dual_port = false) const;
  /// A flip-flop register file of `words` x `width_bits`: per-access read and write energy,
  /// leakage and area from the node's per-bit register entries (sram() uses it below the SRAM
  /// table's smallest array).
  SramCosts register_file(std::uint64_t words, std::uint32_t width_bits) const;
  /// One `op` on `bits`-bit operands: energy per operation, area and leakage of one unit.
  OpCosts logic(const std::string& op, std::uint32_t bits) const;
  /// Energy of moving `bits` over `mm` of on-chip wire.
  Cost wire_pj(std::uint32_t bits, double mm) const;

  struct Scale {
    double energy = 1, area = 1, leakage = 1;
    std::string source;
  };
  struct LogicOp {
    std::vector<double> bits, energy_pj, area_um2;
    std::string source;
  };
  struct RegisterBit {
    double write_pj = 0, read_pj = 0, area_um2 = 0, leakage_mw = 0;
    std::string source;
  };

 private:
  friend class TechLoader;
  Cost lookup(const std::map<std::string, Cost>& m, const std::string& section,
              const std::string& key) const;
  std::string path_, node_;
  std::map<std::string, Cost> energy_pj_, leakage_mw_, area_um2_;
  std::shared_ptr<const SramTable> sram_table_;
  std::string sram_flavor_;
  Scale sram_scale_;
  std::map<std::string, LogicOp> logic_;
  Scale logic_scale_;  ///< from the base node, applied to logic_, register_ and wire_
  Cost logic_leakage_mw_per_um2_;
  RegisterBit register_;
  Cost wire_pj_per_bit_mm_;
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
