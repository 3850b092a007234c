// SPDX-License-Identifier: Apache-2.0
// A table of typed SQL values and its three printed forms, shared by `axsim query` and
// `axsim compare`.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "results/sqlite_stmt.hpp"

namespace axsim::tools {

/// The user asked for something that cannot be done as given (bad SQL, unknown sweep, missing
/// argument): the commands print the message and exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class OutputFormat { table, csv, json };

/// "table", "csv" or "json"; throws UsageError otherwise.
OutputFormat parse_output_format(const std::string& name);

struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<results::SqlValue>> rows;
};

/// Aligned columns under a header: numbers right-aligned, reals to 6 significant digits,
/// NULL empty, line breaks in text shown as \n.
std::string format_table(const ResultTable& table);
/// RFC 4180: a header line, fields quoted when they hold a comma, quote or line break, quotes
/// doubled; reals in their shortest round-trip form; NULL is an empty field.
std::string format_csv(const ResultTable& table);
/// An array of objects in column order, typed: null, integers, reals (round-trip; NaN and
/// infinities as null) and strings. A repeated column name gets a suffix _2, _3, ...
std::string format_json(const ResultTable& table);
std::string format_result(const ResultTable& table, OutputFormat format);

/// A command-line value typed as SQLite would store it: an integer if the whole text is one, else
/// a real if it is one, else text.
results::SqlValue typed_value(const std::string& text);

/// True for integers and reals.
bool is_number(const results::SqlValue& v);
/// The value as a double (integers converted); NaN for NULL and text.
double number_of(const results::SqlValue& v);

}  // namespace axsim::tools
