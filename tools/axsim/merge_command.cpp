// SPDX-License-Identifier: Apache-2.0
// `axsim merge OUT IN...`: combines result databases (e.g. the shards of a sweep) without
// duplicates. A sweep point is identified by its sweep's name and run key, a plain run by its
// key, start time and config path, a compression by its time, model, recipe and trace. Runs get
// their ids in one global order (sweeps by creation, points by index), so merging the shards of
// a sweep gives the same rows, ids included, as running it in one piece.
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <functional>
#include <stdexcept>
#include <tuple>

#include "sim/error.hpp"
#include "results/results_db.hpp"
#include "tools/axsim/command_errors.hpp"
#include "tools/axsim/sweep_command.hpp"

namespace axsim::tools {

namespace {

using results::Stmt;

/// A run of an input that the output lacks.
struct Candidate {
  std::size_t input = 0;
  std::int64_t source_id = 0;
  std::string sweep;         ///< "" for a plain run
  std::string identity;      ///< see the file comment
  std::string order_time;    ///< the sweep's earliest creation, or the run's start
  std::int64_t point_index = 0;
  bool complete = false;
  std::optional<std::int64_t> replaces;  ///< a failed row of the output it supersedes
  std::int64_t new_id = 0;
};

class Merger {
 public:
  explicit Merger(results::ResultsDb& out) : out_(out), db_(out.handle()), path_(out.path()) {}

  void attach(const std::string& input) {
    Stmt a(db_, path_, "ATTACH DATABASE ?1 AS src");
    a.bind(input).run();
  }
  void detach() { results::sql_exec(db_, path_, "DETACH DATABASE src"); }

  /// Creates or updates the output's sweeps from the attached input (the newer spec wins).
  void merge_sweeps() {
    Stmt q(db_, path_,
           "SELECT s.id, s.name, s.spec_path, s.spec_json, s.spec_hash, s.points, s.axsim_version,"
           " s.created_at, s.updated_at, o.spec_hash, o.updated_at FROM src.sweeps s"
           " LEFT JOIN main.sweeps o ON o.name = s.name ORDER BY s.id");
    std::vector<std::pair<std::int64_t, results::SweepInfo>> todo;
    while (q.step()) {
      const std::string name = q.text(1);
      auto [it, fresh] = sweep_created_.emplace(name, q.text(7));
      if (!fresh) it->second = std::min(it->second, q.text(7));
      const bool absent = q.is_null(9);
      if (!absent && (q.text(9) == q.text(4) || q.text(10) >= q.text(8))) continue;
      results::SweepInfo info{name, q.text(2), q.text(3), q.text(4), q.text(6), q.int64(5), {}};
      todo.emplace_back(q.int64(0), std::move(info));
    }
    for (auto& [src_id, info] : todo) {
      Stmt p(db_, path_, "SELECT name, key FROM src.sweep_params WHERE sweep_id = ?1 ORDER BY position");
      for (p.bind(src_id); p.step();) info.params.push_back({p.text(0), p.text(1)});
      out_.upsert_sweep(info);
    }
  }

  /// Adds the attached input's runs that the output (and earlier inputs) lack.
  void collect_runs(std::size_t input) {
    Stmt q(db_, path_,
           "SELECT r.id, COALESCE(s.name, ''), COALESCE(r.point_index, 0),"
           " COALESCE(r.run_key, r.config_hash), r.started_at, r.config_path, r.status"
           " FROM src.runs r LEFT JOIN src.sweeps s ON s.id = r.sweep_id ORDER BY r.id");
    while (q.step()) {
      Candidate c{input, q.int64(0), q.text(1), "", q.text(4), q.int64(2),
                  q.text(6) == "complete", std::nullopt, 0};
      c.identity = c.sweep.empty() ? q.text(3) + "|" + q.text(4) + "|" + q.text(5)
                                   : c.sweep + "|" + q.text(3);
      consider(std::move(c), q.text(3));
    }
  }

