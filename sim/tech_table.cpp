// SPDX-License-Identifier: Apache-2.0
// TechTable: loading a node file (and its base node) and pricing structures from it.
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/energy.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/sram_table.hpp"

namespace axsim::sim {

namespace {

constexpr int kMaxBaseDepth = 4;

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

TechTable::Scale read_scale(Params s) {
  TechTable::Scale out;
  out.energy = s.required_number("energy", 1e-3, 1e3);
  out.area = s.required_number("area", 1e-3, 1e3);
  out.leakage = s.required_number("leakage", 1e-3, 1e3);
  out.source = s.required_string("source");
  s.reject_unused();
  return out;
}

std::vector<double> numbers(Params& p, const std::string& key, double lo, double hi) {
  std::vector<double> out;
  const nlohmann::json& v = p.value(key);
  p.ignore(key);
  if (!v.is_array() || v.size() < 2 || v.size() > 16) {
    p.error(key, "expected an array of 2 to 16 numbers");
    return out;
  }
  for (const auto& x : v) {
    if (!x.is_number() || x.get<double>() < lo || x.get<double>() > hi) {
      p.error(key, fmt::format("expected numbers in [{}, {}], got {}", lo, hi, x.dump()));
      return {};
    }
    out.push_back(x.get<double>());
  }
  return out;
}

TechTable::LogicOp read_logic_op(Params p) {
  TechTable::LogicOp op;
  op.bits = numbers(p, "bits", 1, 256);
  op.energy_pj = numbers(p, "energy_pj", 1e-6, 1e6);
  op.area_um2 = numbers(p, "area_um2", 1e-3, 1e9);
  op.source = p.required_string("source");
  p.reject_unused();
  const std::size_t n = op.bits.size();
  for (std::size_t i = 1; i < n; ++i)
    if (op.bits[i] <= op.bits[i - 1]) p.error("bits", "expected increasing widths");
  if (op.energy_pj.size() != n || op.area_um2.size() != n)
    p.error("energy_pj", "expected as many energies and areas as widths");
  return op;
}

TechTable::RegisterBit read_register(Params p) {
  TechTable::RegisterBit r;
  r.write_pj = p.required_number("write_pj_per_bit", 0, 1e3);
  r.read_pj = p.required_number("read_pj_per_bit", 0, 1e3);
  r.area_um2 = p.required_number("area_um2_per_bit", 0, 1e6);
  r.leakage_mw = p.required_number("leakage_mw_per_bit", 0, 1e3);
  r.source = p.required_string("source");
  p.reject_unused();
  return r;
}

Cost read_cost(Params p, const std::string& key) {
  Cost c{p.required_number(key, 0, 1e9), p.required_string("source")};
  p.reject_unused();
  return c;
}

/// value x (bits / bits_i)^k on the segment of the cited widths around `bits` (the nearest one
/// outside them), k the segment's log-log slope.
double power_law(const std::vector<double>& bits, const std::vector<double>& v, double b) {
  std::size_t i = 0;
  while (i + 2 < bits.size() && b > bits[i + 1]) ++i;
  const double k = std::log(v[i + 1] / v[i]) / std::log(bits[i + 1] / bits[i]);
  return v[i] * std::pow(b / bits[i], k);
}

std::string scaled(const std::string& source, double f, const TechTable::Scale& s) {
  return f == 1.0 ? source : fmt::format("{}; x{:.4g} ({})", source, f, s.source);
}

}  // namespace

/// Reads a node file into a TechTable, resolving its base node first.
class TechLoader {
 public:
  static TechTable load(const std::string& path, int depth);

