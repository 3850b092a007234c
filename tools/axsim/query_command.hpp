// SPDX-License-Identifier: Apache-2.0
// `axsim query`: one SQL statement or a named query over a results db, printed as a table, CSV
// or JSON.
#pragma once
#include <string>
#include <vector>

#include "tools/axsim/result_table.hpp"

namespace axsim::results {
class ResultsDb;
}

namespace axsim::tools {

struct QueryOptions {
  std::string db_path = "axsim.db";
  std::string format = "table";
  bool write = false;  ///< open read-write; by default a stray DELETE cannot change results
  bool list = false;   ///< print the named queries instead
  std::string query;   ///< a named query or one SQL statement
  std::vector<std::string> args;  ///< bound to ?1, ?2, ... (typed by typed_value)
  std::string by;  ///< energy breakdown: component (default), type, action or layer
};

/// A canned query. Parameters are upper-case names, optional ones in brackets ("[SWEEP]");
/// a RUN_ID or SWEEP argument is checked to exist before the query runs.
struct NamedQuery {
  std::string name, description, sql;
  std::vector<std::string> params;
  /// The first argument names a sweep whose view replaces {view} in `sql` (a table name cannot
  /// be a bound parameter); it is not bound.
  bool sweep_view = false;
};

const std::vector<NamedQuery>& named_queries();
const NamedQuery* find_named_query(const std::string& name);

/// Runs a named query (when `query` is one) or the SQL statement with `args` bound to ?1, ?2...
/// Throws UsageError for a wrong number of arguments, an unknown run or sweep;
/// std::runtime_error (naming the db file) for SQL errors.
ResultTable run_query(results::ResultsDb& db, const std::string& query,
                      const std::vector<std::string>& args);

/// Runs one SQL statement with typed values bound to ?1, ?2, ...; the number of values must
/// match the statement's parameters.
ResultTable run_sql(results::ResultsDb& db, const std::string& sql,
                    const std::vector<results::SqlValue>& values);

/// The named queries as a table: name, arguments, description.
ResultTable named_query_table();

/// Checks that the db file exists (opening would otherwise create or misreport it).
void require_db_file(const std::string& path);

/// `axsim query`; returns the exit code (0 ok, 2 bad input or SQL error, 1 other failure).
int query_command(const QueryOptions& options);

}  // namespace axsim::tools
