// SPDX-License-Identifier: Apache-2.0
#include "results/process_identity.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>
#include <fstream>
#include <sstream>
#include <utility>

namespace axsim::results {

namespace {

std::string host_name() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf[0] ? std::string(buf) : std::string("unknown");
}

/// Field `n` (1-based, n >= 3) of a /proc/PID/stat line. The second field, the command name in
/// parentheses, may hold spaces and ')' itself, so fields are counted after its last ')'.
std::optional<std::string> stat_field(const std::string& line, int n) {
  const std::string::size_type close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(line.substr(close + 1));
  std::string field;
  for (int i = 3; i <= n; ++i)
    if (!(rest >> field)) return std::nullopt;
  return field;
}

}  // namespace

std::optional<ProcStat> read_proc_stat(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  const auto state = stat_field(line, 3);
  const auto start = stat_field(line, 22);
  if (!state || state->size() != 1 || !start) return std::nullopt;
  ProcStat out;
  out.state = state->front();
  auto [end, ec] = std::from_chars(start->data(), start->data() + start->size(), out.start_ticks);
  if (ec != std::errc() || end != start->data() + start->size()) return std::nullopt;
  return out;
}

const ProcessIdentity& this_process() {
  // Computed again in a forked child: the cached identity is its parent's.
  thread_local ProcessIdentity self;
  const auto pid = static_cast<std::int64_t>(getpid());
  if (self.pid != pid) {
    ProcessIdentity p;
    p.pid = pid;
    p.host = host_name();
    if (auto stat = read_proc_stat(p.pid)) p.start_ticks = stat->start_ticks;
    self = std::move(p);
  }
  return self;
}

ProcessState process_state(std::int64_t pid, std::optional<std::int64_t> start_ticks) {
  if (pid <= 0 || pid > INT_MAX) return ProcessState::gone;
  if (const auto stat = read_proc_stat(pid)) {
    if (stat->state == 'Z' || stat->state == 'X') return ProcessState::gone;
    if (start_ticks && stat->start_ticks != *start_ticks) return ProcessState::pid_reused;
    return ProcessState::alive;
  }
  // No /proc entry: ask the kernel directly (EPERM means it exists under another user).
  if (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) return ProcessState::alive;
  return ProcessState::gone;
}

}  // namespace axsim::results
