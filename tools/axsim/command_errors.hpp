// SPDX-License-Identifier: Apache-2.0
// How every axsim command turns an exception into a message and an exit code.
#pragma once
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>

#include "sim/error.hpp"

namespace axsim::tools {

/// Runs a command; an exception is printed as "axsim: error: ..." and becomes exit code 2 for
/// bad input (sim::ConfigError, or a path the system refuses: too long, not a folder, no
/// permission) or `other_code` for anything else.
inline int run_command(const std::function<int()>& body, int other_code = 1) {
  try {
    return body();
  } catch (const sim::ConfigError& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    std::string path = e.path1().string();
    if (path.size() > 200) path = path.substr(0, 200) + "... (" + std::to_string(path.size()) + " characters)";
    std::cerr << "axsim: error: " << path << ": " << e.code().message() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "axsim: error: " << e.what() << "\n";
    return other_code;
  }
}

}  // namespace axsim::tools
