// SPDX-License-Identifier: Apache-2.0
// The results store's tables and views (docs/results-schema.md), its version check, and the
// in-place upgrade of older files.
#pragma once
#include <optional>
#include <string>

struct sqlite3;

namespace axsim::results::schema {

/// The schema this axsim writes.
constexpr int kVersion = 4;

/// UTC ISO-8601 with milliseconds, computed by SQLite so no C++ time formatting is needed.
constexpr const char* kNowUtcSql = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/// The stored schema_version, checked: nothing when the db holds no tables yet; throws
/// std::runtime_error for a file that is not an axsim db or whose version is newer than ours.
std::optional<int> stored_version(sqlite3* db, const std::string& path);

/// Brings the db to kVersion: creates the schema in an empty db, upgrades a version 1, 2 or 3
/// one (each through the next), and leaves a current one as it is. Runs inside the caller's
/// transaction, so a failed upgrade leaves the file as it was. Foreign keys must be off (the
/// version 3 upgrade rebuilds the runs table; it refuses otherwise).
void create_or_upgrade(sqlite3* db, const std::string& path);

}  // namespace axsim::results::schema
