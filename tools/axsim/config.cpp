// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/config.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"
#include "sim/json_input.hpp"
#include "sim/params.hpp"

namespace axsim::tools {

using nlohmann::json;

namespace {

// "a.b.0.c" or "/a/b/0/c" -> JSON pointer; numeric tokens index arrays.
json::json_pointer override_pointer(const std::string& key) {
  if (!key.empty() && key[0] == '/') return json::json_pointer(key);
  std::string ptr;
  std::stringstream ss(key);
  for (std::string tok; std::getline(ss, tok, '.');) {
    ptr.push_back('/');
    ptr.append(sim::escape_pointer_token(tok));
  }
  return json::json_pointer(ptr);
}

void apply_override(json& doc, const std::string& path, const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw sim::ConfigError("--set " + text + ": expected KEY=VALUE, e.g. unit.params.pe_rows=32");
  try {
    (void)json(text).dump();  // keys and bare-word values become JSON strings: UTF-8 only
  } catch (const json::type_error&) {
    throw sim::ConfigError(
        path + ": --set: " + json(text).dump(-1, ' ', false, json::error_handler_t::replace) +
        " is not valid UTF-8");
  }
  const std::string key = text.substr(0, eq), raw = text.substr(eq + 1);
  json value;
  const std::string error = sim::parse_json(raw, path + ": --set " + key, value);
  // A bare word (800MHz) is a string; a malformed or too deep object or array is refused.
  if (!error.empty()) {
    if (!raw.empty() && (raw[0] == '{' || raw[0] == '[')) throw sim::ConfigError(error);
    value = raw;
  }
  try {
    const json::json_pointer ptr = override_pointer(key);
    if (!doc.contains(ptr.parent_pointer()) || !doc[ptr.parent_pointer()].is_structured())
      throw sim::ConfigError(path + ": --set " + key + ": " + ptr.parent_pointer().to_string() +
                             " is not an object or array in the config");
    const json& parent = doc[ptr.parent_pointer()];
    if (parent.is_array() && ptr.back() != "-" && !doc.contains(ptr))
      throw sim::ConfigError(path + ": --set " + key + ": index " + ptr.back() +
                             " is past the end of " + ptr.parent_pointer().to_string() + " (size " +
                             std::to_string(parent.size()) + "; use - to append)");
    doc[ptr] = value;
  } catch (const json::exception& e) {
    throw sim::ConfigError(path + ": --set " + key + ": " + e.what());
  }
}

std::string string_or(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// The leaves of `doc`, as JSON pointers with their values.
void leaves(const json& doc, const std::string& at, std::map<std::string, json>& out) {
  if (doc.is_object() && !doc.empty()) {
    for (auto it = doc.begin(); it != doc.end(); ++it)
      leaves(*it, at + "/" + sim::escape_pointer_token(it.key()), out);
  } else if (doc.is_array() && !doc.empty()) {
    for (std::size_t i = 0; i < doc.size(); ++i) leaves(doc[i], at + "/" + std::to_string(i), out);
  } else {
    out[at] = doc;
  }
}

// The config's name after overrides: a new "name" if one was set, else the file's name and
// what the overrides changed, "eie-64pe-45nm [num_pes=4, act_queue_depth=2]" (the workload
// has a column of its own; unit params are named without their /unit/params prefix).
std::string derived_name(const json& before, const json& after) {
  const std::string name = string_or(after, "name");
  if (name != string_or(before, "name")) return name;
  std::map<std::string, json> a, b;
  leaves(before, "", a);
  leaves(after, "", b);
  std::vector<std::string> changes;
  for (const auto& [ptr, value] : b) {
    if (ptr == "/workload" || ptr == "/description" || (a.count(ptr) && a[ptr] == value)) continue;
    std::string key = ptr.rfind("/unit/params/", 0) == 0 ? ptr.substr(13) : ptr.substr(1);
    std::replace(key.begin(), key.end(), '/', '.');
    changes.push_back(key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
  }
  for (const auto& [ptr, value] : a)
    if (!b.count(ptr) && ptr != "/description") changes.push_back(ptr.substr(1) + " removed");
  if (changes.empty()) return name;
  constexpr std::size_t kShown = 4;
  std::string list;
  for (std::size_t i = 0; i < std::min(changes.size(), kShown); ++i)
    list += (i ? ", " : "") + changes[i];
  if (changes.size() > kShown) list += fmt::format(", +{} more", changes.size() - kShown);
  return name + " [" + list + "]";
}

}  // namespace

std::string beside_config(const std::string& config_path, const std::string& workload) {
  const std::filesystem::path w(workload);
  if (workload.rfind("trace:", 0) == 0 || w.extension() != ".json" || !w.is_relative())
    return workload;
  return (std::filesystem::path(config_path).parent_path() / w).string();
}

ConfigIdentity read_config(const std::string& path, const std::vector<std::string>& overrides) {
  json doc = sim::parse_config_json(sim::read_json_file(path), path);
  const json original = doc;
  for (const std::string& o : overrides) apply_override(doc, path, o);
  ConfigIdentity id;
  id.json = doc.dump();
  id.name = derived_name(original, doc);
  id.workload = beside_config(path, string_or(doc, "workload"));
  if (doc.is_object() && doc.contains("unit")) id.unit_type = string_or(doc["unit"], "type");
  // Above 2^63 - 1 is refused by parse_config; the failed run row keeps the default seed.
  if (doc.is_object() && doc.contains("seed") && doc["seed"].is_number_unsigned() &&
      doc["seed"].get<std::uint64_t>() <= std::uint64_t(INT64_MAX))
    id.seed = doc["seed"].get<std::uint64_t>();
  return id;
}

namespace {

void parse_clocks(sim::Params clocks, RunConfig& rc) {
  for (const std::string& name : clocks.keys()) {
    const json& v = clocks.value(name);
    if (!v.is_string()) {
      clocks.error(name, "expected a frequency string such as \"800MHz\"");
      continue;
    }
    try {
      rc.clocks.push_back({name, sim::parse_frequency_period_ps(v.get<std::string>())});
    } catch (const std::invalid_argument& e) {
      clocks.error(name, e.what());
    }
  }
  if (rc.clocks.empty() && clocks.raw().is_object() && clocks.raw().empty())
    clocks.error_here("expected at least one clock");
}

void parse_unit(sim::Params u, const std::vector<std::string>& clock_names, RunConfig& rc) {
  rc.unit_type = u.required_string("type");
  rc.unit_name = u.optional_string("name", rc.unit_type);
  if (u.has("name") && rc.unit_name.empty() && u.raw().at("name").is_string())
    u.error("name", "expected a non-empty name (it names the unit's components)");
  rc.unit_clock = u.required_string("clock");
  arch::ParseContext ctx;
  ctx.clock_names = clock_names;  // declared ones, even if their value was invalid
  ctx.unit_clock = rc.unit_clock;
  const bool clock_known =
      std::find(clock_names.begin(), clock_names.end(), rc.unit_clock) != clock_names.end();
  const auto given = [&u](const char* key) { return u.has(key) && u.raw().at(key).is_string(); };
  if (given("clock") && !clock_known) {
    std::string list;
    for (const std::string& c : clock_names) list += (list.empty() ? "" : ", ") + c;
    u.error("clock", "unknown clock \"" + rc.unit_clock + "\" (defined in /clocks: " + list + ")");
  }
  const arch::UnitInfo* info = arch::UnitRegistry::find(rc.unit_type);
  if (info == nullptr) {
    std::string known;
    for (const auto& i : arch::UnitRegistry::all()) known += (known.empty() ? "" : ", ") + i.type;
    if (given("type"))
      u.error("type", "unknown unit type \"" + rc.unit_type + "\" (registered: " + known + ")");
    u.ignore("params");  // unreadable without a known type: do not also report it
  } else {
    sim::Params params = u.child("params");
    rc.unit = info->parse(params, ctx);
  }
  u.reject_unused();
}

}  // namespace

RunConfig parse_config(const std::string& path, const std::string& json_text) {
  sim::Diagnostics diag;
  auto doc = std::make_shared<json>(sim::parse_config_json(json_text, path));
  sim::Params root = sim::Params::from_json(doc, path, diag);
  RunConfig rc;
  rc.path = path;
  rc.json = json_text;
  root.required_int("axsim_config", 1, 1);  // config format version: only 1 exists
  rc.name = root.required_string("name");
  rc.description = root.optional_string("description", "");
  rc.reproduces = root.required_string("reproduces");
  const std::string tech = root.required_string("tech");
  if (root.has("tech") && tech.empty() && root.raw().at("tech").is_string())
    root.error("tech", "expected a tech table file, e.g. \"tech/45nm.json\", got \"\"");
  rc.tech_path = (std::filesystem::path(path).parent_path() / tech).string();
  rc.seed = static_cast<std::uint64_t>(root.optional_int("seed", 1, 0, INT64_MAX));
  rc.watchdog_cycles =
      static_cast<std::uint64_t>(root.optional_int("watchdog_cycles", 1'000'000, 1000, 1LL << 40));
  rc.workload = beside_config(path, root.required_string("workload"));
  const std::string recipe = root.optional_string("recipe", "");
  if (!recipe.empty())
    rc.recipe_path = (std::filesystem::path(path).parent_path() / recipe).string();
  rc.layer_kinds = root.optional_choice_list("layer_kinds", {"conv", "fc", "lstm"});
  rc.layer_names = root.optional_string_list("layers");
  rc.fail_infeasible = root.optional_choice("infeasible", "report", {"report", "fail"}) == "fail";
  sim::Params clocks = root.child("clocks");
  parse_clocks(clocks, rc);
  parse_unit(root.child("unit"), clocks.keys(), rc);
  if (root.has("task")) rc.task = parse_task(root.child("task"), std::filesystem::path(path).parent_path().string());
  root.reject_unused();
  diag.throw_if_any();
  return rc;
}

}  // namespace axsim::tools
