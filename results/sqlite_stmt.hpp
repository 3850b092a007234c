// SPDX-License-Identifier: Apache-2.0
// Thin RAII wrappers over the SQLite C API, shared by the results db, sweeps, merge and query.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace axsim::results {

/// A value as SQLite stores it (NULL, INTEGER, REAL or TEXT).
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// Bytes bound as a BLOB (sweep_staged's encoded records, the one blob column).
struct Blob {
  std::string bytes;
};

[[noreturn]] void sql_fail(const std::string& path, const std::string& what,
                           const std::string& why);
[[noreturn]] void sql_fail(sqlite3* db, const std::string& path, const std::string& what);

/// Runs one or more statements that return no rows.
void sql_exec(sqlite3* db, const std::string& path, const std::string& sql);
/// SQL text for a string literal ('it''s') and for an identifier ("a""b").
std::string sql_literal(const std::string& text);
std::string sql_identifier(const std::string& name);

/// A prepared statement; values are always bound, never spliced into the SQL text.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& path, const std::string& sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  /// Binds the arguments to ?1, ?2, ... in order.
  template <typename... Args>
  Stmt& bind(const Args&... args) {
    reset();
    int index = 0;
    (bind_one(++index, args), ...);
    return *this;
  }
  void reset();
  void bind_one(int i, const std::string& v);
  void bind_one(int i, const char* v) { bind_one(i, std::string(v)); }
  void bind_one(int i, double v);
  void bind_one(int i, int v) { bind_one(i, static_cast<std::int64_t>(v)); }
  void bind_one(int i, std::int64_t v);
  void bind_one(int i, std::uint64_t v);  ///< refuses values past SQLite's signed 64-bit range
  void bind_one(int i, const SqlValue& v);
  void bind_one(int i, const Blob& v);
  /// An empty optional binds NULL.
  template <typename T>
  void bind_one(int i, const std::optional<T>& v) {
    if (v)
      bind_one(i, *v);
    else
      bind_one(i, SqlValue{});
  }

  /// True when a row is available; false when the statement is done.
  bool step();
  /// Runs a statement that returns no rows (INSERT/UPDATE).
  void run() { step(); }

  int column_count() const;
  int parameter_count() const;  ///< the highest ?N the statement uses
  std::string column_name(int column) const;
  std::string text(int column) const;  ///< "" for NULL
  std::string blob(int column) const;  ///< the bytes of a BLOB (or TEXT); "" for NULL
  std::int64_t int64(int column) const;
  double real(int column) const;
  SqlValue value(int column) const;  ///< typed, as stored
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  std::string path_;
  std::string sql_head_;  ///< names the statement in error messages
  sqlite3_stmt* stmt_ = nullptr;
};

/// The prepared statements of one connection, kept by SQL text and reused (a sweep stores
/// thousands of runs with the same few INSERTs); destroy it before closing the connection.
class StmtCache {
 public:
  StmtCache(sqlite3* db, const std::string& path) : db_(db), path_(path) {}
  /// The statement for `sql`, prepared on first use; bind() resets it.
  Stmt& get(const std::string& sql);
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> stmts_;
};

/// BEGIN IMMEDIATE takes the write lock up front, so a busy db waits (busy timeout) at the start
/// instead of failing half way; the destructor rolls back unless commit() succeeded.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& path);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  sqlite3* db_;
  std::string path_;
  bool committed_ = false;
};

/// A value as text for tables and CSV: NULL is "", reals use the shortest round-trip form.
std::string sql_value_text(const SqlValue& v);

}  // namespace axsim::results
