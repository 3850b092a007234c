// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <stdexcept>
#include <string>

namespace axsim::sim {

/// The user's fault: a bad config, tech table or workload. The message names the file, the JSON
/// path and what was expected; the CLI prints it and exits non-zero.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A run that cannot finish: deadlock, watchdog, a unit that reports wrong state.
class SimError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Our bug: an internal invariant broke. On in release builds too.
[[noreturn]] void assertion_failed(const char* expr, const char* file, int line);

}  // namespace axsim::sim

#define AXSIM_ASSERT(cond) \
  ((cond) ? void(0) : ::axsim::sim::assertion_failed(#cond, __FILE__, __LINE__))