  /// Gives the chosen runs consecutive ids after the output's last, in the global order.
  void number_runs() {
    std::vector<Candidate*> order;
    for (auto& [identity, c] : chosen_) {
      if (!c.sweep.empty()) c.order_time = sweep_created_[c.sweep];  // known once all are read
      order.push_back(&c);
    }
    std::sort(order.begin(), order.end(), [](const Candidate* a, const Candidate* b) {
      return std::tie(a->order_time, a->sweep, a->point_index, a->input, a->source_id) <
             std::tie(b->order_time, b->sweep, b->point_index, b->input, b->source_id);
    });
    Stmt q(db_, path_, "SELECT COALESCE(MAX(id), 0) FROM main.runs");
    q.step();
    std::int64_t next = q.int64(0);
    for (Candidate* c : order) c->new_id = ++next;
  }

  /// Copies the chosen runs of the attached input (all in the caller's transaction).
  std::size_t copy_runs(std::size_t input) {
    std::size_t copied = 0;
    for (auto& [identity, c] : chosen_) {
      if (c.input != input) continue;
      if (c.replaces) {
        Stmt del(db_, path_, "DELETE FROM main.runs WHERE id = ?1");
        del.bind(*c.replaces).run();
      }
      copy_run(c);
      ++copied;
    }
    return copied;
  }

  /// Copies the attached input's compressions that the output lacks; returns how many.
  std::size_t copy_compressions() {
    Stmt q(db_, path_,
           "SELECT c.id FROM src.compressions c WHERE NOT EXISTS (SELECT 1 FROM main.compressions o"
           " WHERE o.created_at = c.created_at AND o.model = c.model AND o.recipe_json ="
           " c.recipe_json AND o.trace_path = c.trace_path) ORDER BY c.id");
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.int64(0));
    for (std::int64_t id : ids) {
      copy_rows("compressions", "id", id, std::nullopt);
      const std::int64_t new_id = sqlite3_last_insert_rowid(db_);
      copy_rows("compression_layers", "compression_id", id, new_id);
      copy_rows("compression_fidelity", "compression_id", id, new_id);
    }
    return ids.size();
  }

 private:
  // Keeps one run per identity: the output's own, else the first complete one.
  void consider(Candidate c, const std::string& key) {
    std::optional<bool> stored_complete = output_status(c, key);
    if (stored_complete && (*stored_complete || !c.complete)) return;
    auto it = chosen_.find(c.identity);
    if (it != chosen_.end() && (it->second.complete || !c.complete)) return;
    if (stored_complete) c.replaces = stored_failed_id_;
    chosen_[c.identity] = std::move(c);
  }

  // Whether the output already has the run: nullopt if not, else whether it is complete.
  std::optional<bool> output_status(const Candidate& c, const std::string& key) {
    if (c.sweep.empty()) {
      Stmt q(db_, path_,
             "SELECT 1 FROM main.runs r JOIN src.runs s ON s.id = ?1 WHERE r.sweep_id IS NULL AND"
             " COALESCE(r.run_key, r.config_hash) = ?2 AND r.started_at = s.started_at AND"
             " r.config_path = s.config_path");
      if (q.bind(c.source_id, key).step()) return true;
      return std::nullopt;
    }
    Stmt q(db_, path_,
           "SELECT r.id, r.status FROM main.runs r JOIN main.sweeps w ON w.id = r.sweep_id"
           " WHERE w.name = ?1 AND r.run_key = ?2"
           " AND r.status IN ('complete', 'failed', 'interrupted')"
           " ORDER BY r.status = 'complete' DESC");
    if (!q.bind(c.sweep, key).step()) return std::nullopt;
    stored_failed_id_ = q.int64(0);
    return q.text(1) == "complete";
  }

  std::vector<std::string> columns(const std::string& table) {
    std::vector<std::string> out;
    Stmt q(db_, path_, "SELECT name FROM pragma_table_info(?1, 'main')");
    for (q.bind(table); q.step();) out.push_back(q.text(0));
    return out;
  }

