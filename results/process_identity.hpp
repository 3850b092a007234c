// SPDX-License-Identifier: Apache-2.0
// Which process wrote a run row, and whether that process still lives: the pid, the host name and
// the process's start time (Linux: clock ticks after boot, /proc/PID/stat field 22), so a pid
// that the kernel has given to a new process is not mistaken for the old one.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace axsim::results {

struct ProcessIdentity {
  std::int64_t pid = 0;
  std::string host;
  std::optional<std::int64_t> start_ticks;  ///< nothing where /proc is not readable
};

/// This process (computed once per process and thread; again after a fork).
const ProcessIdentity& this_process();

/// What a process on this host is now.
enum class ProcessState {
  alive,       ///< the pid runs, with the recorded start time (or none was recorded)
  gone,        ///< no such process, or a zombie waiting to be reaped
  pid_reused,  ///< the pid runs, but started at another time: another process
};

/// The state of process `pid` started at `start_ticks` (checked only when both are known).
ProcessState process_state(std::int64_t pid, std::optional<std::int64_t> start_ticks);

/// Start time in clock ticks after boot and run state letter of `pid`, from /proc/PID/stat;
/// nothing when the file is missing or unreadable.
struct ProcStat {
  char state = '?';
  std::int64_t start_ticks = 0;
};
std::optional<ProcStat> read_proc_stat(std::int64_t pid);

}  // namespace axsim::results
