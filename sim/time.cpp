// SPDX-License-Identifier: Apache-2.0
#include "sim/time.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>

namespace axsim::sim {

Tick parse_frequency_period_ps(std::string_view text) {
  const std::string s(text);
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(s, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("expected a frequency such as \"800MHz\", got \"" + s + "\"");
  }
  std::string unit;
  for (std::size_t i = used; i < s.size(); ++i)
    if (!std::isspace(static_cast<unsigned char>(s[i]))) unit += static_cast<char>(std::tolower(s[i]));
  double scale = 0;
  if (unit == "hz") scale = 1;
  else if (unit == "khz") scale = 1e3;
  else if (unit == "mhz") scale = 1e6;
  else if (unit == "ghz") scale = 1e9;
  else
    throw std::invalid_argument("expected a frequency unit Hz, kHz, MHz or GHz in \"" + s + "\"");
  const double hz = value * scale;
  if (!(hz > 0) || hz > 1e12)
    throw std::invalid_argument("frequency \"" + s + "\" is out of range (0, 1 THz]");
  const double period = 1e12 / hz;
  const double rounded = std::round(period);
  if (std::abs(period - rounded) > 1e-6)
    throw std::invalid_argument("frequency \"" + s +
                                "\" has a period that is not a whole number of picoseconds");
  return static_cast<Tick>(rounded);
}

}  // namespace axsim::sim
