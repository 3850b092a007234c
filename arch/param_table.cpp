// SPDX-License-Identifier: Apache-2.0
#include "arch/param_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sim/error.hpp"

namespace axsim::arch {

ParamDecl ParamDecl::integer(std::string name, std::int64_t lo, std::int64_t hi, std::string unit,
                             std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kInt, d.unit = std::move(unit);
  d.lo = double(lo), d.hi = double(hi), d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::integer(std::string name, std::int64_t fallback, std::int64_t lo,
                             std::int64_t hi, std::string unit, std::string doc) {
  ParamDecl d = integer(std::move(name), lo, hi, std::move(unit), std::move(doc));
  d.required = false, d.int_default = fallback;
  return d;
}

ParamDecl ParamDecl::number(std::string name, double lo, double hi, std::string unit,
                            std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kNumber, d.unit = std::move(unit);
  d.lo = lo, d.hi = hi, d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::number(std::string name, double fallback, double lo, double hi,
                            std::string unit, std::string doc) {
  ParamDecl d = number(std::move(name), lo, hi, std::move(unit), std::move(doc));
  d.required = false, d.number_default = fallback;
  return d;
}

ParamDecl ParamDecl::boolean(std::string name, bool fallback, std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kBool, d.required = false;
  d.bool_default = fallback, d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::string(std::string name, std::string fallback, std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kString, d.required = false;
  d.string_default = std::move(fallback), d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::choice(std::string name, std::string fallback, std::vector<Choice> choices,
                            std::string doc) {
  return slot(
      std::move(name), std::move(fallback), [c = std::move(choices)] { return c; }, std::move(doc));
}

ParamDecl ParamDecl::slot(std::string name, std::string fallback,
                          std::function<std::vector<Choice>()> choices, std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kChoice, d.required = false;
  d.string_default = std::move(fallback), d.choices = std::move(choices), d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::clock(std::string name, std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kClock, d.doc = std::move(doc);
  return d;
}

ParamDecl ParamDecl::object(std::string name, std::vector<ParamDecl> children, std::string doc) {
  ParamDecl d;
  d.name = std::move(name), d.type = ParamType::kObject, d.doc = std::move(doc);
  d.children = std::move(children);
  return d;
}

ParamDecl ParamDecl::with_constraint(std::string text) && {
  constraint = std::move(text);
  return std::move(*this);
}

const ParamDecl* find_param(const ParamTable& table, const std::string& name) {
  for (const ParamDecl& d : table)
    if (d.name == name) return &d;
  return nullptr;
}

ParamReader::ParamReader(sim::Params& p, const ParamTable& table) : p_(&p), table_(&table) {}

ParamReader::ParamReader(sim::Params&& p, const ParamTable& table)
    : owned_(std::make_shared<sim::Params>(std::move(p))), p_(owned_.get()), table_(&table) {}

const ParamDecl& ParamReader::use(const std::string& name, ParamType type) {
  const ParamDecl* d = find_param(*table_, name);
  if (d == nullptr || d->type != type)
    sim::assertion_failed(("param \"" + name + "\" read but not declared as such").c_str(),
                          __FILE__, __LINE__);
  read_.push_back(name);
  return *d;
}

std::int64_t ParamReader::integer(const std::string& name) {
  const ParamDecl& d = use(name, ParamType::kInt);
  const auto lo = static_cast<std::int64_t>(d.lo), hi = static_cast<std::int64_t>(d.hi);
  return d.required ? p_->required_int(name, lo, hi)
                    : p_->optional_int(name, d.int_default, lo, hi);
}

double ParamReader::number(const std::string& name) {
  const ParamDecl& d = use(name, ParamType::kNumber);
  return d.required ? p_->required_number(name, d.lo, d.hi)
                    : p_->optional_number(name, d.number_default, d.lo, d.hi);
}

bool ParamReader::boolean(const std::string& name) {
  return p_->optional_bool(name, use(name, ParamType::kBool).bool_default);
}

std::string ParamReader::string(const std::string& name) {
  return p_->optional_string(name, use(name, ParamType::kString).string_default);
}

std::string ParamReader::choice(const std::string& name) {
  const ParamDecl& d = use(name, ParamType::kChoice);
  std::vector<std::string> names;
  for (const Choice& c : d.choices()) names.push_back(c.name);
  return p_->optional_choice(name, d.string_default, names);
}

std::string ParamReader::clock(const std::string& name, const ParseContext& ctx) {
  const ParamDecl& d = use(name, ParamType::kClock);
  if (!d.required && !p_->has(name)) return d.string_default;
  const std::string value = p_->required_string(name);
  const auto& known = ctx.clock_names;
  // A value that is not a string was already reported by required_string.
  const bool present = p_->has(name) && p_->raw().at(name).is_string();
  if (present && std::find(known.begin(), known.end(), value) == known.end()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    p_->error(name, "unknown clock \"" + value + "\" (defined in /clocks: " + list + ")");
  }
  return value;
}

ParamReader ParamReader::child(const std::string& name) {
  const ParamDecl& d = use(name, ParamType::kObject);
  return ParamReader(p_->child(name), d.children);
}

void ParamReader::finish() {
  for (const ParamDecl& d : *table_)
    if (std::find(read_.begin(), read_.end(), d.name) == read_.end())
      sim::assertion_failed(("declared param \"" + d.name + "\" never read").c_str(), __FILE__,
                            __LINE__);
  p_->reject_unused();
}

namespace {

// Powers of two from 2^16 up as 2 with a superscript exponent, as the docs write them.
std::string int_text(std::int64_t v) {
  static const char* const kDigits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  if (v < 65536 || (v & (v - 1)) != 0) return std::to_string(v);
  int e = 0;
  while ((std::int64_t(1) << e) < v) ++e;
  std::string out = "2";
  for (char c : std::to_string(e)) out.append(kDigits[c - '0']);
  return out;
}

}  // namespace

const char* param_type_name(ParamType t) {
  switch (t) {
    case ParamType::kInt:
      return "integer";
    case ParamType::kNumber:
      return "number";
    case ParamType::kBool:
      return "bool";
    case ParamType::kString:
      return "string";
    case ParamType::kChoice:
      return "string";
    case ParamType::kClock:
      return "string";
    case ParamType::kObject:
      return "object";
  }
  return "";
}

std::string param_range_text(const ParamDecl& d) {
  std::string out;
  switch (d.type) {
    case ParamType::kInt:
      out = fmt::format("[{}, {}]", int_text(std::int64_t(d.lo)), int_text(std::int64_t(d.hi)));
      break;
    case ParamType::kNumber:
      out = fmt::format("[{}, {}]", d.lo, d.hi);
      break;
    case ParamType::kChoice:
      for (const Choice& c : d.choices()) {
        if (!out.empty()) out += ", ";
        out += "`";
        out += c.name;
        out += "`";
      }
      break;
    case ParamType::kClock:
      out = "a name in `/clocks`";
      break;
    default:
      break;
  }
  if (!d.constraint.empty()) {
    if (!out.empty()) out += ", ";
    out += d.constraint;
  }
  return out;
}

std::string param_default_text(const ParamDecl& d) {
  if (d.required) return "required";
  switch (d.type) {
    case ParamType::kInt:
      return int_text(d.int_default);
    case ParamType::kNumber:
      return fmt::format("{}", d.number_default);
    case ParamType::kBool:
      return d.bool_default ? "`true`" : "`false`";
    default:
      return "`\"" + d.string_default + "\"`";
  }
}

}  // namespace axsim::arch
