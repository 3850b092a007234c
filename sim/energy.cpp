// SPDX-License-Identifier: Apache-2.0
#include "sim/energy.hpp"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"
#include "sim/params.hpp"

namespace axsim::sim {

namespace {

std::map<std::string, Cost> read_costs(Params p, const std::string& unit_key) {
  std::map<std::string, Cost> out;
  for (const std::string& key : p.keys()) {
    Params e = p.child(key);
    Cost c;
    c.value = e.required_number(unit_key, 0.0, 1e12);
    c.source = e.required_string("source");
    e.reject_unused();
    out.emplace(key, std::move(c));
  }
  return out;
}

}  // namespace

TechTable TechTable::load(const std::string& path) {
  Diagnostics diag;
  Params root = Params::from_file(path, diag);
  TechTable t;
  t.path_ = path;
  t.node_ = root.required_string("node");
  root.optional_string("description", "");
  t.energy_pj_ = read_costs(root.child("energy"), "pj");
  t.leakage_mw_ = read_costs(root.child("leakage"), "mw");
  t.area_um2_ = read_costs(root.child("area"), "um2");
  Params s = root.child("sram");
  t.sram_.ref_bytes = s.required_number("ref_capacity_bytes", 1, 1e12);
  t.sram_.ref_width_bits = s.required_number("ref_width_bits", 1, 4096);
  t.sram_.read_pj = s.required_number("read_pj", 0, 1e6);
  t.sram_.write_pj = s.required_number("write_pj", 0, 1e6);
  t.sram_.capacity_exponent = s.required_number("capacity_exponent", 0, 2);
  t.sram_.energy_source = s.required_string("energy_source");
  t.sram_.leakage_mw_per_kib = s.required_number("leakage_mw_per_kib", 0, 1e3);
  t.sram_.leakage_source = s.required_string("leakage_source");
  t.sram_.area_um2_per_bit = s.required_number("area_um2_per_bit", 0, 1e3);
  t.sram_.area_source = s.required_string("area_source");
  s.reject_unused();
  root.reject_unused();
  diag.throw_if_any();
  return t;
}

Cost TechTable::lookup(const std::map<std::string, Cost>& m, const std::string& section,
                       const std::string& key) const {
  auto it = m.find(key);
  if (it == m.end())
    throw ConfigError(path_ + ": /" + section + "/" + key +
                      ": missing entry (needed by the configured hardware)");
  return it->second;
}

Cost TechTable::energy_pj(const std::string& a) const { return lookup(energy_pj_, "energy", a); }
Cost TechTable::leakage_mw(const std::string& c) const { return lookup(leakage_mw_, "leakage", c); }
Cost TechTable::area_um2(const std::string& c) const { return lookup(area_um2_, "area", c); }

SramCosts TechTable::sram(std::uint64_t capacity_bytes, std::uint32_t width_bits) const {
  const double size_ratio = static_cast<double>(capacity_bytes) / sram_.ref_bytes;
  const double width_ratio = static_cast<double>(width_bits) / sram_.ref_width_bits;
  const double scale = std::pow(size_ratio, sram_.capacity_exponent) * width_ratio;
  const std::string rule = " scaled x(capacity/" + std::to_string(std::llround(sram_.ref_bytes)) +
                           " B)^" + std::to_string(sram_.capacity_exponent).substr(0, 4) +
                           " x(width/" + std::to_string(std::llround(sram_.ref_width_bits)) +
                           " b)";
  const double kib = static_cast<double>(capacity_bytes) / 1024.0;
  const double bits = static_cast<double>(capacity_bytes) * 8.0;
  return {{sram_.read_pj * scale, sram_.energy_source + rule},
          {sram_.write_pj * scale, sram_.energy_source + rule},
          {sram_.leakage_mw_per_kib * kib, sram_.leakage_source},
          {sram_.area_um2_per_bit * bits, sram_.area_source}};
}

ActionCounts::Id ActionCounts::declare(std::string name, Cost energy_pj) {
  actions_.push_back({std::move(name), std::move(energy_pj), 0});
  return actions_.size() - 1;
}

double ActionCounts::dynamic_energy_pj() const {
  double e = 0;
  for (const Action& a : actions_) e += static_cast<double>(a.count) * a.energy_pj.value;
  return e;
}

void ActionCounts::reset() {
  for (Action& a : actions_) a.count = 0;
}

}  // namespace axsim::sim
