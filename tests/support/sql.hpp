// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace axsim::test {

/// First column of the first row of `sql` as text ("<no row>" / "<null>" otherwise).
inline std::string query_text(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(sqlite3_errmsg(db));
  std::string out = "<no row>";
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* p = sqlite3_column_text(stmt, 0);
    out = p ? reinterpret_cast<const char*>(p) : "<null>";
  }
  sqlite3_finalize(stmt);
  return out;
}

}  // namespace axsim::test
