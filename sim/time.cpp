// SPDX-License-Identifier: Apache-2.0
#include "sim/time.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>

namespace axsim::sim {

Tick parse_frequency_period_ps(std::string_view text) {
  // Shown in messages; a frequency is a few characters, so longer text is cut.
  const std::string s =
      text.size() <= 40 ? std::string(text) : std::string(text.substr(0, 37)) + "...";
  std::size_t used = 0;
  double value = 0;
  const std::string whole(text);
  try {
    value = std::stod(whole, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("expected a frequency such as \"800MHz\", got \"" + s + "\"");
  }
  std::string unit;
  for (std::size_t i = used; i < whole.size() && unit.size() <= 3; ++i)
    if (!std::isspace(static_cast<unsigned char>(whole[i])))
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(whole[i])));
  double scale = 0;
  if (unit == "hz") scale = 1;
  else if (unit == "khz") scale = 1e3;
  else if (unit == "mhz") scale = 1e6;
  else if (unit == "ghz") scale = 1e9;
  else
    throw std::invalid_argument("expected a frequency unit Hz, kHz, MHz or GHz in \"" + s + "\"");
  const double hz = value * scale;
  if (!(hz >= kMinFrequencyHz && hz <= kMaxFrequencyHz))  // also NaN and infinities
    throw std::invalid_argument("frequency \"" + s +
                                "\" is out of range: expected 1 kHz to 1 THz (a period of 1 ps "
                                "to 1e9 ps)");
  const double period = 1e12 / hz;
  const double rounded = std::round(period);
  if (std::abs(period - rounded) > 1e-6)
    throw std::invalid_argument("frequency \"" + s +
                                "\" has a period that is not a whole number of picoseconds");
  return static_cast<Tick>(rounded);
}

}  // namespace axsim::sim
