// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "results/schema.hpp"
#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/provenance.hpp"

namespace axsim::tools {

using nlohmann::json;

namespace {

// A typo (step 1e-9) must not exhaust memory: a point's plan takes about 500 bytes.
constexpr std::size_t kMaxPoints = 1'000'000;
constexpr std::size_t kMaxNameChars = 64;  // a parameter (column) or sweep name
constexpr std::size_t kMaxKeyChars = 256;  // an axis key (a config path)

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A name as an error message shows it: at most 40 characters.
std::string shown(const std::string& name) {
  return name.size() <= 40 ? name : name.substr(0, 37) + "...";
}

// A path as an error message shows it: at most 300 characters.
std::string shown_path(const std::string& path) {
  return path.size() <= 300 ? path : path.substr(0, 297) + "...";
}

// "" if `name` is a letter or _ followed by letters, digits or _, at most kMaxNameChars; else why.
std::string identifier_problem(const std::string& name) {
  if (name.size() > kMaxNameChars)
    return "is " + std::to_string(name.size()) + " characters long, the limit is " +
           std::to_string(kMaxNameChars);
  bool ok = !name.empty() && is_letter(name[0]);
  for (char c : name) ok = ok && (is_letter(c) || is_digit(c));
  return ok ? "" : "must be a letter or _ followed by letters, digits or _";
}

// "" if `name` is letters, digits, '_', '.' or '-', at most kMaxNameChars; else why.
std::string sweep_name_problem(const std::string& name) {
  if (name.size() > kMaxNameChars)
    return "is " + std::to_string(name.size()) + " characters long, the limit is " +
           std::to_string(kMaxNameChars);
  for (char c : name)
    if (!is_letter(c) && !is_digit(c) && c != '.' && c != '-')
      return "must be letters, digits, '_', '.' or '-' (it names the sweep's view)";
  return "";
}

/// Each axis is a list of alternatives; an alternative sets one or more parameters.
using Alternative = std::vector<Assignment>;
using Axis = std::vector<Alternative>;

results::SqlValue sql_value(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::int64_t{v.get<bool>() ? 1 : 0};
  return v.dump();  // arrays and objects: their JSON text
}

// "unit.params.num_pes" -> "num_pes"; "/unit/params/dram/bytes_per_cycle" -> "bytes_per_cycle".
std::string default_param_name(const std::string& key) {
  const std::size_t cut = key.find_last_of("./");
  return cut == std::string::npos ? key : key.substr(cut + 1);
}

// Deterministic across platforms: splitmix64 and our own mapping to [0, 1), not <random>'s
// distributions, whose algorithms the standard leaves to each library.
class SplitMix {
 public:
  explicit SplitMix(std::uint64_t seed) : state_(seed) {}
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

class SpecParser {
 public:
  explicit SpecParser(const std::string& path) : path_(path) {}

  /// One parameter: its name (checked once) and a value per alternative.
  void add_param(sim::Params& p, const std::string& key, std::vector<json> values, Axis& axis) {
    const std::string name = p.optional_string("name", default_param_name(key));
    const std::set<std::string>& reserved = results::schema::sweep_result_columns();
    if (const std::string why = identifier_problem(name); !why.empty())
      p.error("name", "parameter name '" + shown(name) + "' " + why +
                          " (it is a column of the sweep view); set \"name\"");
    else if (reserved.count(name))
      p.error("name", "parameter name '" + name +
                          "' is a result column of the sweep view; "
                          "set another \"name\"");
    else if (!names_.insert(name).second)
      p.error("name", "parameter name '" + name + "' is used twice; set \"name\"");
    params_.push_back({name, key});
    if (key == "workload")
      for (json& v : values) v = resolved_workload(v);
    if (axis.empty()) axis.resize(values.size());
    for (std::size_t i = 0; i < values.size() && i < axis.size(); ++i)
      axis[i].push_back({name, key, values[i].dump(), sql_value(values[i])});
  }

  std::vector<json> values_of(sim::Params& p) {
    if (p.has("values")) return listed_values(p);
    if (p.has("range")) return range_values(p);
    p.error_here("expected \"values\": [...] or \"range\": {...}");
    return {};
  }

  /// A "key" axis or one entry of a "zip": {"key", "name"?, "values" | "range"}.
  void key_axis(sim::Params& p, Axis& axis) {
    std::string key = p.required_string("key");
    if (key.size() > kMaxKeyChars) {
      p.error("key", "is " + std::to_string(key.size()) + " characters long, the limit is " +
                         std::to_string(kMaxKeyChars));
      key.clear();
    }
    std::vector<json> values = values_of(p);
    if (!axis.empty() && values.size() != axis.size())
      p.error_here("zipped axes must have the same length: " + std::to_string(values.size()) +
                   " values against " + std::to_string(axis.size()));
    if (!key.empty()) add_param(p, key, std::move(values), axis);
    p.reject_unused();
  }

