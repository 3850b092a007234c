// SPDX-License-Identifier: Apache-2.0
// The results store's tables and views (docs/results-schema.md), its version check, and the
// in-place upgrade of older files.
#pragma once
#include <optional>
#include <set>
#include <string>

struct sqlite3;

namespace axsim::results::schema {

/// The schema this axsim writes.
constexpr int kVersion = 6;

/// UTC ISO-8601 with milliseconds, computed by SQLite so no C++ time formatting is needed.
constexpr const char* kNowUtcSql = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

/// The stored schema_version, checked: nothing when the db holds no tables yet; throws
/// std::runtime_error for a file that is not an axsim db or whose version is newer than ours.
std::optional<int> stored_version(sqlite3* db, const std::string& path);

/// Brings the db to kVersion: creates the schema in an empty db, upgrades a version 1 to 4
/// one (each through the next), and leaves a current one as it is. Runs inside the caller's
/// transaction, so a failed upgrade leaves the file as it was. Foreign keys must be off (the
/// version 3 upgrade rebuilds the runs table; it refuses otherwise).
void create_or_upgrade(sqlite3* db, const std::string& path);

/// The view of sweep `name`: "sweep_" and its name with every other character than a letter or
/// digit as '_'.
std::string sweep_view_name(const std::string& sweep_name);
/// (Re)creates sweep `name`'s view from its row and parameters in sweeps and sweep_params: a
/// row per stored point, its parameters as columns beside the run's totals.
void create_sweep_view(sqlite3* db, const std::string& path, const std::string& sweep_name);
/// The sweep view's own columns, which a parameter name may not shadow.
const std::set<std::string>& sweep_result_columns();

}  // namespace axsim::results::schema
