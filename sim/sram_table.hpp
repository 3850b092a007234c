// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace axsim::sim {

/// One SRAM organisation's costs, as CACTI reports them for a single array.
struct SramPoint {
  double read_pj = 0, write_pj = 0, leakage_mw = 0, area_um2 = 0, cycle_ns = 0;
};

/// SRAM costs over a grid of words x width from CACTI runs (configs/tech/sram/cacti7_<node>.json,
/// made by tools/cacti/make_sram_tables.py), for each flavour (cell and peripheral devices) and
/// port arrangement ("1rw": one read-write port; "1r1w": one read and one write port).
/// lookup() interpolates log-log between the four grid points around a query; a query outside
/// the grid, or next to a point CACTI could not organise, is an error naming the limits.
class SramTable {
 public:
  /// Parses `path`; a malformed file is a ConfigError naming the file and JSON pointer.
  static SramTable load(const std::string& path);
  static SramTable parse(const std::string& text, const std::string& path);
  /// load(), shared: a file whose bytes were parsed before in this process is not parsed again
  /// (a sweep's points and the tests build many units from the same few tables).
  static std::shared_ptr<const SramTable> load_shared(const std::string& path);

  const std::string& path() const { return path_; }
  const std::string& source() const { return source_; }
  int node_nm() const { return node_nm_; }
  std::uint64_t min_words() const { return words_.front(); }
  std::uint64_t max_words() const { return words_.back(); }
  std::uint32_t min_width_bits() const { return widths_.front(); }
  std::uint32_t max_width_bits() const { return widths_.back(); }
  bool has(const std::string& flavor, const std::string& ports) const;

  /// Costs of one array of `words` x `width_bits`, or std::nullopt with `why` set when the
  /// query is outside the table (the caller decides what it means: a register file, an error).
  std::optional<SramPoint> lookup(const std::string& flavor, const std::string& ports,
                                  double words, double width_bits, std::string* why) const;

 private:
  using Grid = std::vector<std::vector<std::optional<double>>>;
  struct Quantities {
    Grid read_pj, write_pj, leakage_mw, area_um2, cycle_ns;
  };
  std::string path_, source_;
  int node_nm_ = 0;
  std::vector<std::uint64_t> words_;
  std::vector<std::uint32_t> widths_;
  std::map<std::string, Quantities> tables_;  ///< "flavor/ports"
};

}  // namespace axsim::sim
