// SPDX-License-Identifier: Apache-2.0
#include "sim/sram_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/params.hpp"

namespace axsim::sim {

using nlohmann::json;

namespace {

std::string at(const std::string& path, const std::string& pointer) {
  return path + ": " + pointer + ": ";
}

const json& member(const json& obj, const std::string& key, const std::string& path,
                   const std::string& pointer) {
  if (!obj.is_object() || !obj.contains(key))
    throw ConfigError(at(path, pointer) + "missing required key \"" + key + "\"");
  return obj.at(key);
}

/// A strictly increasing array of powers of two in [lo, hi].
template <class T>
std::vector<T> axis(const json& obj, const std::string& key, double lo, double hi,
                    const std::string& path) {
  const std::string ptr = "/" + key;
  const json& a = member(obj, key, path, "");
  if (!a.is_array() || a.size() < 2 || a.size() > 64)
    throw ConfigError(at(path, ptr) + "expected an array of 2 to 64 numbers");
  std::vector<T> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const json& v = a[i];
    const double d = v.is_number() ? v.get<double>() : -1;
    if (!v.is_number_integer() || d < lo || d > hi || (out.size() && d <= double(out.back())) ||
        std::exp2(std::round(std::log2(d))) != d)
      throw ConfigError(at(path, ptr + "/" + std::to_string(i)) +
                        "expected a power of two in [" + std::to_string(std::llround(lo)) + ", " +
                        std::to_string(std::llround(hi)) + "] above the previous entry, got " +
                        v.dump());
    out.push_back(static_cast<T>(d));
  }
  return out;
}

/// rows x cols of positive numbers or null.
std::vector<std::vector<std::optional<double>>> grid(const json& v, std::size_t rows,
                                                     std::size_t cols, const std::string& path,
                                                     const std::string& ptr) {
  if (!v.is_array() || v.size() != rows)
    throw ConfigError(at(path, ptr) + "expected an array of " + std::to_string(rows) + " rows");
  std::vector<std::vector<std::optional<double>>> out(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const json& row = v[r];
    const std::string rp = ptr + "/" + std::to_string(r);
    if (!row.is_array() || row.size() != cols)
      throw ConfigError(at(path, rp) + "expected an array of " + std::to_string(cols) +
                        " numbers or nulls");
    for (std::size_t c = 0; c < cols; ++c) {
      const json& x = row[c];
      if (x.is_null()) {
        out[r].push_back(std::nullopt);
        continue;
      }
      if (!x.is_number() || !(x.get<double>() >= 0) || x.get<double>() > 1e12)
        throw ConfigError(at(path, rp + "/" + std::to_string(c)) +
                          "expected a number in [0, 1e12] or null, got " + x.dump());
      out[r].push_back(x.get<double>());
    }
  }
  return out;
}

/// Index i with axis[i] <= x <= axis[i+1] (x inside the axis), and the log2 fraction.
std::pair<std::size_t, double> bracket(const std::vector<double>& log_axis, double log_x) {
  std::size_t i = 0;
  while (i + 2 < log_axis.size() && log_x > log_axis[i + 1]) ++i;
  return {i, (log_x - log_axis[i]) / (log_axis[i + 1] - log_axis[i])};
}

}  // namespace

SramTable SramTable::load(const std::string& path) { return parse(read_json_file(path), path); }

std::shared_ptr<const SramTable> SramTable::load_shared(const std::string& path) {
  struct Entry {
    std::string text;
    std::shared_ptr<const SramTable> table;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> cache;  // by path; the bytes decide whether it is current
  std::string text = read_json_file(path);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(path);
    if (it != cache.end() && it->second.text == text) return it->second.table;
  }
  auto table = std::make_shared<const SramTable>(parse(text, path));
  const std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= 16) cache.clear();  // a bound for long fuzzing runs over many files
  cache[path] = {std::move(text), table};
  return table;
}