  // INSERT INTO main.T SELECT ... FROM src.T WHERE key_column = old: key_column gets `new_key`
  // (a NULL new key keeps the output's autoincrement), other columns are copied as they are.
  void copy_rows(const std::string& table, const std::string& key_column, std::int64_t old_key,
                 std::optional<std::int64_t> new_key,
                 const std::map<std::string, std::string>& mapped = {}) {
    std::string names, values;
    for (const std::string& col : columns(table)) {
      const bool is_key = col == key_column;
      if (is_key && !new_key) continue;
      names += (names.empty() ? "\"" : ", \"") + col + "\"";
      auto m = mapped.find(col);
      values += (values.empty() ? "" : ", ") +
                (is_key ? std::string("?2") : m != mapped.end() ? m->second : "\"" + col + "\"");
    }
    Stmt ins(db_, path_,
             "INSERT INTO main.\"" + table + "\"(" + names + ") SELECT " + values + " FROM src.\"" +
                 table + "\" WHERE \"" + key_column + "\" = ?1");
    if (new_key) ins.bind(old_key, *new_key).run();
    else ins.bind(old_key).run();
  }

  void copy_run(const Candidate& c) {
    const std::string sweep_id =
        "(SELECT w.id FROM main.sweeps w JOIN src.sweeps s ON s.name = w.name WHERE s.id = sweep_id)";
    copy_rows("runs", "id", c.source_id, c.new_id, {{"sweep_id", sweep_id}});
    for (const char* child : {"run_params", "components", "phases", "stats", "histograms",
                              "actions", "energy", "cycle_stacks"})
      copy_rows(child, "run_id", c.source_id, c.new_id);
  }

  results::ResultsDb& out_;
  sqlite3* db_;
  std::string path_;
  std::map<std::string, std::string> sweep_created_;  ///< earliest creation per sweep name
  std::map<std::string, Candidate> chosen_;           ///< by identity
  std::int64_t stored_failed_id_ = 0;
};

/// An input must be an intact axsim db of a readable version (upgraded to ours, its dead runs
/// marked interrupted); a damaged or foreign file is bad input (exit 2), found before anything
/// is copied.
void check_input(const std::string& in) {
  try {
    results::ResultsDb db(in);
    Stmt q(db.handle(), db.path(), "PRAGMA quick_check");
    if (!q.step() || q.text(0) != "ok")
      throw std::runtime_error("SQLite's integrity check says: " + q.text(0));
  } catch (const std::runtime_error& e) {
    throw sim::ConfigError(in + ": not an intact axsim results database: " + e.what());
  }
}

int merge(const MergeOptions& opt) {
  for (const std::string& in : opt.inputs) {
    if (!std::filesystem::is_regular_file(in))
      throw sim::ConfigError(in + ": no such results database");
    if (std::filesystem::exists(opt.output) && std::filesystem::equivalent(in, opt.output))
      throw sim::ConfigError(in + ": an input is the output database");
    check_input(in);
  }
  results::ResultsDb out(opt.output);
  Merger m(out);
  // Rows or a schema that pass SQLite's quick check can still be unreadable as ours (a damaged
  // column name) or break the output's constraints (a damaged value read as NULL): bad input,
  // named. Pass 2 writes one transaction per input, so the failing one is rolled back whole.
  const auto with_input = [&](std::size_t i, const std::function<void()>& body) {
    m.attach(opt.inputs[i]);
    try {
      body();
    } catch (const std::runtime_error& e) {
      throw sim::ConfigError(opt.inputs[i] + ": cannot be merged into " + opt.output +
                             " (a damaged database?): " + e.what());
    }
    m.detach();
  };
  for (std::size_t i = 0; i < opt.inputs.size(); ++i)  // pass 1: what to copy, and ids
    with_input(i, [&] {
      m.merge_sweeps();
      m.collect_runs(i);
    });
  m.number_runs();
  std::size_t runs = 0, compressions = 0;
  for (std::size_t i = 0; i < opt.inputs.size(); ++i)  // pass 2: one transaction per input
    with_input(i, [&] {
      results::Transaction tx(out.handle(), out.path());
      runs += m.copy_runs(i);
      compressions += m.copy_compressions();
      tx.commit();
    });
  std::cout << fmt::format("merged {} inputs into {}: {} runs and {} compressions added\n",
                           opt.inputs.size(), opt.output, runs, compressions);
  return 0;
}

}  // namespace

int merge_command(const MergeOptions& options) {
  return run_command([&] { return merge(options); });
}

}  // namespace axsim::tools
