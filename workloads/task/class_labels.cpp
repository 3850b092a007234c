// SPDX-License-Identifier: Apache-2.0
#include "workloads/task/class_labels.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"

namespace axsim::workloads {

namespace {

constexpr std::size_t kMaxClasses = 65536;
constexpr std::size_t kMaxLabels = std::size_t{1} << 24;

std::string shown_value(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return s.size() > 40 ? s.substr(0, 40) + "..." : s;
}

}  // namespace

ClassLabels parse_class_labels(const std::string& text, const std::string& where) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw sim::ConfigError(where + ": not valid JSON");
  if (!j.is_object() || !j.contains("classes") || !j.contains("labels"))
    throw sim::ConfigError(where + ": expected an object with the keys \"classes\" and \"labels\"");
  const nlohmann::json& c = j["classes"];
  if (!c.is_array() || c.size() < 2 || c.size() > kMaxClasses)
    throw sim::ConfigError(where + ": /classes: expected an array of 2 to " + std::to_string(kMaxClasses) + " names");
  ClassLabels out;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c[i].is_string())
      throw sim::ConfigError(where + ": /classes/" + std::to_string(i) +
                             ": expected a string, got " + shown_value(c[i]));
    out.classes.push_back(c[i].get<std::string>());
  }
  const nlohmann::json& l = j["labels"];
  if (!l.is_array() || l.empty() || l.size() > kMaxLabels)
    throw sim::ConfigError(where + ": /labels: expected an array of 1 to " + std::to_string(kMaxLabels) + " class indices");
  for (std::size_t i = 0; i < l.size(); ++i) {
    const bool ok = l[i].is_number_integer() && l[i].get<std::int64_t>() >= 0 &&
                    l[i].get<std::int64_t>() < std::int64_t(out.classes.size());
    if (!ok)
      throw sim::ConfigError(
          where + ": /labels/" + std::to_string(i) + ": expected a class index in [0, " +
          std::to_string(out.classes.size() - 1) + "], got " + shown_value(l[i]));
    out.labels.push_back(int(l[i].get<std::int64_t>()));
  }
  return out;
}

ClassLabels read_class_labels(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sim::ConfigError(path + ": cannot read the labels file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_class_labels(text.str(), path);
}

}  // namespace axsim::workloads