SramTable SramTable::parse(const std::string& text, const std::string& path) {
  const json doc = parse_config_json(text, path);
  if (!doc.is_object()) throw ConfigError(path + ": /: expected a JSON object");
  SramTable t;
  t.path_ = path;
  const json& src = member(doc, "source", path, "");
  if (!src.is_string()) throw ConfigError(at(path, "/source") + "expected a string");
  t.source_ = src.get<std::string>();
  const json& node = member(doc, "node_nm", path, "");
  if (!node.is_number_integer() || node.get<double>() < 1 || node.get<double>() > 1000)
    throw ConfigError(at(path, "/node_nm") + "expected an integer in [1, 1000]");
  t.node_nm_ = node.get<int>();
  t.words_ = axis<std::uint64_t>(doc, "words", 1, double(1ULL << 40), path);
  t.widths_ = axis<std::uint32_t>(doc, "widths_bits", 1, 1 << 16, path);
  const json& tables = member(doc, "tables", path, "");
  if (!tables.is_object() || tables.empty())
    throw ConfigError(at(path, "/tables") + "expected a non-empty object");
  for (auto it = tables.begin(); it != tables.end(); ++it) {
    const std::string ptr = "/tables/" + escape_pointer_token(it.key());
    const auto g = [&](const char* key) {
      return grid(member(it.value(), key, path, ptr), t.words_.size(), t.widths_.size(), path,
                  ptr + "/" + key);
    };
    t.tables_[it.key()] = {g("read_pj"), g("write_pj"), g("leakage_mw"), g("area_um2"),
                           g("cycle_ns")};
  }
  return t;
}

bool SramTable::has(const std::string& flavor, const std::string& ports) const {
  return tables_.count(flavor + "/" + ports) != 0;
}

std::optional<SramPoint> SramTable::lookup(const std::string& flavor, const std::string& ports,
                                           double words, double width_bits,
                                           std::string* why) const {
  const auto it = tables_.find(flavor + "/" + ports);
  const auto fail = [&](std::string msg) -> std::optional<SramPoint> {
    if (why) *why = std::move(msg);
    return std::nullopt;
  };
  if (it == tables_.end()) return fail(path_ + " has no table \"" + flavor + "/" + ports + "\"");
  if (!(words >= double(words_.front()) && words <= double(words_.back()) &&
        width_bits >= widths_.front() && width_bits <= widths_.back()))
    return fail("outside " + path_ + "'s grid (" + std::to_string(words_.front()) + " to " +
                std::to_string(words_.back()) + " words of " + std::to_string(widths_.front()) +
                " to " + std::to_string(widths_.back()) + " bits)");
  std::vector<double> lw, lb;
  for (auto w : words_) lw.push_back(std::log2(double(w)));
  for (auto b : widths_) lb.push_back(std::log2(double(b)));
  // Plain copies: a lambda may not capture structured bindings before C++20.
  const std::pair<std::size_t, double> bw = bracket(lw, std::log2(words));
  const std::pair<std::size_t, double> bb = bracket(lb, std::log2(width_bits));
  const std::size_t i = bw.first, j = bb.first;
  const double fi = bw.second, fj = bb.second;
  const auto interp = [&](const Grid& g, bool& ok) {
    double acc = 0;
    for (int di = 0; di < 2; ++di)
      for (int dj = 0; dj < 2; ++dj) {
        const double wgt = (di ? fi : 1 - fi) * (dj ? fj : 1 - fj);
        if (wgt == 0) continue;
        const auto& v = g[i + di][j + dj];
        if (!v) {
          ok = false;
          return 0.0;
        }
        acc += wgt * std::log(std::max(*v, 1e-12));
      }
    return std::exp(acc);
  };
  bool ok = true;
  const Quantities& q = it->second;
  SramPoint p{interp(q.read_pj, ok), interp(q.write_pj, ok), interp(q.leakage_mw, ok),
              interp(q.area_um2, ok), interp(q.cycle_ns, ok)};
  if (!ok) return fail("next to a point of " + path_ + " that CACTI could not organise");
  return p;
}

}  // namespace axsim::sim
