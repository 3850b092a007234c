// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/result_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace axsim::tools {

namespace {

/// Columns are padded by characters, not bytes, so UTF-8 text (µ, ²) lines up.
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string table_cell(const results::SqlValue& v) {
  if (std::holds_alternative<double>(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", std::get<double>(v));
    return buf;
  }
  std::string text = results::sql_value_text(v);
  // One row per line: an error message with line breaks would otherwise tear the table apart.
  std::string out;
  for (char c : text)
    out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string() : std::string(1, c);
  return out;
}

/// A column is right-aligned (header too) when every non-NULL value in it is a number.
bool numeric_column(const ResultTable& t, std::size_t c) {
  bool any = false;
  for (const auto& row : t.rows) {
    if (std::holds_alternative<std::monostate>(row[c])) continue;
    if (!is_number(row[c])) return false;
    any = true;
  }
  return any;
}

void pad(std::string& out, const std::string& cell, std::size_t width, bool right) {
  const std::string fill(width - std::min(width, display_width(cell)), ' ');
  out += right ? fill + cell : cell + fill;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::ordered_json json_value(const results::SqlValue& v) {
  if (std::holds_alternative<std::int64_t>(v)) return std::get<std::int64_t>(v);
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  if (std::holds_alternative<double>(v) && std::isfinite(std::get<double>(v)))
    return std::get<double>(v);
  return nullptr;  // NULL, and NaN/infinity, which JSON cannot represent
}

/// Object keys must be unique; SQL result columns need not be (SELECT 1 AS a, 2 AS a).
std::vector<std::string> unique_keys(const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& c : columns) {
    std::string key = c;
    for (int n = 2; seen.count(key); ++n) key = c + "_" + std::to_string(n);
    seen.insert(key);
    out.push_back(key);
  }
  return out;
}

}  // namespace

OutputFormat parse_output_format(const std::string& name) {
  if (name == "table") return OutputFormat::table;
  if (name == "csv") return OutputFormat::csv;
  if (name == "json") return OutputFormat::json;
  throw UsageError("unknown format '" + name + "' (table, csv or json)");
}

std::string format_table(const ResultTable& t) {
  const std::size_t n = t.columns.size();
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(n);
  std::vector<bool> right(n);
  for (std::size_t c = 0; c < n; ++c) {
    width[c] = display_width(t.columns[c]);
    right[c] = numeric_column(t, c);
  }
  for (const auto& row : t.rows) {
    cells.emplace_back();
    for (std::size_t c = 0; c < n; ++c) {
      cells.back().push_back(table_cell(row[c]));
      width[c] = std::max(width[c], display_width(cells.back().back()));
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 0; c < n; ++c) {
      if (c) text += "  ";
      pad(text, row[c], width[c], right[c]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();  // no trailing blanks
    out += text + "\n";
  };
  if (n == 0) return out;
  line(t.columns);
  for (const auto& row : cells) line(row);
  return out;
}

std::string format_csv(const ResultTable& t) {
  std::string out;
  auto line = [&](auto&& field_of) {
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      if (c) out += ',';
      out += csv_field(field_of(c));
    }
    out += "\n";
  };
  if (t.columns.empty()) return out;
  line([&](std::size_t c) { return t.columns[c]; });
  for (const auto& row : t.rows)
    line([&](std::size_t c) { return results::sql_value_text(row[c]); });
  return out;
}

std::string format_json(const ResultTable& t) {
  const std::vector<std::string> keys = unique_keys(t.columns);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < keys.size(); ++c) obj[keys[c]] = json_value(row[c]);
    out.push_back(std::move(obj));
  }
  // Stored text need not be valid UTF-8; replace bad bytes rather than fail the whole output.
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string format_result(const ResultTable& table, OutputFormat format) {
  switch (format) {
    case OutputFormat::csv:
      return format_csv(table);
    case OutputFormat::json:
      return format_json(table);
    default:
      return format_table(table);
  }
}

results::SqlValue typed_value(const std::string& text) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  std::int64_t i = 0;
  if (auto [p, ec] = std::from_chars(begin, end, i); ec == std::errc() && p == end && !text.empty())
    return i;
  // "nan" and "inf" parse as doubles but are meant as text here.
  const bool has_digit = text.find_first_of("0123456789") != std::string::npos;
  double d = 0;
  if (auto [p, ec] = std::from_chars(begin, end, d); has_digit && ec == std::errc() && p == end)
    return d;
  return text;
}

bool is_number(const results::SqlValue& v) {
  return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<double>(v);
}

double number_of(const results::SqlValue& v) {
  if (std::holds_alternative<std::int64_t>(v))
    return static_cast<double>(std::get<std::int64_t>(v));
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  return std::nan("");
}

}  // namespace axsim::tools
