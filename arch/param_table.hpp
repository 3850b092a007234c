// SPDX-License-Identifier: Apache-2.0
// A unit's parameters as data: each is declared once (name, type, unit, default, range, doc) and
// read through that declaration, so what `axsim describe` and docs/config-reference.md show is
// what the parser accepts.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/params.hpp"

namespace axsim::arch {

/// What a unit's parser may check its params against.
struct ParseContext {
  std::vector<std::string> clock_names;  ///< the config's /clocks
  std::string unit_clock;                 ///< the unit's own clock (already checked)
};



enum class ParamType { kInt, kNumber, kBool, kString, kChoice, kClock, kObject };

/// One implementation a choice offers, with what it does.
struct Choice {
  std::string name;
  std::string doc;
};

struct ParamDecl {
  std::string name;
  ParamType type = ParamType::kInt;
  std::string unit;      ///< "bytes", "bits", ... ("" for none)
  bool required = true;  ///< else the default below applies
  std::int64_t int_default = 0;
  double number_default = 0;
  bool bool_default = false;
  std::string string_default;  ///< kString and kChoice
  double lo = 0, hi = 0;       ///< kInt and kNumber: the accepted range, inclusive
  std::string constraint;      ///< a further rule the parser checks ("multiple of 8")
  /// kChoice: the accepted names (a slot's are its registry's, listed when asked).
  std::function<std::vector<Choice>()> choices;
  std::string doc;
  std::vector<ParamDecl> children;  ///< kObject: its keys

  // Builders. Required integers and numbers have no default; the others name theirs.
  static ParamDecl integer(std::string name, std::int64_t lo, std::int64_t hi, std::string unit,
                           std::string doc);
  static ParamDecl integer(std::string name, std::int64_t fallback, std::int64_t lo,
                           std::int64_t hi, std::string unit, std::string doc);
  static ParamDecl number(std::string name, double lo, double hi, std::string unit,
                          std::string doc);
  static ParamDecl number(std::string name, double fallback, double lo, double hi,
                          std::string unit, std::string doc);
  static ParamDecl boolean(std::string name, bool fallback, std::string doc);
  static ParamDecl string(std::string name, std::string fallback, std::string doc);
  static ParamDecl choice(std::string name, std::string fallback, std::vector<Choice> choices,
                          std::string doc);
  /// A choice whose names come from a registry at the time they are listed.
  static ParamDecl slot(std::string name, std::string fallback,
                        std::function<std::vector<Choice>()> choices, std::string doc);
  static ParamDecl clock(std::string name, std::string doc);
  static ParamDecl object(std::string name, std::vector<ParamDecl> children, std::string doc);
  /// Adds a rule the parser checks beyond the range (shown in the range column).
  ParamDecl with_constraint(std::string text) &&;
};

using ParamTable = std::vector<ParamDecl>;

/// Finds `name` in `table` (nullptr if absent).
const ParamDecl* find_param(const ParamTable& table, const std::string& name);

/// Reads a sim::Params object through its declaration: every getter names a declared key and
/// takes type, default and range from it (an undeclared name or a wrong type is an internal
/// error), and finish() checks that every declared key was read and rejects undeclared keys in
/// the config. Errors go to the Params' Diagnostics.
class ParamReader {
 public:
  ParamReader(sim::Params& p, const ParamTable& table);
  ParamReader(sim::Params&& p, const ParamTable& table);

  std::int64_t integer(const std::string& name);
  int int32(const std::string& name) { return static_cast<int>(integer(name)); }
  double number(const std::string& name);
  bool boolean(const std::string& name);
  std::string string(const std::string& name);
  std::string choice(const std::string& name);
  /// A clock name that must be one of the config's /clocks.
  std::string clock(const std::string& name, const ParseContext& ctx);
  /// The declared object `name`, read through its children's declarations.
  ParamReader child(const std::string& name);
  /// True if the config gives `name` (for rules on keys that apply to one choice only).
  bool given(const std::string& name) const { return p_->has(name); }
  /// Records an error about key `name` (e.g. a rule between two keys).
  void error(const std::string& name, const std::string& message) { p_->error(name, message); }
  /// Every declared key must have been read (else an internal error); unknown keys are errors.
  void finish();

 private:
  const ParamDecl& use(const std::string& name, ParamType type);
  std::shared_ptr<sim::Params> owned_;
  sim::Params* p_;
  const ParamTable* table_;
  std::vector<std::string> read_;
};

/// The range column of a declaration: "[1, 1024]", "`a`, `b`", a clock, a constraint.
std::string param_range_text(const ParamDecl& d);
/// The default column: "required", "128", "`false`", "`\"mac_int8\"`".
std::string param_default_text(const ParamDecl& d);
const char* param_type_name(ParamType t);

}  // namespace axsim::arch
