// SPDX-License-Identifier: Apache-2.0
#include "results/sqlite_stmt.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <stdexcept>

namespace axsim::results {

namespace {

/// The first line of a statement, for error messages.
std::string sql_head(const std::string& sql) {
  std::size_t begin = sql.find_first_not_of(" \n");
  if (begin == std::string::npos) return "";
  return sql.substr(begin, std::min<std::size_t>(sql.find('\n', begin), begin + 60) - begin);
}

}  // namespace

void sql_fail(const std::string& path, const std::string& what, const std::string& why) {
  throw std::runtime_error("results db '" + path + "': " + what + ": " + why);
}

void sql_fail(sqlite3* db, const std::string& path, const std::string& what) {
  sql_fail(path, what, db ? sqlite3_errmsg(db) : "out of memory");
}

void sql_exec(sqlite3* db, const std::string& path, const std::string& sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) == SQLITE_OK) return;
  std::string why = msg ? msg : sqlite3_errmsg(db);
  sqlite3_free(msg);
  sql_fail(path, "executing '" + sql_head(sql) + "'", why);
}

Stmt::Stmt(sqlite3* db, const std::string& path, const std::string& sql)
    : db_(db), path_(path), sql_head_(sql_head(sql)) {
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, &tail) != SQLITE_OK)
    sql_fail(db, path, "preparing '" + sql_head_ + "'");
  if (stmt_ == nullptr) sql_fail(path, "preparing '" + sql_head_ + "'", "no SQL statement");
  if (tail != nullptr && std::string(tail).find_first_not_of(" \t\n;") != std::string::npos) {
    sqlite3_finalize(stmt_);
    sql_fail(path, "preparing '" + sql_head_ + "'", "only one statement is allowed");
  }
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) sql_fail(db_, path_, "executing '" + sql_head_ + "'");
  return false;
}

void Stmt::bind_one(int i, const std::string& v) {
  if (sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    sql_fail(db_, path_, "binding a parameter");
}

void Stmt::bind_one(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) sql_fail(db_, path_, "binding a parameter");
}

void Stmt::bind_one(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) sql_fail(db_, path_, "binding a parameter");
}

// SQLite integers are signed 64-bit; refuse rather than wrap a count that does not fit.
void Stmt::bind_one(int i, std::uint64_t v) {
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    sql_fail(path_, "binding a parameter", std::to_string(v) + " exceeds SQLite's 64-bit range");
  bind_one(i, static_cast<std::int64_t>(v));
}

void Stmt::bind_one(int i, const SqlValue& v) {
  if (std::holds_alternative<std::int64_t>(v))
    bind_one(i, std::get<std::int64_t>(v));
  else if (std::holds_alternative<double>(v))
    bind_one(i, std::get<double>(v));
  else if (std::holds_alternative<std::string>(v))
    bind_one(i, std::get<std::string>(v));
  else if (sqlite3_bind_null(stmt_, i) != SQLITE_OK)
    sql_fail(db_, path_, "binding a parameter");
}

int Stmt::column_count() const { return sqlite3_column_count(stmt_); }
int Stmt::parameter_count() const { return sqlite3_bind_parameter_count(stmt_); }

std::string Stmt::column_name(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name ? name : "";
}

void Stmt::bind_one(int i, const Blob& v) {
  if (sqlite3_bind_blob64(stmt_, i, v.bytes.data(), v.bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    sql_fail(db_, path_, "binding a parameter");
}

std::string Stmt::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

Stmt& StmtCache::get(const std::string& sql) {
  std::unique_ptr<Stmt>& stmt = stmts_[sql];
  if (!stmt) stmt = std::make_unique<Stmt>(db_, path_, sql);
  return *stmt;
}

std::string Stmt::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  return p ? reinterpret_cast<const char*>(p) : "";
}

std::int64_t Stmt::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Stmt::real(int column) const { return sqlite3_column_double(stmt_, column); }
bool Stmt::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

SqlValue Stmt::value(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_INTEGER:
      return int64(column);
    case SQLITE_FLOAT:
      return real(column);
    case SQLITE_NULL:
      return std::monostate{};
    default:
      return text(column);
  }
}

Transaction::Transaction(sqlite3* db, const std::string& path) : db_(db), path_(path) {
  sql_exec(db_, path_, "BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  sql_exec(db_, path_, "COMMIT");
  committed_ = true;
}

std::string sql_value_text(const SqlValue& v) {
  if (std::holds_alternative<std::int64_t>(v)) return std::to_string(std::get<std::int64_t>(v));
  if (std::holds_alternative<std::string>(v)) return std::get<std::string>(v);
  if (!std::holds_alternative<double>(v)) return "";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::get<double>(v));
  return ec == std::errc() ? std::string(buf, end) : "nan";
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string sql_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace axsim::results
