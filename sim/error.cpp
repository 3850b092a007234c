// SPDX-License-Identifier: Apache-2.0
#include "sim/error.hpp"

#include <string>

namespace axsim::sim {

void assertion_failed(const char* expr, const char* file, int line) {
  throw std::logic_error(std::string("internal error (axsim bug): ") + expr + " at " + file + ":" +
                         std::to_string(line));
}

}  // namespace axsim::sim
