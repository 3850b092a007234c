// SPDX-License-Identifier: Apache-2.0
#include "tools/axsim/terminal_status.hpp"

#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace axsim::tools {

namespace {

std::mutex& line_mutex() {
  static std::mutex m;
  return m;
}

bool g_line_shown = false;  // a status line is on screen (guarded by line_mutex)

// "\r\033[K": back to the line's start and erase it.
void write_line(const char* text, bool keep) {
  std::fprintf(stderr, "\r\033[K%s%s", text, keep ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace

bool terminal_status_enabled() {
  static const bool tty = isatty(STDERR_FILENO) != 0;
  return tty;
}

void show_status(const std::string& line) {
  if (!terminal_status_enabled()) return;
  std::lock_guard lock(line_mutex());
  write_line(line.c_str(), false);
  g_line_shown = true;
}

void keep_status(const std::string& line) {
  if (!terminal_status_enabled()) return;
  std::lock_guard lock(line_mutex());
  write_line(line.c_str(), true);
  g_line_shown = false;
}

void clear_status() {
  if (!terminal_status_enabled()) return;
  std::lock_guard lock(line_mutex());
  if (g_line_shown) write_line("", false);
  g_line_shown = false;
}

void terminal_note(const std::string& line) {
  if (!terminal_status_enabled()) return;
  std::lock_guard lock(line_mutex());
  write_line(("axsim: note: " + line).c_str(), true);
  g_line_shown = false;
}

}  // namespace axsim::tools