  Axis axis(sim::Params& a, std::size_t position) {
    Axis axis;
    if (a.has("key")) {
      key_axis(a, axis);
    } else if (a.has("zip")) {
      for (sim::Params& z : a.array_of_objects("zip")) key_axis(z, axis);
      a.reject_unused();
    } else if (a.has("random")) {
      sim::Params r = a.child("random");
      random_axis(r, position, axis);
      a.reject_unused();
    } else {
      a.error_here(
          "expected an axis: {\"key\": ..., \"values\"|\"range\": ...}, {\"zip\": [...]} "
          "or {\"random\": {...}}");
    }
    if (axis.empty()) a.error_here("the axis has no values");
    return axis;
  }

  std::vector<results::SweepParam> params() const { return params_; }
  void reserve_name(const std::string& name) { names_.insert(name); }
  std::uint64_t seed = 1;

 private:
  std::vector<json> listed_values(sim::Params& p) {
    const json& v = p.value("values");
    p.ignore("values");
    if (!v.is_array() || v.empty()) {
      p.error("values", "expected a non-empty JSON array of values");
      return {};
    }
    return std::vector<json>(v.begin(), v.end());
  }

  // {"from", "to", "step"} (arithmetic) or {"from", "to", "times"} (geometric), both ends
  // included when reached; integers stay integers.
  std::vector<json> range_values(sim::Params& p) {
    sim::Params r = p.child("range");
    const double from = r.required_number("from", -1e300, 1e300);
    const double to = r.required_number("to", -1e300, 1e300);
    const bool geometric = r.has("times");
    const double by = geometric ? r.required_number("times", 1.0 + 1e-9, 1e300)
                                : r.required_number("step", 1e-300, 1e300);
    const bool integral = r.value("from").is_number_integer() &&
                          r.value(geometric ? "times" : "step").is_number_integer();
    r.reject_unused();
    std::vector<json> out;
    if (to < from) r.error("to", "must not be below \"from\"");
    if (geometric && from <= 0) r.error("from", "a geometric range needs \"from\" > 0");
    // A refused step or factor (reported above) must not drive the loop below.
    if (!(geometric ? by > 1.0 : by > 0.0)) return out;
    for (std::size_t i = 0; to >= from && (!geometric || from > 0); ++i) {
      const double v = geometric ? from * std::pow(by, static_cast<double>(i))
                                 : from + by * static_cast<double>(i);
      if (v > to + 1e-9 * std::max(1.0, std::abs(to))) break;
      // Refused here, before add_param lays out a million assignments only to be refused.
      if (out.size() == kMaxPoints) {
        r.error_here("the range has more than " + std::to_string(kMaxPoints) +
                     " values, more than a sweep may have points");
        return {};
      }
      out.push_back(integral ? json(static_cast<std::int64_t>(std::llround(v))) : json(v));
    }
    return out;
  }

  // {"count": N, "params": [{"key", "min", "max", "integer"?, "log"?} | {"key", "choices"}]}:
  // N points drawn jointly, each parameter from its own stream of the spec's seed.
  void random_axis(sim::Params& r, std::size_t position, Axis& axis) {
    const auto count = static_cast<std::size_t>(r.required_int("count", 1, 1'000'000));
    std::vector<sim::Params> params = r.array_of_objects("params");
    r.reject_unused();
    for (std::size_t k = 0; k < params.size(); ++k) {
      sim::Params& p = params[k];
      SplitMix rng(seed ^ (0x51ed27a3ULL * (position + 1)) ^ (0x2545f491ULL * (k + 1)));
      std::vector<json> values =
          p.has("choices") ? random_choices(p, count, rng) : random_numbers(p, count, rng);
      const std::string key = p.required_string("key");
      if (!key.empty() && values.size() == count) add_param(p, key, std::move(values), axis);
      p.reject_unused();
    }
  }

  std::vector<json> random_choices(sim::Params& p, std::size_t count, SplitMix& rng) {
    const json& c = p.value("choices");
    p.ignore("choices");
    if (!c.is_array() || c.empty()) {
      p.error("choices", "expected a non-empty JSON array");
      return {};
    }
    std::vector<json> out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(c[rng.next() % c.size()]);
    return out;
  }

  std::vector<json> random_numbers(sim::Params& p, std::size_t count, SplitMix& rng) {
    const double lo = p.required_number("min", -1e300, 1e300);
    const double hi = p.required_number("max", -1e300, 1e300);
    const bool integer = p.optional_bool("integer", false);
    const bool log = p.optional_bool("log", false);
    if (hi < lo) p.error("max", "must not be below \"min\"");
    if (log && lo <= 0) p.error("min", "a log-uniform parameter needs \"min\" > 0");
    if (hi < lo || (log && lo <= 0)) return {};
    std::vector<json> out;
    for (std::size_t i = 0; i < count; ++i) {
      const double u = rng.uniform();
      if (integer && !log) {  // every integer in [min, max] equally likely
        const double v = std::floor(lo + u * (std::floor(hi) - std::ceil(lo) + 1));
        out.push_back(static_cast<std::int64_t>(std::min(v, std::floor(hi))));
        continue;
      }
      const double v =
          log ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo);
      out.push_back(integer ? json(static_cast<std::int64_t>(std::llround(v))) : json(v));
    }
    return out;
  }

