// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <set>
#include <string>
#include <vector>

namespace axsim::sim {

/// Collects every config error so they are all reported together, before anything is built.
class Diagnostics {
 public:
  void error(std::string message) { messages_.push_back(std::move(message)); }
  bool empty() const { return messages_.empty(); }
  const std::vector<std::string>& messages() const { return messages_; }
  /// Throws ConfigError listing every message, one per line.
  void throw_if_any() const;

 private:
  std::vector<std::string> messages_;
};

/// A read-only view of one JSON object in a config file that knows its file and JSON pointer, so
/// each error names both: "configs/dense.json: /unit/params/pe_rows: expected an integer in
/// [1, 1024], got -3". Getters record an error and return a default instead of throwing; keys
/// that were never read are reported by reject_unused() (a typo is an error, not a silent default).
class Params {
 public:
  /// Reads and parses `path`; an unreadable file or a JSON syntax error throws ConfigError.
  static Params from_file(const std::string& path, Diagnostics& diag);
  /// `pointer` says where `doc` sits in `file` (e.g. a merged per-layer override), for messages.
  static Params from_json(std::shared_ptr<const nlohmann::json> doc, std::string file,
                          Diagnostics& diag, std::string pointer = "");

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  std::string where(const std::string& key) const;  ///< "file: /pointer/key"
  const nlohmann::json& raw() const { return *node_; }
  bool has(const std::string& key) const;
  /// The raw value of `key`, null when absent. Use this, not raw()[key]: nlohmann's const
  /// operator[] on a missing key is undefined behaviour.
  const nlohmann::json& value(const std::string& key) const;
  std::vector<std::string> keys();  ///< marks every key as read

  Params child(const std::string& key);  ///< a required object
  std::vector<Params> array_of_objects(const std::string& key);  ///< a required array
  std::string required_string(const std::string& key);
  std::string optional_string(const std::string& key, const std::string& fallback);
  double required_number(const std::string& key, double lo, double hi);
  double optional_number(const std::string& key, double fallback, double lo, double hi);
  std::int64_t required_int(const std::string& key, std::int64_t lo, std::int64_t hi);
  std::int64_t optional_int(const std::string& key, std::int64_t fallback, std::int64_t lo,
                            std::int64_t hi);
  bool optional_bool(const std::string& key, bool fallback);
  /// A string that must be one of `choices`.
  std::string optional_choice(const std::string& key, const std::string& fallback,
                              const std::vector<std::string>& choices);
  /// An optional array of strings, each one of `choices` (absent: empty).
  std::vector<std::string> optional_choice_list(const std::string& key,
                                                const std::vector<std::string>& choices);
  /// An optional array of non-empty strings (absent: empty).
  std::vector<std::string> optional_string_list(const std::string& key);
  void reject_unused();
  /// Marks a key as consumed without reading it (its owner reported why it is not read).
  void ignore(const std::string& key) { used_.insert(key); }
  void error(const std::string& key, const std::string& message);
  /// An error about this object itself (e.g. an empty list of clocks).
  void error_here(const std::string& message);

 private:
  Params(std::shared_ptr<const nlohmann::json> doc, const nlohmann::json* node, std::string file,
         std::string pointer, Diagnostics* diag, bool absent);
  const nlohmann::json* get(const std::string& key, bool required);
  Params absent_child(const std::string& key);

  std::shared_ptr<const nlohmann::json> doc_;
  const nlohmann::json* node_;
  std::string file_, pointer_;
  Diagnostics* diag_;
  bool absent_;  ///< the object itself is missing: its own errors were reported once already
  std::set<std::string> used_;
};

/// JSON pointer escaping of one reference token ("a/b" -> "a~1b").
std::string escape_pointer_token(const std::string& token);

}  // namespace axsim::sim
