// SPDX-License-Identifier: Apache-2.0
// What a long command is doing, on one line of stderr overwritten in place: shown only when
// stderr is a terminal, so logs and pipes get nothing. Shared by `axsim run` (compressing and
// simulating layer k of n) and `axsim sweep` (points done, ETA). Thread-safe.
#pragma once
#include <string>

namespace axsim::tools {

/// True when stderr is a terminal.
bool terminal_status_enabled();
/// Replaces the status line with `line` (nothing when stderr is not a terminal).
void show_status(const std::string& line);
/// Replaces the status line with `line` and ends it, so it stays on screen.
void keep_status(const std::string& line);
/// Erases the status line.
void clear_status();
/// A one-line note ("axsim: note: ...") above the status line, on a terminal only.
void terminal_note(const std::string& line);

}  // namespace axsim::tools
