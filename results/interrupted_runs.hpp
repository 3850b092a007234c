// SPDX-License-Identifier: Apache-2.0
// Runs left 'running' by a process that is gone (killed, crashed, machine reset): found by the
// pid, host and start time each run row records (schema 4), and marked 'interrupted'. Only rows
// of this host are judged; another host's processes cannot be seen from here.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace axsim::results {

/// A 'running' row whose process is gone, and why.
struct InterruptedRun {
  std::int64_t run_id = 0;
  std::string error;  ///< the text stored in (or shown as) runs.error
};

/// The 'running' rows of this host whose process is gone or whose pid now belongs to another
/// process. The db must hold schema 4 (earlier files record no process: nothing is found).
std::vector<InterruptedRun> find_interrupted_runs(sqlite3* db, const std::string& path);

/// Marks them 'interrupted' with their reason, in one transaction (a writing open); returns them.
std::vector<InterruptedRun> mark_interrupted_runs(sqlite3* db, const std::string& path);

/// For a read-only open: shows them as 'interrupted' without writing, through TEMP views named
/// `runs` and after every view of the file, which this connection reads instead of main's.
void show_interrupted_runs(sqlite3* db, const std::string& path,
                           const std::vector<InterruptedRun>& runs);

}  // namespace axsim::results
