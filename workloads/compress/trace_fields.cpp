// SPDX-License-Identifier: Apache-2.0
#include "workloads/compress/trace_fields.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <utility>

#include "workloads/trace/trace.hpp"

namespace axsim::workloads {

using nlohmann::json;

namespace {

// A value as a message shows it: at most 40 characters of its JSON text.
std::string shown(const json& j) {
  const std::string text = j.dump();
  return text.size() <= 40 ? text : text.substr(0, 37) + "...";
}

// The element a pointer token names, or nullptr (no such key or index, or not a container).
const json* child(const json& j, const std::string& token) {
  if (j.is_object()) {
    const auto it = j.find(token);
    return it == j.end() ? nullptr : &*it;
  }
  if (!j.is_array() || token.empty() || token.size() > 9) return nullptr;
  std::size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return nullptr;
    index = index * 10 + std::size_t(c - '0');
  }
  return index < j.size() ? &j[index] : nullptr;
}

}  // namespace

TraceFields::TraceFields(const json& header, std::string path, std::string layer)
    : header_(header), path_(std::move(path)), layer_(std::move(layer)) {}

std::string TraceFields::where() const {
  return layer_.empty() ? path_ + ": file header" : path_ + ": layer '" + layer_ + "': header";
}

void TraceFields::fail(const std::string& what) const { throw TraceError(where() + ": " + what); }

// The element a JSON pointer names, or nullptr.
const json* TraceFields::find(const std::string& pointer) const {
  const json* j = &header_;
  std::size_t start = 1;  // pointers start with '/'
  while (j != nullptr && start <= pointer.size()) {
    const std::size_t end = std::min(pointer.find('/', start), pointer.size());
    j = child(*j, pointer.substr(start, end - start));
    start = end + 1;
  }
  return j;
}

bool TraceFields::has(const std::string& pointer) const { return find(pointer) != nullptr; }

const json& TraceFields::at(const std::string& pointer) const {
  const json* j = find(pointer);
  if (j == nullptr) fail(pointer + " is missing");
  return *j;
}

std::int64_t TraceFields::integer(const std::string& pointer, std::int64_t lo,
                                  std::int64_t hi) const {
  const json& j = at(pointer);
  // Unsigned values above INT64_MAX would read as negative int64 (2^64 - 1 as -1).
  const bool too_big = j.is_number_unsigned() &&
                       j.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
  if (!j.is_number_integer() || too_big)
    fail(fmt::format("{} is {}, expected an integer {}..{}", pointer, shown(j), lo, hi));
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) fail(fmt::format("{} is {}, expected {}..{}", pointer, v, lo, hi));
  return v;
}

int TraceFields::int_in(const std::string& pointer, int lo, int hi) const {
  return static_cast<int>(integer(pointer, lo, hi));
}

double TraceFields::number(const std::string& pointer, double lo, double hi) const {
  const json& j = at(pointer);
  if (!j.is_number())
    fail(fmt::format("{} is {}, expected a number {}..{}", pointer, shown(j), lo, hi));
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < lo || v > hi)
    fail(fmt::format("{} is {}, expected a finite number {}..{}", pointer, shown(j), lo, hi));
  return v;
}

std::string TraceFields::text(const std::string& pointer) const {
  const json& j = at(pointer);
  if (!j.is_string()) fail(pointer + " is " + shown(j) + ", expected a string");
  return j.get<std::string>();
}

bool TraceFields::flag(const std::string& pointer) const {
  const json& j = at(pointer);
  if (!j.is_boolean()) fail(pointer + " is " + shown(j) + ", expected true or false");
  return j.get<bool>();
}

std::size_t TraceFields::array_size(const std::string& pointer) const {
  const json& j = at(pointer);
  if (!j.is_array()) fail(pointer + " is " + shown(j) + ", expected an array");
  return j.size();
}

}  // namespace axsim::workloads
