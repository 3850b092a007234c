// SPDX-License-Identifier: Apache-2.0
#include "sim/params.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/error.hpp"
#include "sim/json_input.hpp"

namespace axsim::sim {

using nlohmann::json;

namespace {

const json& empty_object() {
  static const json e = json::object();
  return e;
}

std::string describe(const json& v) {
  std::string s = v.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string range_text(double lo, double hi) {
  std::ostringstream os;
  os << "[" << lo << ", " << hi << "]";
  return os.str();
}

}  // namespace

void Diagnostics::throw_if_any() const {
  if (messages_.empty()) return;
  std::string all;
  for (const std::string& m : messages_) all += (all.empty() ? "" : "\n") + m;
  throw ConfigError(all);
}

std::string escape_pointer_token(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

Params::Params(std::shared_ptr<const json> doc, const json* node, std::string file,
               std::string pointer, Diagnostics* diag, bool absent)
    : doc_(std::move(doc)),
      node_(node),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      diag_(diag),
      absent_(absent) {}

Params Params::from_file(const std::string& path, Diagnostics& diag) {
  auto doc = std::make_shared<json>(parse_config_json(read_json_file(path), path));
  return from_json(doc, path, diag);
}

Params Params::from_json(std::shared_ptr<const json> doc, std::string file, Diagnostics& diag,
                         std::string pointer) {
  if (!doc->is_object()) {
    diag.error(file + ": " + (pointer.empty() ? "/" : pointer) + ": expected a JSON object, got " +
               describe(*doc));
    return Params(doc, &empty_object(), std::move(file), std::move(pointer), &diag, true);
  }
  const json* root = doc.get();
  return Params(std::move(doc), root, std::move(file), std::move(pointer), &diag, false);
}

std::string Params::where(const std::string& key) const {
  return file_ + ": " + pointer_ + "/" + escape_pointer_token(key);
}

void Params::error(const std::string& key, const std::string& message) {
  if (!absent_) diag_->error(where(key) + ": " + message);
}

void Params::error_here(const std::string& message) {
  if (!absent_) diag_->error(file_ + ": " + (pointer_.empty() ? "/" : pointer_) + ": " + message);
}

bool Params::has(const std::string& key) const { return node_->contains(key); }

const nlohmann::json& Params::value(const std::string& key) const {
  static const nlohmann::json kNull;
  if (!node_->is_object()) return kNull;
  const auto it = node_->find(key);
  return it == node_->end() ? kNull : *it;
}

std::vector<std::string> Params::keys() {
  std::vector<std::string> out;
  for (auto it = node_->begin(); it != node_->end(); ++it) {
    out.push_back(it.key());
    used_.insert(it.key());
  }
  return out;
}

const json* Params::get(const std::string& key, bool required) {
  used_.insert(key);
  auto it = node_->find(key);
  if (it == node_->end()) {
    if (required) error(key, "missing required key");
    return nullptr;
  }
  return &*it;
}

Params Params::absent_child(const std::string& key) {
  return Params(doc_, &empty_object(), file_, pointer_ + "/" + escape_pointer_token(key), diag_,
                true);
}

Params Params::child(const std::string& key) {
  const json* v = get(key, true);
  if (v == nullptr) return absent_child(key);
  if (!v->is_object()) {
    error(key, "expected a JSON object, got " + describe(*v));
    return absent_child(key);
  }
  return Params(doc_, v, file_, pointer_ + "/" + escape_pointer_token(key), diag_, absent_);
}

std::vector<Params> Params::array_of_objects(const std::string& key) {
  std::vector<Params> out;
  const json* v = get(key, true);
  if (v == nullptr) return out;
  if (!v->is_array()) {
    error(key, "expected a JSON array, got " + describe(*v));
    return out;
  }
  const std::string base = pointer_ + "/" + escape_pointer_token(key);
  for (std::size_t i = 0; i < v->size(); ++i) {
    const json& e = (*v)[i];
    const std::string ptr = base + "/" + std::to_string(i);
    if (!e.is_object()) {
      if (!absent_) diag_->error(file_ + ": " + ptr + ": expected a JSON object, got " + describe(e));
      continue;
    }
    out.push_back(Params(doc_, &e, file_, ptr, diag_, absent_));
  }
  return out;
}

std::string Params::required_string(const std::string& key) {
  const json* v = get(key, true);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    error(key, "expected a string, got " + describe(*v));
    return {};
  }
  return v->get<std::string>();
}

std::string Params::optional_string(const std::string& key, const std::string& fallback) {
  return has(key) ? required_string(key) : (used_.insert(key), fallback);
}

double Params::required_number(const std::string& key, double lo, double hi) {
  const json* v = get(key, true);
  if (v == nullptr) return lo;
  if (!v->is_number()) {
    error(key, "expected a number in " + range_text(lo, hi) + ", got " + describe(*v));
    return lo;
  }
  const double d = v->get<double>();
  if (d < lo || d > hi) {
    error(key, "expected a number in " + range_text(lo, hi) + ", got " + describe(*v));
    return lo;
  }
  return d;
}

double Params::optional_number(const std::string& key, double fallback, double lo, double hi) {
  return has(key) ? required_number(key, lo, hi) : (used_.insert(key), fallback);
}

std::int64_t Params::required_int(const std::string& key, std::int64_t lo, std::int64_t hi) {
  const json* v = get(key, true);
  if (v == nullptr) return lo;
  const std::string expect =
      "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!v->is_number_integer()) {
    error(key, expect + ", got " + describe(*v));
    return lo;
  }
  // Above 2^63 - 1 is out of every range (it used to be clamped to 2^63 - 1 and accepted).
  const bool too_big =
      v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t(INT64_MAX);
  const std::int64_t i = too_big ? hi : v->get<std::int64_t>();
  if (too_big || i < lo || i > hi) {
    error(key, expect + ", got " + describe(*v));
    return lo;
  }
  return i;
}

std::int64_t Params::optional_int(const std::string& key, std::int64_t fallback, std::int64_t lo,
                                  std::int64_t hi) {
  return has(key) ? required_int(key, lo, hi) : (used_.insert(key), fallback);
}

bool Params::optional_bool(const std::string& key, bool fallback) {
  const json* v = get(key, false);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) {
    error(key, "expected true or false, got " + describe(*v));
    return fallback;
  }
  return v->get<bool>();
}