  // A relative trace path is relative to the spec file, like its config paths.
  json resolved_workload(const json& v) const {
    if (!v.is_string() || v.get<std::string>().rfind("trace:", 0) != 0) return v;
    const std::filesystem::path trace = v.get<std::string>().substr(6);
    if (trace.is_absolute()) return v;
    return "trace:" +
           (std::filesystem::path(path_).parent_path() / trace).lexically_normal().string();
  }

  std::string path_;
  std::vector<results::SweepParam> params_;
  std::set<std::string> names_;
};

std::vector<std::string> base_configs(sim::Params& root, const std::string& path) {
  std::vector<std::string> out;
  const json& c = root.value("configs");
  root.ignore("configs");
  if (!c.is_array() || c.empty() ||
      !std::all_of(c.begin(), c.end(), [](const json& e) { return e.is_string(); })) {
    root.error("configs", "expected a non-empty array of config file paths (relative to the spec)");
    return out;
  }
  for (const json& e : c) {
    const std::filesystem::path p = e.get<std::string>();
    out.push_back(
        p.is_absolute()
            ? p.string()
            : (std::filesystem::path(path).parent_path() / p).lexically_normal().string());
    std::error_code ec;  // a path the system refuses (too long, ...) is a missing file here
    if (!std::filesystem::is_regular_file(out.back(), ec))
      root.error("configs", "config file '" + shown_path(out.back()) + "' does not exist");
  }
  return out;
}

/// The cartesian product, first axis slowest.
std::vector<SweepPoint> expand(const std::vector<std::string>& configs,
                               const std::vector<Axis>& axes, const std::string& path) {
  std::size_t total = configs.size();
  for (const Axis& a : axes) {
    if (a.empty() || total > kMaxPoints / a.size())
      throw sim::ConfigError(path + ": /axes: more than " + std::to_string(kMaxPoints) + " points");
    total *= a.size();
  }
  std::vector<SweepPoint> points(total);
  for (std::size_t i = 0; i < total; ++i) {
    std::size_t rest = i;
    for (std::size_t a = axes.size(); a-- > 0;) {
      const Alternative& alt = axes[a][rest % axes[a].size()];
      points[i].assignments.insert(points[i].assignments.begin(), alt.begin(), alt.end());
      rest /= axes[a].size();
    }
    points[i].index = static_cast<std::int64_t>(i);
    points[i].config_path = configs[rest];
    if (configs.size() > 1)
      points[i].assignments.insert(points[i].assignments.begin(),
                                   {"config", "", json(configs[rest]).dump(), configs[rest]});
  }
  return points;
}

}  // namespace

std::vector<std::string> SweepPoint::overrides() const {
  std::vector<std::string> out;
  for (const Assignment& a : assignments)
    if (!a.key.empty()) out.push_back(a.key + "=" + a.value_json);
  return out;
}

SweepSpec load_sweep_spec(const std::string& path) {
  sim::Diagnostics diag;
  sim::Params root = sim::Params::from_file(path, diag);
  SweepSpec spec;
  spec.path = path;
  spec.json = root.raw().dump();
  spec.hash = sim::fnv1a_hex(spec.json);
  root.required_int("axsim_sweep", 1, 1);  // spec format version: only 1 exists
  spec.name = root.required_string("name");
  if (const std::string why = sweep_name_problem(spec.name); !spec.name.empty() && !why.empty())
    root.error("name", "'" + shown(spec.name) + "' " + why);
  spec.description = root.optional_string("description", "");
  spec.seed = static_cast<std::uint64_t>(root.optional_int("seed", 1, 0, INT64_MAX));
  spec.check = root.optional_bool("check", false);
  spec.store = root.optional_choice("store", "full", {"full", "layers"});
  const std::vector<std::string> configs = base_configs(root, path);
  SpecParser parser(path);
  parser.seed = spec.seed;
  if (configs.size() > 1) parser.reserve_name("config");
  std::vector<Axis> axes;
  std::vector<sim::Params> axis_params = root.array_of_objects("axes");
  for (std::size_t i = 0; i < axis_params.size(); ++i)
    axes.push_back(parser.axis(axis_params[i], i));
  root.reject_unused();
  diag.throw_if_any();
  if (configs.size() > 1) spec.params.push_back({"config", "config"});
  for (const results::SweepParam& p : parser.params()) spec.params.push_back(p);
  spec.points = expand(configs, axes, path);
  return spec;
}

std::pair<int, int> parse_shard(const std::string& text) {
  // I and N: 1 to 6 digits each, so at most 999999.
  auto number = [](const std::string& digits) {
    if (digits.empty() || digits.size() > 6) return -1;
    int v = 0;
    for (char c : digits) {
      if (!is_digit(c)) return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  const std::size_t slash = text.find('/');
  if (slash != std::string::npos) {
    const int i = number(text.substr(0, slash)), n = number(text.substr(slash + 1));
    if (n >= 1 && i >= 1 && i <= n) return {i, n};
  }
  throw sim::ConfigError("--shard " + shown(text) +
                         ": expected I/N with 1 <= I <= N <= 999999, e.g. 2/8");
}

}  // namespace axsim::tools
