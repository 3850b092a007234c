// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/query_command.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <iostream>

#include "results/results_db.hpp"
#include "tools/axsim/command_errors.hpp"

namespace axsim::tools {

namespace {

bool optional_param(const std::string &p) { return !p.empty() && p.front() == '['; }

std::string bare_param(const std::string &p) {
  return optional_param(p) ? p.substr(1, p.size() - 2) : p;
}

std::string usage_of(const NamedQuery &q) {
  std::string out = "axsim query " + q.name;
  for (const std::string &p : q.params) out += " " + p;
  return out;
}

bool exists(results::ResultsDb &db, const std::string &sql, const results::SqlValue &key) {
  results::Stmt q(db.handle(), db.path(), sql);
  q.bind(key);
  return q.step();
}

std::string known_sweeps(results::ResultsDb &db) {
  std::string names;
  results::Stmt q(db.handle(), db.path(), "SELECT name FROM sweeps ORDER BY name");
  for (q.bind(); q.step();) names += (names.empty() ? "" : ", ") + q.text(0);
  return names.empty() ? "none stored" : "stored: " + names;
}

/// A RUN_ID or SWEEP argument that names nothing is reported as such, not as an
/// empty result.
void check_argument(results::ResultsDb &db, const std::string &param, const std::string &arg) {
  const std::string name = bare_param(param);
  if (name == "RUN_ID" && !exists(db, "SELECT 1 FROM runs WHERE id = ?1", typed_value(arg)))
    throw UsageError("no run with id " + arg + " in " + db.path());
  if (name == "SWEEP" && !exists(db, "SELECT 1 FROM sweeps WHERE name = ?1", arg))
    throw UsageError("no sweep named '" + arg + "' in " + db.path() + " (" + known_sweeps(db) +
                     ")");
}

void check_argument_count(const NamedQuery &q, std::size_t given) {
  std::size_t required = 0;
  for (const std::string &p : q.params) required += optional_param(p) ? 0 : 1;
  if (given < required || given > q.params.size())
    throw UsageError("named query '" + q.name + "' got " + std::to_string(given) +
                     " arguments; usage: " + usage_of(q));
}

std::string replace_view(const std::string &sql, const std::string &sweep) {
  // View names hold only letters, digits and '_', so quoting needs no escapes.
  const std::string::size_type at = sql.find("{view}");
  std::string out = sql.substr(0, at);
  out += '"';
  out += results::ResultsDb::sweep_view_name(sweep);
  out += '"';
  out += sql.substr(at + 6);
  return out;
}

ResultTable run_named(results::ResultsDb &db, const NamedQuery &q,
                      const std::vector<std::string> &args) {
  check_argument_count(q, args.size());
  for (std::size_t i = 0; i < args.size(); ++i) check_argument(db, q.params[i], args[i]);
  std::vector<results::SqlValue> values;
  for (std::size_t i = q.sweep_view ? 1 : 0; i < q.params.size(); ++i)
    values.push_back(i < args.size() ? typed_value(args[i]) : results::SqlValue{});
  return run_sql(db, q.sweep_view ? replace_view(q.sql, args[0]) : q.sql, values);
}

/// Hints for the SQL failures users meet most: writing without --write, a db from before
/// sweeps or phases.
std::string hint_for(results::ResultsDb &db, const std::string &message) {
  // With interrupted runs shown, `runs` is a read-only TEMP view (results/interrupted_runs.hpp).
  if (message.find("readonly") != std::string::npos ||
      (db.interrupted_runs() > 0 && message.find("because it is a view") != std::string::npos))
    return "\naxsim: hint: axsim query opens the db read-only; add --write to "
           "change it";
  if (message.find("no such table: sweeps") != std::string::npos ||
      message.find("sweep_id") != std::string::npos) {
    results::Stmt q(db.handle(), db.path(), "SELECT value FROM meta WHERE key = 'schema_version'");
    if (q.step() && q.text(0) == "1")
      return "\naxsim: hint: the db has schema version 1 (before sweeps); "
             "`axsim query --write` "
             "or any axsim run on it upgrades it";
  }
  if (message.find("no such table: phases") != std::string::npos ||
      message.find("no such table: phase_totals") != std::string::npos) {
    results::Stmt q(db.handle(), db.path(), "SELECT value FROM meta WHERE key = 'schema_version'");
    if (q.step() && (q.text(0) == "1" || q.text(0) == "2"))
      return "\naxsim: hint: the db has schema version " + q.text(0) +
             " (before phases; its layers table holds them); `axsim query --write` or any axsim "
             "run on it upgrades it";
  }
  return "";
}

// --by chooses the breakdown of the energy query: energy_by_type, energy_by_action, ...
std::string by_query(const QueryOptions &opt) {
  if (opt.by.empty()) return opt.query;
  if (opt.query != "energy")
    throw UsageError("--by " + opt.by + " breaks down the named query 'energy', not '" + opt.query +
                     "'");
  return opt.by == "component" ? std::string("energy") : "energy_by_" + opt.by;
}

void print_changes(results::ResultsDb &db, const ResultTable &table) {
  if (table.columns.empty())
    std::cerr << "axsim: " << sqlite3_changes(db.handle()) << " rows changed in " << db.path()
              << "\n";
}

}  // namespace

ResultTable run_sql(results::ResultsDb &db, const std::string &sql,
                    const std::vector<results::SqlValue> &values) {
  results::Stmt stmt(db.handle(), db.path(), sql);
  const int wanted = stmt.parameter_count();
  if (static_cast<std::size_t>(wanted) != values.size())
    throw UsageError("the SQL statement has " + std::to_string(wanted) +
                     " parameters (?1..?N), got " + std::to_string(values.size()) + " arguments");
  stmt.reset();
  for (std::size_t i = 0; i < values.size(); ++i) stmt.bind_one(static_cast<int>(i) + 1, values[i]);
  ResultTable out;
  for (int c = 0; c < stmt.column_count(); ++c) out.columns.push_back(stmt.column_name(c));
  while (stmt.step()) {
    out.rows.emplace_back();
    for (int c = 0; c < stmt.column_count(); ++c) out.rows.back().push_back(stmt.value(c));
  }
  return out;
}

ResultTable run_query(results::ResultsDb &db, const std::string &query,
                      const std::vector<std::string> &args) {
  if (const NamedQuery *q = find_named_query(query)) return run_named(db, *q, args);
  std::vector<results::SqlValue> values;
  for (const std::string &a : args) values.push_back(typed_value(a));
  return run_sql(db, query, values);
}

ResultTable named_query_table() {
  ResultTable t{{"name", "arguments", "description"}, {}};
  for (const NamedQuery &q : named_queries()) {
    std::string params;
    for (const std::string &p : q.params) params += (params.empty() ? "" : " ") + p;
    t.rows.push_back({q.name, params, q.description});
  }
  return t;
}

void require_db_file(const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw UsageError("results db '" + path + "' does not exist (name another with --db FILE)");
}

int query_command(const QueryOptions &opt) {
  return run_command(
      [&] {
        const OutputFormat format = parse_output_format(opt.format);
        if (opt.list) {
          std::cout << format_result(named_query_table(), format);
          return 0;
        }
        if (opt.query.empty())
          throw UsageError("give an SQL statement or a named query (axsim query --list)");
        require_db_file(opt.db_path);
        using Mode = results::ResultsDb::Mode;
        results::ResultsDb db(opt.db_path, opt.write ? Mode::read_write : Mode::read_only);
        try {
          const ResultTable table = run_query(db, by_query(opt), opt.args);
          std::cout << format_result(table, format);
          print_changes(db, table);
        } catch (const UsageError &) {
          throw;
        } catch (const std::exception &e) {
          throw UsageError(e.what() + hint_for(db, e.what()));
        }
        return 0;
      },
      /*other_code=*/2);  // an unreadable or foreign db file is bad input too
}

}  // namespace axsim::tools