std::string Params::optional_choice(const std::string& key, const std::string& fallback,
                                    const std::vector<std::string>& choices) {
  if (has(key) && !node_->at(key).is_string()) return required_string(key), fallback;  // one error
  const std::string s = optional_string(key, fallback);
  for (const std::string& c : choices)
    if (c == s) return s;
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
  error(key, "expected one of " + list + ", got \"" + s + "\"");
  return fallback;
}

std::vector<std::string> Params::optional_choice_list(const std::string& key,
                                                     const std::vector<std::string>& choices) {
  const nlohmann::json* v = get(key, false);
  if (v == nullptr) return {};
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
  std::vector<std::string> out;
  if (!v->is_array()) {
    error(key, "expected an array of strings, each one of " + list);
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    const nlohmann::json& e = (*v)[i];
    if (e.is_string() && std::find(choices.begin(), choices.end(), e.get<std::string>()) != choices.end())
      out.push_back(e.get<std::string>());
    else
      error(key, "item " + std::to_string(i) + ": expected one of " + list + ", got " + e.dump());
  }
  return out;
}

std::vector<std::string> Params::optional_string_list(const std::string& key) {
  const nlohmann::json* v = get(key, false);
  if (v == nullptr) return {};
  std::vector<std::string> out;
  if (!v->is_array()) {
    error(key, "expected an array of strings");
    return out;
  }
  for (std::size_t i = 0; i < v->size(); ++i) {
    const nlohmann::json& e = (*v)[i];
    if (e.is_string() && !e.get<std::string>().empty()) out.push_back(e.get<std::string>());
    else error(key, "item " + std::to_string(i) + ": expected a non-empty string, got " + e.dump());
  }
  return out;
}

void Params::reject_unused() {
  if (absent_) return;
  std::string known;
  for (const std::string& k : used_) known += (known.empty() ? "" : ", ") + k;
  for (auto it = node_->begin(); it != node_->end(); ++it)
    if (!used_.count(it.key()))
      error(it.key(), "unknown key (known: " + known + ")");
}

}  // namespace axsim::sim