 private:
  static void inherit(TechTable& t, const TechTable& base, const TechTable::Scale& s);
  static void read_sram(TechTable& t, Params s);
};

void TechLoader::inherit(TechTable& t, const TechTable& base, const TechTable::Scale& s) {
  for (auto [name, op] : base.logic_) {
    for (double& e : op.energy_pj) e *= s.energy;
    for (double& a : op.area_um2) a *= s.area;
    op.source = scaled(scaled(op.source, s.energy, s), s.area, s);
    t.logic_[name] = op;
  }
  const TechTable::RegisterBit& r = base.register_;
  t.register_ = {r.write_pj * s.energy, r.read_pj * s.energy, r.area_um2 * s.area,
                 r.leakage_mw * s.leakage, scaled(r.source, s.energy, s)};
  const Cost& lk = base.logic_leakage_mw_per_um2_;
  t.logic_leakage_mw_per_um2_ = {lk.value * s.leakage / s.area, scaled(lk.source, s.leakage, s)};
  const Cost& w = base.wire_pj_per_bit_mm_;
  t.wire_pj_per_bit_mm_ = {w.value * s.energy, scaled(w.source, s.energy, s)};
}

void TechLoader::read_sram(TechTable& t, Params s) {
  const std::string file = s.required_string("table");
  t.sram_flavor_ = s.required_string("flavor");
  s.required_string("flavor_source");
  if (s.has("scale")) t.sram_scale_ = read_scale(s.child("scale"));
  s.reject_unused();
  if (file.empty()) return;
  const std::string path = (std::filesystem::path(t.path_).parent_path() / file).string();
  t.sram_table_ = SramTable::load_shared(path);
  for (const char* ports : {"1rw", "1r1w"})
    if (!t.sram_table_->has(t.sram_flavor_, ports))
      throw ConfigError(s.where("flavor") + ": " + path + " has no table \"" + t.sram_flavor_ +
                        "/" + ports + "\"");
}

TechTable TechLoader::load(const std::string& path, int depth) {
  Diagnostics diag;
  Params root = Params::from_file(path, diag);
  TechTable t;
  t.path_ = path;
  t.node_ = root.required_string("node");
  root.optional_string("description", "");
  const bool derived = root.has("base");
  if (derived) {
    Params b = root.child("base");
    const std::string file = b.required_string("file");
    b.ignore("file");
    const TechTable::Scale s = read_scale(b);
    diag.throw_if_any();
    if (depth >= kMaxBaseDepth)
      throw ConfigError(root.where("base") + ": bases nested deeper than " +
                        std::to_string(kMaxBaseDepth) + " (a cycle?)");
    const auto base_path = std::filesystem::path(path).parent_path() / file;
    inherit(t, load(base_path.string(), depth + 1), s);
  }
  if (!derived || root.has("logic"))
    for (const std::string& op : root.child("logic").keys())
      t.logic_[op] = read_logic_op(root.child("logic").child(op));
  if (!derived || root.has("register_file"))
    t.register_ = read_register(root.child("register_file"));
  if (!derived || root.has("logic_leakage"))
    t.logic_leakage_mw_per_um2_ = read_cost(root.child("logic_leakage"), "mw_per_um2");
  if (!derived || root.has("wire")) t.wire_pj_per_bit_mm_ = read_cost(root.child("wire"), "pj_per_bit_mm");
  if (root.has("energy")) t.energy_pj_ = read_costs(root.child("energy"), "pj");
  if (root.has("leakage")) t.leakage_mw_ = read_costs(root.child("leakage"), "mw");
  if (root.has("area")) t.area_um2_ = read_costs(root.child("area"), "um2");
  read_sram(t, root.child("sram"));
  root.reject_unused();
  diag.throw_if_any();
  return t;
}

TechTable TechTable::load(const std::string& path) { return TechLoader::load(path, 0); }

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

OpCosts TechTable::logic(const std::string& op, std::uint32_t bits) const {
  const auto it = logic_.find(op);
  if (it == logic_.end())
    throw ConfigError(path_ + ": /logic/" + op + ": missing entry (needed by the configured "
                      "hardware)");
  const LogicOp& l = it->second;
  const double b = bits;
  const double area = power_law(l.bits, l.area_um2, b);
  const std::string how = fmt::format("{} {} b: {} (power law between cited widths)", op, bits,
                                      l.source);
  return {{power_law(l.bits, l.energy_pj, b), how},
          {area, how},
          {area * logic_leakage_mw_per_um2_.value,
           fmt::format("{} x {:.3g} um2; {}", op, area, logic_leakage_mw_per_um2_.source)}};
}

Cost TechTable::wire_pj(std::uint32_t bits, double mm) const {
  return {bits * mm * wire_pj_per_bit_mm_.value,
          fmt::format("{} b x {:.3g} mm x {:.3g} pJ/b/mm ({})", bits, mm,
                      wire_pj_per_bit_mm_.value, wire_pj_per_bit_mm_.source)};
}

}  // namespace axsim::sim

namespace axsim::sim {

SramCosts TechTable::register_file(std::uint64_t words, std::uint32_t width_bits) const {
  const RegisterBit& r = register_;
  const double bits = double(words) * width_bits;
  const std::string how = fmt::format("register file {} x {} b: {}", words, width_bits, r.source);
  return {{width_bits * r.read_pj, how},
          {width_bits * r.write_pj, how},
          {bits * r.leakage_mw, how},
          {bits * r.area_um2, how}};
}

SramCosts TechTable::sram(std::uint64_t capacity_bytes, std::uint32_t width_bits,
                          bool dual_port) const {
  if (!sram_table_) throw ConfigError(path_ + ": /sram/table: no SRAM table");
  if (width_bits < sram_table_->min_width_bits())
    throw ConfigError(fmt::format("{}: an SRAM {} bits wide is narrower than {}'s {} bits",
                                  path_, width_bits, sram_table_->path(),
                                  sram_table_->min_width_bits()));
  const std::uint64_t words = std::max<std::uint64_t>(1, capacity_bytes * 8 / width_bits);
  if (words < sram_table_->min_words()) return register_file(words, width_bits);
  // Wider words than the table's are side-by-side arrays, each with its share of the bits.
  const std::uint32_t split = (width_bits + sram_table_->max_width_bits() - 1) /
                              sram_table_->max_width_bits();
  const std::string ports = dual_port ? "1r1w" : "1rw";
  std::string why;
  const auto p = sram_table_->lookup(sram_flavor_, ports, double(words),
                                     double(width_bits) / split, &why);
  if (!p)
    throw ConfigError(fmt::format("{}: an SRAM of {} bytes accessed {} bits at a time is {}; "
                                  "declare banks to split it",
                                  path_, capacity_bytes, width_bits, why));
  const Scale& s = sram_scale_;
  const std::string how =
      fmt::format("{}; {} nm, {}, {}: {} words x {} b{}, log-log interpolated", sram_table_->source(),
                  sram_table_->node_nm(), sram_flavor_, ports, words, width_bits / split,
                  split > 1 ? fmt::format(", {} side by side", split) : "");
  return {{p->read_pj * split * s.energy, scaled(how, s.energy, s)},
          {p->write_pj * split * s.energy, scaled(how, s.energy, s)},
          {p->leakage_mw * split * s.leakage, scaled(how, s.leakage, s)},
          {p->area_um2 * split * s.area, scaled(how, s.area, s)}};
}

}  // namespace axsim::sim
